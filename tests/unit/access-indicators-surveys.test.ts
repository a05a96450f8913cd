import { describe, expect, it } from 'vitest';
import {
  canEnterFigures,
  canEnterValue,
  canIssueSurveyLinks,
  canManageIndicator,
  canManageTemplate,
  canReadReports,
  canViewIndicator,
  canViewSurvey,
  canWriteConclusions,
  entryOrganizationOf,
  entrySchoolOf,
  type FiguresOrgRef,
  ownDashboardSchoolOf,
  readsMunicipalIndicators,
  seesDataCompleteness,
  surveyAudienceOf,
  surveyKeeperMunicipalityOf,
  surveySchoolOf,
} from '../../src/access/policy.js';
import type { CurrentUser } from '../../src/auth/sessions.js';
import type { OrganizationType, Role } from '../../src/db/types.js';
import { A, B, EVERY_ROLE, OWN_SCHOOL, userOf } from '../helpers/signed-in.js';

// The organisations and users of helpers/signed-in.ts: municipality A with schools 110 and 111, B with school 210.
const org = (id: number, type: OrganizationType, municipality_id: number): FiguresOrgRef => ({ id, type, municipality_id });

/** Each check: for every role, whether it holds; the roles listed get true, the others false. */
const cases: Array<[string, (user: CurrentUser) => unknown, Partial<Record<Role, unknown>>, unknown]> = [
  [
    'views an indicator of its own municipality',
    (u) => canViewIndicator(u, { municipality_id: A }),
    { department: true, coordinator: true, school_head: true, curator: true },
    false,
  ],
  ['views an indicator of a foreign municipality', (u) => canViewIndicator(u, { municipality_id: B }), {}, false],
  [
    'manages an indicator of its own municipality',
    (u) => canManageIndicator(u, { municipality_id: A }),
    { coordinator: true },
    false,
  ],
  ['manages an indicator of a foreign municipality', (u) => canManageIndicator(u, { municipality_id: B }), {}, false],
  ['enters figures of its own municipality', (u) => canEnterFigures(u, org(A, 'municipality', A)), { coordinator: true }, false],
  [
    'enters figures of its own school',
    (u) => canEnterFigures(u, org(OWN_SCHOOL, 'school', A)),
    { coordinator: true, curator: true },
    false,
  ],
  [
    'enters figures of another school of its municipality',
    (u) => canEnterFigures(u, org(111, 'school', A)),
    { coordinator: true },
    false,
  ],
  ['enters figures of its municipality’s department', (u) => canEnterFigures(u, org(101, 'department', A)), {}, false],
  ['enters figures of a foreign municipality', (u) => canEnterFigures(u, org(B, 'municipality', B)), {}, false],
  ['enters figures of a foreign school', (u) => canEnterFigures(u, org(210, 'school', B)), {}, false],
  ['enters a value of its own municipality', (u) => canEnterValue(u, org(A, 'municipality', A)), { coordinator: true }, false],
  ['enters a value of its own school', (u) => canEnterValue(u, org(OWN_SCHOOL, 'school', A)), { curator: true }, false],
  ['enters a value of another school of its municipality', (u) => canEnterValue(u, org(111, 'school', A)), {}, false],
  ['enters a value of a foreign municipality', (u) => canEnterValue(u, org(B, 'municipality', B)), {}, false],
  ['opens entry forms on', entryOrganizationOf, { coordinator: A, curator: OWN_SCHOOL }, null],
  ['enters the figures of one school only', entrySchoolOf, { curator: OWN_SCHOOL }, null],
  [
    'reads its school’s dashboard in place of the municipality’s',
    ownDashboardSchoolOf,
    { school_head: OWN_SCHOOL, curator: OWN_SCHOOL },
    null,
  ],
  ['reads the indicators across the schools', readsMunicipalIndicators, { department: true, coordinator: true }, false],
  ['sees the completeness of its own municipality’s data', (u) => seesDataCompleteness(u, A), { coordinator: true }, false],
  ['sees the completeness of a foreign municipality’s data', (u) => seesDataCompleteness(u, B), {}, false],
  ['reads its own municipality’s reports', (u) => canReadReports(u, A), { department: true, coordinator: true }, false],
  ['reads a foreign municipality’s reports', (u) => canReadReports(u, B), {}, false],
  ['writes its own municipality’s conclusions', (u) => canWriteConclusions(u, A), { coordinator: true }, false],
  ['writes a foreign municipality’s conclusions', (u) => canWriteConclusions(u, B), {}, false],
  [
    'keeps a questionnaire of its own municipality',
    (u) => canManageTemplate(u, { municipality_id: A }),
    { coordinator: true },
    false,
  ],
  ['keeps a questionnaire of a foreign municipality', (u) => canManageTemplate(u, { municipality_id: B }), {}, false],
  ['keeps the questionnaires and surveys of', surveyKeeperMunicipalityOf, { coordinator: A }, null],
  [
    'views a survey that includes its own school',
    (u) => canViewSurvey(u, { municipality_id: A, school_ids: [OWN_SCHOOL, 111] }),
    { department: true, coordinator: true, school_head: true, curator: true },
    false,
  ],
  [
    'views a survey of its municipality without its school',
    (u) => canViewSurvey(u, { municipality_id: A, school_ids: [111] }),
    { department: true, coordinator: true },
    false,
  ],
  ['views a survey of a foreign municipality', (u) => canViewSurvey(u, { municipality_id: B, school_ids: [210] }), {}, false],
  [
    'issues links of a survey that includes its own school',
    (u) => canIssueSurveyLinks(u, { municipality_id: A, school_ids: [OWN_SCHOOL] }),
    { curator: true },
    false,
  ],
  [
    'issues links of a survey without its school',
    (u) => canIssueSurveyLinks(u, { municipality_id: A, school_ids: [111] }),
    {},
    false,
  ],
  [
    'issues links of a survey of a foreign municipality',
    (u) => canIssueSurveyLinks(u, { municipality_id: B, school_ids: [210] }),
    {},
    false,
  ],
  ['reads the survey figures of one school only', surveySchoolOf, { school_head: OWN_SCHOOL, curator: OWN_SCHOOL }, null],
  ['answers the questionnaires for', surveyAudienceOf, { mentor: 'mentor', mentee: 'mentee' }, null],
];

describe('who may do what with indicators and surveys', () => {
  for (const [what, check, expected, otherwise] of cases) {
    it.each(EVERY_ROLE)(`%s: ${what}`, (role) => {
      expect(check(userOf(role))).toBe(role in expected ? expected[role] : otherwise);
    });
  }

  it('fails closed for a municipality role without a municipality', () => {
    const lost: CurrentUser = { ...userOf('coordinator'), municipalityId: null };
    expect(canManageIndicator(lost, { municipality_id: A })).toBe(false);
    expect(canEnterFigures(lost, org(A, 'municipality', A))).toBe(false);
    expect(canViewSurvey(lost, { municipality_id: A, school_ids: [] })).toBe(false);
    expect(entryOrganizationOf(lost)).toBe(null);
    expect(surveyKeeperMunicipalityOf(lost)).toBe(null);
  });
});
