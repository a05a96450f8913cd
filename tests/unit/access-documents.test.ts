import { describe, expect, it } from 'vitest';
import {
  canCreateDocument,
  canEditDocument,
  canSetDocumentRequirements,
  canViewDocument,
  type DocumentRef,
  documentSchoolOf,
  readsMunicipalDocuments,
} from '../../src/access/policy.js';
import type { Role } from '../../src/db/types.js';
import { A, B, EVERY_ROLE, OWN_SCHOOL, userOf } from '../helpers/signed-in.js';

// The organisations and users of helpers/signed-in.ts: municipality A with schools 110 and 111, B with school 210.
const at = (organization_id: number, municipality_id: number, person: 'none' | 'adult' | 'minor'): DocumentRef => ({
  organization_id,
  municipality_id,
  person: person === 'none' ? null : { organization_id, municipality_id, minor: person === 'minor' },
});

type Row = [own: boolean, neighbour: boolean, foreign: boolean];
const none: Row = [false, false, false];

function table(expected: Record<Role, Row>, rule: (role: Role, doc: DocumentRef) => boolean, person: 'none' | 'adult' | 'minor') {
  it.each(EVERY_ROLE)('%s: own school, another school of the municipality, another municipality', (role) => {
    expect([rule(role, at(OWN_SCHOOL, A, person)), rule(role, at(111, A, person)), rule(role, at(210, B, person))]).toEqual(
      expected[role],
    );
  });
}

const SCHOOL_ONLY: Row = [true, false, false];
const MUNICIPALITY: Row = [true, true, false];

describe('canViewDocument', () => {
  describe('a document of the school: its curator and head, the municipality’s coordinator and department', () => {
    table(
      {
        admin: none,
        department: MUNICIPALITY,
        coordinator: MUNICIPALITY,
        school_head: SCHOOL_ONLY,
        curator: SCHOOL_ONLY,
        mentor: none,
        mentee: none,
        region: none,
      },
      (role, doc) => canViewDocument(userOf(role), doc),
      'none',
    );
  });
  describe('a document concerning an adult: whoever reads the person in the bases', () => {
    table(
      {
        admin: none,
        department: MUNICIPALITY,
        coordinator: MUNICIPALITY,
        school_head: SCHOOL_ONLY,
        curator: SCHOOL_ONLY,
        mentor: none,
        mentee: none,
        region: none,
      },
      (role, doc) => canViewDocument(userOf(role), doc),
      'adult',
    );
  });
  describe('a document concerning a minor (a consent scan): the school’s curator and the coordinator only', () => {
    table(
      {
        admin: none,
        department: none,
        coordinator: MUNICIPALITY,
        school_head: none,
        curator: SCHOOL_ONLY,
        mentor: none,
        mentee: none,
        region: none,
      },
      (role, doc) => canViewDocument(userOf(role), doc),
      'minor',
    );
  });
});

describe('canEditDocument: the school’s curator and head, of what they read', () => {
  table(
    {
      admin: none,
      department: none,
      coordinator: none,
      school_head: SCHOOL_ONLY,
      curator: SCHOOL_ONLY,
      mentor: none,
      mentee: none,
      region: none,
    },
    (role, doc) => canEditDocument(userOf(role), doc),
    'none',
  );
  table(
    {
      admin: none,
      department: none,
      coordinator: none,
      school_head: none,
      curator: SCHOOL_ONLY,
      mentor: none,
      mentee: none,
      region: none,
    },
    (role, doc) => canEditDocument(userOf(role), doc),
    'minor',
  );
});

describe('the register’s roles', () => {
  it.each(EVERY_ROLE)('%s', (role) => {
    const user = userOf(role);
    expect(canCreateDocument(user)).toBe(role === 'curator' || role === 'school_head');
    expect(readsMunicipalDocuments(user)).toBe(role === 'coordinator' || role === 'department');
    expect(canSetDocumentRequirements(user)).toBe(role === 'coordinator');
    expect(documentSchoolOf(user)).toBe(role === 'curator' || role === 'school_head' ? OWN_SCHOOL : null);
  });
});
