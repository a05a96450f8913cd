import { describe, expect, it } from 'vitest';
import {
  type AwardeeRef,
  canCompileNomination,
  canDecideNomination,
  canNominate,
  canRecordAward,
  canViewAwards,
  canViewNomination,
  keepsBestMentors,
  type NominationRef,
  readsBestMentors,
} from '../../src/access/policy.js';
import type { Role } from '../../src/db/types.js';
import { A, B, EVERY_ROLE, OWN_SCHOOL, userOf } from '../helpers/signed-in.js';

// helpers/signed-in.ts: municipality A with schools 110 and 111, B with school 210; every user's id is 1.
const OWN: AwardeeRef = { organization_id: OWN_SCHOOL, municipality_id: A, user_id: 1 };
const NEIGHBOUR: AwardeeRef = { organization_id: 111, municipality_id: A, user_id: null };
const FOREIGN: AwardeeRef = { organization_id: 210, municipality_id: B, user_id: null };

type Row = [Role, { own: boolean; neighbour: boolean; foreign: boolean }];
const none = { own: false, neighbour: false, foreign: false };
const school = { own: true, neighbour: false, foreign: false };
const municipality = { own: true, neighbour: true, foreign: false };

describe('who sees a mentor’s awards', () => {
  const rows: Row[] = [
    ['admin', none],
    ['department', municipality],
    ['coordinator', municipality],
    ['school_head', school],
    ['curator', school],
    // Its own record (linked to its account), nobody else's.
    ['mentor', school],
    ['mentee', none],
    ['region', none],
  ];
  it('covers every role', () => expect(rows.map(([r]) => r)).toEqual(EVERY_ROLE));
  it.each(rows)('%s', (role, want) => {
    const user = userOf(role);
    expect(canViewAwards(user, OWN)).toBe(want.own);
    expect(canViewAwards(user, NEIGHBOUR)).toBe(want.neighbour);
    expect(canViewAwards(user, FOREIGN)).toBe(want.foreign);
  });
});

describe('who records an award by hand, of a school’s level and of the municipal one', () => {
  const rows: Array<[Role, { school: boolean; municipal: boolean; neighbour: boolean; foreign: boolean }]> = [
    ['admin', { school: false, municipal: false, neighbour: false, foreign: false }],
    ['department', { school: false, municipal: true, neighbour: true, foreign: false }],
    ['coordinator', { school: false, municipal: true, neighbour: true, foreign: false }],
    ['school_head', { school: false, municipal: false, neighbour: false, foreign: false }],
    ['curator', { school: true, municipal: true, neighbour: false, foreign: false }],
    ['mentor', { school: false, municipal: false, neighbour: false, foreign: false }],
    ['mentee', { school: false, municipal: false, neighbour: false, foreign: false }],
    ['region', { school: false, municipal: false, neighbour: false, foreign: false }],
  ];
  it('covers every role', () => expect(rows.map(([r]) => r)).toEqual(EVERY_ROLE));
  it.each(rows)('%s', (role, want) => {
    const user = userOf(role);
    expect(canRecordAward(user, OWN, 'school')).toBe(want.school);
    expect(canRecordAward(user, OWN, 'municipal')).toBe(want.municipal);
    expect(canRecordAward(user, NEIGHBOUR, 'regional')).toBe(want.neighbour);
    expect(canRecordAward(user, FOREIGN, 'regional')).toBe(want.foreign);
  });
});

const nomination = (
  status: NominationRef['status'],
  sent: boolean,
  where: { organization_id: number; municipality_id: number } = { organization_id: OWN_SCHOOL, municipality_id: A },
): NominationRef => ({ ...where, status, sent_at: sent ? new Date() : null });

describe('a nomination’s way', () => {
  it('is read by the school’s head and curator and the municipality; never by a mentor, a mentee, another municipality', () => {
    const readers = EVERY_ROLE.filter((role) => canViewNomination(userOf(role), nomination('nominated', false)));
    expect(readers).toEqual(['department', 'coordinator', 'school_head', 'curator']);
    const foreign = nomination('nominated', false, { organization_id: 210, municipality_id: B });
    expect(EVERY_ROLE.filter((role) => canViewNomination(userOf(role), foreign))).toEqual([]);
    const neighbour = nomination('nominated', false, { organization_id: 111, municipality_id: A });
    expect(EVERY_ROLE.filter((role) => canViewNomination(userOf(role), neighbour))).toEqual(['department', 'coordinator']);
  });

  it('the school head nominates its school’s mentors only', () => {
    expect(EVERY_ROLE.filter((role) => canNominate(userOf(role), OWN))).toEqual(['school_head']);
    expect(canNominate(userOf('school_head'), NEIGHBOUR)).toBe(false);
  });

  it('the coordinator compiles until the list is sent; the department decides after, until the order', () => {
    const coordinator = userOf('coordinator');
    const department = userOf('department');
    expect(canCompileNomination(coordinator, nomination('nominated', false))).toBe(true);
    expect(canCompileNomination(coordinator, nomination('rejected', false))).toBe(true);
    expect(canCompileNomination(coordinator, nomination('listed', true))).toBe(false);
    expect(canCompileNomination(department, nomination('nominated', false))).toBe(false);
    expect(
      canCompileNomination(userOf('coordinator'), nomination('nominated', false, { organization_id: 210, municipality_id: B })),
    ).toBe(false);
    expect(canDecideNomination(department, nomination('listed', false))).toBe(false);
    expect(canDecideNomination(department, nomination('listed', true))).toBe(true);
    expect(canDecideNomination(department, nomination('refused', true))).toBe(true);
    expect(canDecideNomination(department, nomination('awarded', true))).toBe(false);
    expect(canDecideNomination(coordinator, nomination('listed', true))).toBe(false);
  });

  it('the list of best mentors: kept by the coordinator, read by the municipality’s staff', () => {
    expect(EVERY_ROLE.filter((role) => keepsBestMentors(userOf(role)))).toEqual(['coordinator']);
    expect(EVERY_ROLE.filter((role) => readsBestMentors(userOf(role)))).toEqual([
      'department',
      'coordinator',
      'school_head',
      'curator',
    ]);
  });
});
