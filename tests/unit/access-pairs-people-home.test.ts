import { describe, expect, it } from 'vitest';
import {
  browsesPairs,
  canChangeRoleOf,
  canEditPerson,
  canFormPairs,
  canLogMeetings,
  canManagePair,
  canSeeMinorDetails,
  canShareMentor,
  canViewPerson,
  homePageOf,
  keepsBases,
  readsAsMentee,
  readsAsMentor,
  readsMunicipalBases,
  readsMunicipalPairs,
  readsOwnPairs,
  seesMenteeDetails,
  seesPairsElsewhere,
  watchesSchoolCurators,
} from '../../src/access/policy.js';
import type { Role } from '../../src/db/types.js';
import { A, B, EVERY_ROLE, OWN_SCHOOL, userOf } from '../helpers/signed-in.js';

// The organisations and users of helpers/signed-in.ts: municipality A with schools 110 and 111, B with school 210.
const OWN = { organization_id: OWN_SCHOOL, municipality_id: A };
const NEIGHBOUR = { organization_id: 111, municipality_id: A };
const FOREIGN = { organization_id: 210, municipality_id: B };

type Row = [own: boolean, neighbour: boolean, foreign: boolean];
const none: Row = [false, false, false];

function table(expected: Record<Role, Row>, rule: (role: Role, object: typeof OWN) => boolean) {
  it.each(EVERY_ROLE)('%s: own school, another school of the municipality, another municipality', (role) => {
    expect([rule(role, OWN), rule(role, NEIGHBOUR), rule(role, FOREIGN)]).toEqual(expected[role]);
  });
}

describe('pairs', () => {
  describe('canManagePair: the curator of the pair’s school', () => {
    table(
      {
        admin: none,
        department: none,
        coordinator: none,
        school_head: none,
        curator: [true, false, false],
        mentor: none,
        mentee: none,
        region: none,
      },
      (role, pair) => canManagePair(userOf(role), pair),
    );
  });

  describe('canLogMeetings: the school’s curator and the mentor (a pair loaded within its scope)', () => {
    table(
      {
        admin: none,
        department: none,
        coordinator: none,
        school_head: none,
        curator: [true, false, false],
        mentor: [true, true, true],
        mentee: none,
        region: none,
      },
      (role, pair) => canLogMeetings(userOf(role), pair),
    );
  });

  describe('seesMenteeDetails: the school’s curator and the municipality’s coordinator', () => {
    table(
      {
        admin: none,
        department: none,
        coordinator: [true, true, false],
        school_head: none,
        curator: [true, false, false],
        mentor: none,
        mentee: none,
        region: none,
      },
      (role, pair) => seesMenteeDetails(userOf(role), pair),
    );
  });

  it.each(EVERY_ROLE)('%s: forms pairs, reads the municipality’s, its own, as mentor, as mentee, browses the list', (role) => {
    const user = userOf(role);
    const expected: Record<Role, boolean[]> = {
      admin: [false, false, false, false, false, false],
      department: [false, true, false, false, false, true],
      coordinator: [false, true, false, false, false, true],
      school_head: [false, false, false, false, false, true],
      curator: [true, false, false, false, false, true],
      mentor: [false, false, true, true, false, false],
      mentee: [false, false, true, false, true, false],
      region: [false, false, false, false, false, false],
    };
    expect([
      canFormPairs(user),
      readsMunicipalPairs(user),
      readsOwnPairs(user),
      readsAsMentor(user),
      readsAsMentee(user),
      browsesPairs(user),
    ]).toEqual(expected[role]);
  });
});

describe('the bases of mentors and mentees', () => {
  describe('canViewPerson: the school and its municipality', () => {
    table(
      {
        admin: none,
        department: [true, true, false],
        coordinator: [true, true, false],
        school_head: [true, false, false],
        curator: [true, false, false],
        mentor: none,
        mentee: none,
        region: none,
      },
      (role, person) => canViewPerson(userOf(role), person),
    );
  });

  describe('canEditPerson: the school’s curator', () => {
    table(
      {
        admin: none,
        department: none,
        coordinator: none,
        school_head: none,
        curator: [true, false, false],
        mentor: none,
        mentee: none,
        region: none,
      },
      (role, person) => canEditPerson(userOf(role), person),
    );
  });

  describe('canShareMentor: the municipality’s coordinator, the mentor’s own curator and head (issue 17)', () => {
    table(
      {
        admin: none,
        department: none,
        coordinator: [true, true, false],
        school_head: [true, false, false],
        curator: [true, false, false],
        mentor: none,
        mentee: none,
        region: none,
      },
      (role, mentor) => canShareMentor(userOf(role), mentor),
    );
  });

  it('seesPairsElsewhere: the municipality’s readers see a shared mentor’s pairs at other schools in full', () => {
    expect(EVERY_ROLE.filter((role) => seesPairsElsewhere(userOf(role)))).toEqual(['department', 'coordinator']);
  });

  describe('canSeeMinorDetails: the school’s curator and the municipality’s coordinator', () => {
    table(
      {
        admin: none,
        department: none,
        coordinator: [true, true, false],
        school_head: none,
        curator: [true, false, false],
        mentor: none,
        mentee: none,
        region: none,
      },
      (role, person) => canSeeMinorDetails(userOf(role), person),
    );
  });

  it.each(EVERY_ROLE)('%s: keeps bases, reads the municipal registers', (role) => {
    const expected: Record<Role, boolean[]> = {
      admin: [false, false],
      department: [false, true],
      coordinator: [false, true],
      school_head: [false, false],
      curator: [true, false],
      mentor: [false, false],
      mentee: [false, false],
      region: [false, false],
    };
    expect([keepsBases(userOf(role)), readsMunicipalBases(userOf(role))]).toEqual(expected[role]);
  });
});

describe('home and accounts', () => {
  it.each(EVERY_ROLE)('%s: its home page, whether it watches schools without a curator', (role) => {
    const expected: Record<Role, [string, boolean]> = {
      admin: ['administration', false],
      department: ['municipal', true],
      coordinator: ['municipal', true],
      school_head: ['school', false],
      curator: ['school', false],
      mentor: ['participant', false],
      mentee: ['participant', false],
      region: ['region', false],
    };
    expect([homePageOf(userOf(role)), watchesSchoolCurators(userOf(role))]).toEqual(expected[role]);
  });

  it.each(EVERY_ROLE)('%s changes the role of another account, never of its own', (role) => {
    const user = userOf(role);
    expect(canChangeRoleOf(user, { id: user.id + 1 })).toBe(true);
    expect(canChangeRoleOf(user, { id: user.id })).toBe(false);
  });
});
