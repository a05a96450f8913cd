import { describe, expect, it } from 'vitest';
import {
  type CampaignNotice,
  isResponsibleFor,
  mayReceiveNotice,
  type PairNoticeRef,
  type QuietPairNotice,
  type RoadmapNotice,
  type RoadmapRef,
  receivesCampaignNotice,
  receivesFeedbackReminder,
  receivesLateSchoolsNotice,
  receivesProgrammeNotice,
  receivesItemAddressedNotice,
  receivesQuietPairNotice,
  receivesRoadmapItemNotice,
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

describe('who is told of a municipal item addressed to schools (issue 17)', () => {
  const municipal: RoadmapRef = {
    organization_id: A,
    organization_type: 'municipality',
    municipality_id: A,
    kind: 'plan',
    published_at: null,
  };
  it('the curators of the schools addressed, in the municipality of the plan', () => {
    expect(told((user) => receivesItemAddressedNotice(user, [OWN_SCHOOL], municipal))).toEqual(['curator@own']);
    expect(told((user) => receivesItemAddressedNotice(user, [OWN_SCHOOL, 111], municipal))).toEqual([
      'curator@otherSchool',
      'curator@own',
    ]);
    // B's school 210 named in A's plan: B's curator does not read A's plan.
    expect(told((user) => receivesItemAddressedNotice(user, [210], municipal))).toEqual([]);
  });
});

describe('who is told of a campaign', () => {
  const cases: Array<[CampaignNotice, SubmissionRef['status'], string[]]> = [
    ['opened', 'not_started', ['curator@own', 'school_head@own']],
    // Due: whoever must act next — the curator until it is sent (or after a return), the head while it waits.
    ['due', 'not_started', ['curator@own']],
    ['due', 'filling', ['curator@own']],
    ['due', 'returned', ['curator@own']],
    ['due', 'sent', ['school_head@own']],
    ['due', 'approved', []],
    ['due', 'accepted', []],
    ['overdue', 'filling', ['curator@own', 'school_head@own']],
    ['overdue', 'sent', ['curator@own', 'school_head@own']],
  ];
  for (const [notice, status, expected] of cases)
    it(`${notice}, ${status}: ${expected.join(', ') || 'nobody'}`, () => {
      expect(told((user) => receivesCampaignNotice(user, notice, submission(status)))).toEqual(expected);
    });

  it('schools late: the coordinator of the campaign’s municipality, who may see the campaign', () => {
    const campaign = { municipality_id: A };
    expect(told((user) => receivesLateSchoolsNotice(user, campaign))).toEqual(['coordinator@otherSchool', 'coordinator@own']);
    expect(told((user) => mayReceiveNotice(user, { type: 'monitoring_campaign', ref: campaign }))).toEqual([
      'coordinator@otherSchool',
      'coordinator@own',
      'department@otherSchool',
      'department@own',
    ]);
  });
});

describe('who is told of a roadmap item', () => {
  const school: RoadmapRef = {
    organization_id: OWN_SCHOOL,
    organization_type: 'school',
    municipality_id: A,
    kind: 'plan',
    published_at: null,
  };
  const municipal: RoadmapRef = { ...school, organization_id: A, organization_type: 'municipality' };
  const cases: Array<[string, RoadmapRef, string[], string[]]> = [
    ['school', school, ['schools'], ['curator@own', 'school_head@own']],
    ['school', school, ['curators'], ['curator@own']],
    ['school', school, ['school_heads'], ['school_head@own']],
    // A school's roadmap naming the municipal bodies or mentors names nobody with an account there.
    ['school', school, ['method_center', 'department', 'mentors'], []],
    ['municipal', municipal, ['department'], ['department@otherSchool', 'department@own']],
    ['municipal', municipal, ['method_center'], ['coordinator@otherSchool', 'coordinator@own']],
    // The schools named in the municipal roadmap answer in their own roadmaps.
    ['municipal', municipal, ['schools', 'curators', 'school_heads'], []],
  ];
  for (const [which, roadmap, links, expected] of cases)
    it(`${which} roadmap, ${links.join('+')}: ${expected.join(', ') || 'nobody'}`, () => {
      expect(told((user) => isResponsibleFor(user, links, roadmap))).toEqual(expected);
      expect(told((user) => receivesRoadmapItemNotice(user, links, roadmap, true))).toEqual(expected);
    });

  it('nobody responsible with an account: the authors — the curator of a school roadmap, the coordinator of the municipal one', () => {
    expect(told((user) => receivesRoadmapItemNotice(user, [], school, false))).toEqual(['curator@own']);
    expect(told((user) => receivesRoadmapItemNotice(user, [], municipal, false))).toEqual([
      'coordinator@otherSchool',
      'coordinator@own',
    ]);
  });

  it('a template is reminded of to nobody', () => {
    const template = { ...municipal, kind: 'template' as const };
    expect(told((user) => receivesRoadmapItemNotice(user, ['method_center'], template, true))).toEqual([]);
    expect(told((user) => receivesRoadmapItemNotice(user, [], template, false))).toEqual([]);
  });
});

/** Pair participants are accounts: here the participant's account is the one placed in the own school (id 1). */
function toldOfPair(pick: (user: CurrentUser) => boolean): string[] {
  return told((user) =>
    pick({ ...user, id: user.organizationId === OWN_SCHOOL || user.organizationType !== 'school' ? user.id : 2 }),
  );
}

describe('who is told of a pair', () => {
  const pair: PairNoticeRef = { organization_id: OWN_SCHOOL, municipality_id: A, mentorUserIds: [1], menteeUserIds: [1] };
  const cases: Array<[QuietPairNotice, string[]]> = [
    ['mentor', ['mentor@own']],
    ['curator', ['curator@own']],
  ];
  for (const [notice, expected] of cases)
    it(`quiet, ${notice}: ${expected.join(', ')}`, () => {
      expect(toldOfPair((user) => receivesQuietPairNotice(user, notice, pair))).toEqual(expected);
    });

  it('a mentor or mentee not of the pair is told nothing', () => {
    const strangers: PairNoticeRef = { ...pair, mentorUserIds: [7], menteeUserIds: [8] };
    expect(told((user) => receivesQuietPairNotice(user, 'mentor', strangers))).toEqual([]);
    expect(told((user) => receivesFeedbackReminder(user, strangers))).toEqual([]);
  });

  it('feedback waiting: the mentee with an account', () => {
    expect(toldOfPair((user) => receivesFeedbackReminder(user, pair))).toEqual(['mentee@own']);
  });

  it('who may see the pair: the school, the municipality and the participants', () => {
    expect(toldOfPair((user) => mayReceiveNotice(user, { type: 'pair', ref: pair }))).toEqual([
      'coordinator@otherSchool',
      'coordinator@own',
      'curator@own',
      'department@otherSchool',
      'department@own',
      'mentee@own',
      'mentor@own',
      'school_head@own',
    ]);
  });
});

describe('who is told of a programme review', () => {
  it('returned or accepted: the curator of its school', () => {
    const programme = { organization_id: OWN_SCHOOL, municipality_id: A };
    expect(told((user) => receivesProgrammeNotice(user, programme))).toEqual(['curator@own']);
  });
});
