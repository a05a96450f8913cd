import { describe, expect, it } from 'vitest';
import {
  canFillSchoolDocuments,
  canManageModelDocuments,
  canSaveFilledDocument,
  canViewModelDocument,
  readsModelDocuments,
} from '../../src/access/policy.js';
import type { Role } from '../../src/db/types.js';
import { A, B, EVERY_ROLE, OWN_SCHOOL, userOf } from '../helpers/signed-in.js';

// The organisations and users of helpers/signed-in.ts: municipality A with schools 110 and 111, B with school 210.

const readers: Role[] = ['curator', 'school_head', 'coordinator', 'department'];

describe('the library of model documents', () => {
  it.each(EVERY_ROLE)(
    '%s: reads its municipality’s published models; only the coordinator the withdrawn ones and keeps them',
    (role) => {
      const user = userOf(role);
      const reads = readers.includes(role);
      expect(readsModelDocuments(user)).toBe(reads);
      expect(canViewModelDocument(user, { municipality_id: A, status: 'published' })).toBe(reads);
      expect(canViewModelDocument(user, { municipality_id: B, status: 'published' })).toBe(false);
      expect(canViewModelDocument(user, { municipality_id: A, status: 'withdrawn' })).toBe(role === 'coordinator');
      expect(canManageModelDocuments(user)).toBe(role === 'coordinator');
    },
  );
});

describe('documents filled with a school’s data', () => {
  type Row = [own: boolean, neighbour: boolean, foreign: boolean];
  const fill: Record<Role, Row> = {
    admin: [false, false, false],
    department: [false, false, false],
    coordinator: [true, true, false],
    school_head: [true, false, false],
    curator: [true, false, false],
    mentor: [false, false, false],
    mentee: [false, false, false],
    region: [false, false, false],
  };
  const schools = [
    { id: OWN_SCHOOL, municipality_id: A },
    { id: 111, municipality_id: A },
    { id: 210, municipality_id: B },
  ];

  it.each(EVERY_ROLE)('%s: own school, another school of the municipality, another municipality', (role) => {
    const user = userOf(role);
    expect(schools.map((s) => canFillSchoolDocuments(user, s))).toEqual(fill[role]);
    const keeps = role === 'curator' || role === 'school_head';
    expect(schools.map((s) => canSaveFilledDocument(user, s))).toEqual([keeps, false, false]);
  });
});
