import { describe, expect, it } from 'vitest';
import {
  type RoadmapNotice,
  type RoadmapRef,
  receivesRoadmapNotice,
  receivesSubmissionNotice,
  type SubmissionNotice,
  type SubmissionRef,
} from '../../src/access/policy.js';
import type { CurrentUser } from '../../src/auth/sessions.js';
import type { Role } from '../../src/db/types.js';
import { A, B, EVERY_ROLE, OWN_SCHOOL, userOf } from '../helpers/signed-in.js';

/**
 * Who is told of what (access/rules/notifications.ts), as a matrix: every role in its own school
 * (110 of municipality A) and the same role in another school of A (111) and in municipality B.
 */

type Where = 'own' | 'otherSchool' | 'otherMunicipality';

function placed(role: Role, where: Where): CurrentUser {
  const user = userOf(role);
  if (where === 'own' || user.municipalityId === null) return user;
  const municipalityId = where === 'otherMunicipality' ? B : A;
  const school = user.organizationType === 'school';
  const organizationId = school
    ? where === 'otherMunicipality'
      ? 210
      : 111
    : where === 'otherMunicipality'
      ? user.organizationId + 100
      : user.organizationId;
  return { ...user, municipalityId, organizationId };
}

/** Who, in each place, is told: 'role@where'. */
function told(pick: (user: CurrentUser) => boolean): string[] {
  const out: string[] = [];
  for (const where of ['own', 'otherSchool', 'otherMunicipality'] as const)
    for (const role of EVERY_ROLE) if (pick(placed(role, where))) out.push(`${role}@${where}`);
  return out.sort();
}

const submission = (status: SubmissionRef['status']): SubmissionRef => ({
  municipality_id: A,
  organization_id: OWN_SCHOOL,
  status,
  region_id: 1,
});

describe('who is told of a monitoring submission', () => {
  const cases: Array<[SubmissionNotice, SubmissionRef['status'], string[]]> = [
    ['sent', 'sent', ['school_head@own']],
    // The department of the municipality also reads it, but does not act on it.
    ['approved', 'approved', ['coordinator@otherSchool', 'coordinator@own']],
    ['returned', 'returned', ['curator@own']],
    ['accepted', 'accepted', ['curator@own', 'school_head@own']],
  ];
  for (const [notice, status, expected] of cases)
    it(`${notice}: ${expected.join(', ')}`, () => {
      expect(told((user) => receivesSubmissionNotice(user, notice, submission(status)))).toEqual(expected);
    });
});

describe('who is told of a roadmap approval', () => {
  const school: RoadmapRef = {
    organization_id: OWN_SCHOOL,
    organization_type: 'school',
    municipality_id: A,
    kind: 'plan',
    published_at: null,
  };
  const municipal: RoadmapRef = { ...school, organization_id: A, organization_type: 'municipality' };
  const cases: Array<[string, RoadmapRef, RoadmapNotice, string[]]> = [
    ['school', school, 'approval_needed', ['school_head@own']],
    ['school', school, 'approval_revoked', ['curator@own']],
    ['school', school, 'approved', ['curator@own']],
    ['municipal', municipal, 'approval_needed', ['department@otherSchool', 'department@own']],
    ['municipal', municipal, 'approved', ['coordinator@otherSchool', 'coordinator@own']],
    ['school', school, 'approval_asked', ['school_head@own']],
    ['school', school, 'approval_refused', ['curator@own']],
    ['municipal', municipal, 'approval_asked', ['department@otherSchool', 'department@own']],
    ['municipal', municipal, 'approval_refused', ['coordinator@otherSchool', 'coordinator@own']],
  ];
  for (const [which, roadmap, notice, expected] of cases)
    it(`${which} roadmap, ${notice}: ${expected.join(', ')}`, () => {
      expect(told((user) => receivesRoadmapNotice(user, notice, roadmap))).toEqual(expected);
    });
});
