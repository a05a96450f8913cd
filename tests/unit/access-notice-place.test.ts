import { describe, expect, it } from 'vitest';
import { staysWithNotice } from '../../src/access/policy.js';
import type { CurrentUser } from '../../src/auth/sessions.js';
import { A, B, EVERY_ROLE, OWN_SCHOOL, userOf } from '../helpers/signed-in.js';

/**
 * For a notification whose object the mailer cannot rebuild for the access rules
 * (access/rules/notifications.ts, staysWithNotice): who still belongs where it happened.
 */

describe('staysWithNotice', () => {
  /** Every role in its own place, another school of A and municipality B. */
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
  function who(place: { organization_id: number | null; municipality_id: number | null }): string[] {
    const out: string[] = [];
    for (const where of ['own', 'otherSchool', 'otherMunicipality'] as const)
      for (const user of placed(where)) if (staysWithNotice(user, place)) out.push(`${user.role}@${where}`);
    return out;
  }

  it("a school's object: the school's own people and the municipality's bodies", () => {
    expect(who({ organization_id: OWN_SCHOOL, municipality_id: A })).toEqual([
      'department@own',
      'coordinator@own',
      'school_head@own',
      'curator@own',
      'mentor@own',
      'mentee@own',
      'department@otherSchool',
      'coordinator@otherSchool',
    ]);
  });

  it("the municipality's object: everyone in it; nothing of unknown place", () => {
    expect(who({ organization_id: A, municipality_id: A }).filter((w) => w.endsWith('@otherMunicipality'))).toEqual([]);
    expect(who({ organization_id: A, municipality_id: A })).toContain('mentor@otherSchool');
    expect(who({ organization_id: null, municipality_id: null })).toEqual([]);
  });
});
