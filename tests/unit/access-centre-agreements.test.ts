import { describe, expect, it } from 'vitest';
import {
  answersAgreements,
  canAnswerAgreement,
  canRecordAgreementOrder,
  canSendForAgreement,
  readsAgreementQueue,
  receivesCentreAgreementNotice,
  seesAgreement,
} from '../../src/access/policy.js';
import type { CurrentUser } from '../../src/auth/sessions.js';
import { A, B, EVERY_ROLE, OWN_SCHOOL, userOf } from '../helpers/signed-in.js';

/**
 * The rules of the centre's agreement (issue 17, access/rules/centre-agreements.ts), table-driven:
 * every role in the object's own school, another school of its municipality and another
 * municipality.
 */

function placed(where: 'own' | 'otherSchool' | 'otherMunicipality'): CurrentUser[] {
  return EVERY_ROLE.map((role) => {
    const user = userOf(role);
    if (where === 'own' || user.municipalityId === null) return user;
    const school = user.organizationType === 'school';
    return {
      ...user,
      municipalityId: where === 'otherMunicipality' ? B : A,
      organizationId: school
        ? where === 'otherMunicipality'
          ? 210
          : 111
        : where === 'otherMunicipality'
          ? user.organizationId + 100
          : user.organizationId,
    };
  });
}

const SCHOOL_OBJECT = { organization_id: OWN_SCHOOL, municipality_id: A };

function who(rule: (user: CurrentUser) => boolean): string[] {
  const out: string[] = [];
  for (const where of ['own', 'otherSchool', 'otherMunicipality'] as const)
    for (const user of placed(where)) if (rule(user)) out.push(`${user.role}@${where}`);
  return out;
}

describe('the centre’s agreement of a school’s object', () => {
  it('the school’s curator sends it', () => {
    expect(who((u) => canSendForAgreement(u, SCHOOL_OBJECT))).toEqual(['curator@own']);
  });

  it('the coordinator of its municipality answers (any school of it)', () => {
    expect(who((u) => canAnswerAgreement(u, SCHOOL_OBJECT))).toEqual(['coordinator@own', 'coordinator@otherSchool']);
  });

  it('its school and its municipality’s bodies see the agreement', () => {
    expect(who((u) => seesAgreement(u, SCHOOL_OBJECT))).toEqual([
      'department@own',
      'coordinator@own',
      'school_head@own',
      'curator@own',
      'department@otherSchool',
      'coordinator@otherSchool',
    ]);
  });

  it('sent: the coordinators are told; agreed or returned: the school’s curators', () => {
    expect(who((u) => receivesCentreAgreementNotice(u, 'asked', SCHOOL_OBJECT))).toEqual([
      'coordinator@own',
      'coordinator@otherSchool',
    ]);
    expect(who((u) => receivesCentreAgreementNotice(u, 'given', SCHOOL_OBJECT))).toEqual(['curator@own']);
    expect(who((u) => receivesCentreAgreementNotice(u, 'returned', SCHOOL_OBJECT))).toEqual(['curator@own']);
  });

  it('taken back by a change: the coordinators of its municipality, who agree it again', () => {
    expect(who((u) => receivesCentreAgreementNotice(u, 'revoked', SCHOOL_OBJECT))).toEqual([
      'coordinator@own',
      'coordinator@otherSchool',
    ]);
  });

  it('the list of what waits: the coordinator and the department read it, the coordinator answers (its home counts)', () => {
    expect(who((u) => readsAgreementQueue(u))).toEqual([
      'department@own',
      'coordinator@own',
      'department@otherSchool',
      'coordinator@otherSchool',
      'department@otherMunicipality',
      'coordinator@otherMunicipality',
    ]);
    expect(who((u) => answersAgreements(u))).toEqual([
      'coordinator@own',
      'coordinator@otherSchool',
      'coordinator@otherMunicipality',
    ]);
  });

  it('the department records the approving order', () => {
    expect(who((u) => canRecordAgreementOrder(u))).toEqual([
      'department@own',
      'department@otherSchool',
      'department@otherMunicipality',
    ]);
  });
});
