import { describe, expect, it } from 'vitest';
import {
  type AgreementRef,
  canAddPartnerWithAgreement,
  canCreateAgreement,
  canEditAgreement,
  canViewAgreement,
  choosesAgreementSchool,
  readsMunicipalAgreements,
} from '../../src/access/policy.js';
import type { Role } from '../../src/db/types.js';
import { A, B, EVERY_ROLE, OWN_SCHOOL, userOf } from '../helpers/signed-in.js';

// helpers/signed-in.ts: municipality A with schools 110 and 111, B with school 210; partners 150 (A) and 250 (B).
const OWN: AgreementRef = { school_id: OWN_SCHOOL, party_id: 150, municipality_id: A };
/** The neighbour school's agreement naming the own school (school – school): the own school is a party. */
const NAMING_OWN: AgreementRef = { school_id: 111, party_id: OWN_SCHOOL, municipality_id: A };
const NEIGHBOUR: AgreementRef = { school_id: 111, party_id: 150, municipality_id: A };
const FOREIGN: AgreementRef = { school_id: 210, party_id: 250, municipality_id: B };

type Row = [Role, { own: boolean; namingOwn: boolean; neighbour: boolean; foreign: boolean }];

describe('who reads an agreement', () => {
  const rows: Row[] = [
    ['admin', { own: false, namingOwn: false, neighbour: false, foreign: false }],
    ['department', { own: true, namingOwn: true, neighbour: true, foreign: false }],
    ['coordinator', { own: true, namingOwn: true, neighbour: true, foreign: false }],
    ['school_head', { own: true, namingOwn: true, neighbour: false, foreign: false }],
    ['curator', { own: true, namingOwn: true, neighbour: false, foreign: false }],
    ['mentor', { own: false, namingOwn: false, neighbour: false, foreign: false }],
    ['mentee', { own: false, namingOwn: false, neighbour: false, foreign: false }],
    ['region', { own: false, namingOwn: false, neighbour: false, foreign: false }],
  ];
  it('covers every role', () => expect(rows.map(([r]) => r)).toEqual(EVERY_ROLE));
  it.each(rows)('%s', (role, want) => {
    const user = userOf(role);
    expect(canViewAgreement(user, OWN)).toBe(want.own);
    expect(canViewAgreement(user, NAMING_OWN)).toBe(want.namingOwn);
    expect(canViewAgreement(user, NEIGHBOUR)).toBe(want.neighbour);
    expect(canViewAgreement(user, FOREIGN)).toBe(want.foreign);
  });
});

describe('who keeps an agreement', () => {
  const rows: Row[] = [
    ['admin', { own: false, namingOwn: false, neighbour: false, foreign: false }],
    ['department', { own: false, namingOwn: false, neighbour: false, foreign: false }],
    ['coordinator', { own: true, namingOwn: true, neighbour: true, foreign: false }],
    // The other party of a school – school agreement reads it; the school that recorded it keeps it.
    ['school_head', { own: true, namingOwn: false, neighbour: false, foreign: false }],
    ['curator', { own: true, namingOwn: false, neighbour: false, foreign: false }],
    ['mentor', { own: false, namingOwn: false, neighbour: false, foreign: false }],
    ['mentee', { own: false, namingOwn: false, neighbour: false, foreign: false }],
    ['region', { own: false, namingOwn: false, neighbour: false, foreign: false }],
  ];
  it.each(rows)('%s', (role, want) => {
    const user = userOf(role);
    expect(canEditAgreement(user, OWN)).toBe(want.own);
    expect(canEditAgreement(user, NAMING_OWN)).toBe(want.namingOwn);
    expect(canEditAgreement(user, NEIGHBOUR)).toBe(want.neighbour);
    expect(canEditAgreement(user, FOREIGN)).toBe(want.foreign);
  });
});

describe('creating, choosing the school, adding a partner', () => {
  const rows: Array<[Role, { create: boolean; chooses: boolean; addsPartner: boolean; municipal: boolean }]> = [
    ['admin', { create: false, chooses: false, addsPartner: false, municipal: false }],
    ['department', { create: false, chooses: false, addsPartner: false, municipal: true }],
    ['coordinator', { create: true, chooses: true, addsPartner: false, municipal: true }],
    ['school_head', { create: true, chooses: false, addsPartner: false, municipal: false }],
    ['curator', { create: true, chooses: false, addsPartner: true, municipal: false }],
    ['mentor', { create: false, chooses: false, addsPartner: false, municipal: false }],
    ['mentee', { create: false, chooses: false, addsPartner: false, municipal: false }],
    ['region', { create: false, chooses: false, addsPartner: false, municipal: false }],
  ];
  it.each(rows)('%s', (role, want) => {
    const user = userOf(role);
    expect(canCreateAgreement(user)).toBe(want.create);
    expect(choosesAgreementSchool(user)).toBe(want.chooses);
    expect(canAddPartnerWithAgreement(user)).toBe(want.addsPartner);
    expect(readsMunicipalAgreements(user)).toBe(want.municipal);
  });

  it('a coordinator without a municipality, or a curator outside a school, records nothing', () => {
    expect(canCreateAgreement({ ...userOf('coordinator'), municipalityId: null })).toBe(false);
    expect(canCreateAgreement({ ...userOf('curator'), organizationType: 'method_center' })).toBe(false);
    expect(canAddPartnerWithAgreement({ ...userOf('curator'), organizationType: 'method_center' })).toBe(false);
  });
});
