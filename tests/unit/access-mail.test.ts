import { describe, expect, it } from 'vitest';
import { type LinkedRecord, mayGetEmail, staysWithNotice } from '../../src/access/policy.js';
import type { CurrentUser } from '../../src/auth/sessions.js';
import { A, B, EVERY_ROLE, OWN_SCHOOL, userOf } from '../helpers/signed-in.js';

/**
 * Who may get e-mail (access/rules/mail.ts): nobody under 18 by a record of the bases linked to the
 * account; and, for an object the mailer cannot rebuild, who still belongs where it happened.
 */

describe('mayGetEmail', () => {
  const today = '2026-12-07';
  const cases: Array<[string, LinkedRecord[], boolean]> = [
    ['no linked record (an office account)', [], true],
    ['a student of 17 the day before the 18th birthday', [{ category: 'student', birth_date: '2008-12-08' }], false],
    ['a student on the 18th birthday', [{ category: 'student', birth_date: '2008-12-07' }], true],
    ['a student of 12', [{ category: 'student', birth_date: '2014-05-01' }], false],
    ['a student without a birth date', [{ category: 'student', birth_date: null }], false],
    ['a young specialist without a birth date', [{ category: 'young_specialist', birth_date: null }], true],
    ['a teacher of 40', [{ category: 'teacher', birth_date: '1986-01-01' }], true],
    [
      'an adult record and a minor one',
      [
        { category: 'teacher', birth_date: '1986-01-01' },
        { category: 'student', birth_date: '2012-01-01' },
      ],
      false,
    ],
  ];
  for (const [name, records, expected] of cases) {
    it(`${name}: ${expected ? 'mailed' : 'not mailed'}`, () => {
      expect(mayGetEmail(records, today)).toBe(expected);
    });
  }
});

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
