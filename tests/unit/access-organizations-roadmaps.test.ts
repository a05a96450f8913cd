import { describe, expect, it } from 'vitest';
import {
  assignableRoles,
  browsesOrganizations,
  browsesPairs,
  canAddressRoadmapItem,
  canApproveRoadmap,
  canAskRoadmapApproval,
  canCreateProgramme,
  canCreateTemplate,
  canEditProgramme,
  canEditRoadmap,
  canManageAccountIn,
  canManageOrganization,
  canManageTag,
  canManageUser,
  canMarkSchoolPart,
  canPlaceOrganizationUnder,
  canReviewProgramme,
  canUseTemplate,
  canViewAllSchoolParts,
  canViewAudit,
  canViewAuditEntry,
  canViewOrganization,
  canViewProgramme,
  canViewRoadmap,
  canViewTemplateMatrix,
  canViewUser,
  creatableOrganizationTypes,
  fixedParentOf,
  keepsReviewQueue,
  mayOpen,
  type OrganizationRef,
  programmeSchoolOf,
  readsMunicipalProgrammes,
  readsOrganizationStaff,
  type RoadmapRef,
  roadmapOwnerFor,
  roadmapSchoolOf,
  seesProgrammeReview,
  tagKeeperMunicipalityOf,
  type UserRef,
} from '../../src/access/policy.js';
import { SCHOOL_ROLES } from '../../src/access/roles.js';
import type { CurrentUser } from '../../src/auth/sessions.js';
import type { OrganizationType, ProgrammeBankStatus, Role } from '../../src/db/types.js';
import { A, B, EVERY_ROLE, OWN_SCHOOL, userOf } from '../helpers/signed-in.js';

// The organisations and users of helpers/signed-in.ts: the region 1, municipality A with schools 110 and 111, B with school 210.
const OTHER_SCHOOL = 111;
const FOREIGN_SCHOOL = 210;

const org = (id: number, type: OrganizationType, municipality_id: number | null): OrganizationRef => ({
  id,
  type,
  municipality_id,
});
const ownSchool = org(OWN_SCHOOL, 'school', A);
const otherSchool = org(OTHER_SCHOOL, 'school', A);
const foreignSchool = org(FOREIGN_SCHOOL, 'school', B);
const account = (id: number, role: Role, organization: OrganizationRef): UserRef => ({ id, role, organization });
const programme = (organization_id: number, municipality_id: number, bank_status: ProgrammeBankStatus = 'none') => ({
  organization_id,
  municipality_id,
  bank_status,
});
const roadmap = (
  organization_id: number,
  organization_type: OrganizationType,
  municipality_id: number,
  kind: RoadmapRef['kind'] = 'plan',
  published = false,
): RoadmapRef => ({
  organization_id,
  organization_type,
  municipality_id,
  kind,
  published_at: published ? new Date('2026-01-10') : null,
});
const municipalPlan = roadmap(A, 'municipality', A);
const ownSchoolPlan = roadmap(OWN_SCHOOL, 'school', A);
const otherSchoolPlan = roadmap(OTHER_SCHOOL, 'school', A);
const draftTemplate = roadmap(A, 'municipality', A, 'template');
const publishedTemplate = roadmap(A, 'municipality', A, 'template', true);
const foreignPlan = roadmap(B, 'municipality', B);
const foreignTemplate = roadmap(B, 'municipality', B, 'template', true);

const ALL_TYPES = ['region', 'municipality', 'department', 'method_center', 'school', 'partner'];
const SCHOOL_AND_MUNICIPALITY: Partial<Record<Role, true>> = {
  department: true,
  coordinator: true,
  school_head: true,
  curator: true,
};
const MUNICIPALITY: Partial<Record<Role, true>> = { department: true, coordinator: true };

/** Each check: for every role, its answer; the roles listed get theirs, the others `otherwise`. */
const cases: Array<[string, (user: CurrentUser) => unknown, Partial<Record<Role, unknown>>, unknown]> = [
  // organisations
  ['views its own school', (u) => canViewOrganization(u, ownSchool), { admin: true, ...SCHOOL_AND_MUNICIPALITY }, false],
  [
    'views another school of its municipality',
    (u) => canViewOrganization(u, otherSchool),
    { admin: true, ...MUNICIPALITY },
    false,
  ],
  [
    'views its own municipality',
    (u) => canViewOrganization(u, org(A, 'municipality', A)),
    { admin: true, ...MUNICIPALITY },
    false,
  ],
  ['views a foreign school', (u) => canViewOrganization(u, foreignSchool), { admin: true }, false],
  ['views the region', (u) => canViewOrganization(u, org(1, 'region', null)), { admin: true }, false],
  ['browses the list of organisations', browsesOrganizations, { admin: true, ...MUNICIPALITY }, false],
  ['manages its own school', (u) => canManageOrganization(u, ownSchool), { admin: true, coordinator: true }, false],
  ['manages its municipality’s department', (u) => canManageOrganization(u, org(101, 'department', A)), { admin: true }, false],
  ['manages a foreign school', (u) => canManageOrganization(u, foreignSchool), { admin: true }, false],
  [
    'creates organisations of the types',
    creatableOrganizationTypes,
    { admin: ALL_TYPES, coordinator: ['school', 'partner'] },
    [],
  ],
  ['has new organisations placed under', fixedParentOf, { coordinator: A }, null],
  [
    'places an organisation under its own municipality',
    (u) => canPlaceOrganizationUnder(u, org(A, 'municipality', A)),
    { admin: true, coordinator: true },
    false,
  ],
  [
    'places an organisation under a foreign municipality',
    (u) => canPlaceOrganizationUnder(u, org(B, 'municipality', B)),
    { admin: true },
    false,
  ],
  [
    'places an organisation under the region',
    (u) => canPlaceOrganizationUnder(u, org(1, 'region', null)),
    { admin: true },
    false,
  ],
  // accounts
  [
    'views its own account',
    (u) => canViewUser(u, account(1, u.role, org(u.organizationId, u.organizationType, u.municipalityId))),
    Object.fromEntries(EVERY_ROLE.map((r) => [r, true])),
    false,
  ],
  [
    'views a mentee of its own school',
    (u) => canViewUser(u, account(5, 'mentee', ownSchool)),
    { admin: true, ...SCHOOL_AND_MUNICIPALITY },
    false,
  ],
  [
    'views the department’s account of its municipality',
    (u) => canViewUser(u, account(6, 'department', org(101, 'department', A))),
    { admin: true, ...MUNICIPALITY },
    false,
  ],
  ['views a mentee of a foreign school', (u) => canViewUser(u, account(7, 'mentee', foreignSchool)), { admin: true }, false],
  ['reads the accounts of its own organisation only', readsOrganizationStaff, { school_head: true, curator: true }, false],
  [
    'manages a mentee of its own school',
    (u) => canManageUser(u, account(5, 'mentee', ownSchool)),
    { admin: true, coordinator: true },
    false,
  ],
  [
    'manages the coordinator of its municipality',
    (u) => canManageUser(u, account(8, 'coordinator', org(102, 'method_center', A))),
    { admin: true },
    false,
  ],
  ['manages a mentee of a foreign school', (u) => canManageUser(u, account(7, 'mentee', foreignSchool)), { admin: true }, false],
  ['gives an administrator’s account in a school', (u) => canManageAccountIn(u, ownSchool, 'admin'), {}, false],
  ['gives the roles', assignableRoles, { admin: [...EVERY_ROLE], coordinator: [...SCHOOL_ROLES], school_head: ['curator'] }, []],
  // Issue 17: the school head gives its own school's curator an account, and nothing else.
  [
    'manages the curator of its own school',
    (u) => canManageUser(u, account(9, 'curator', ownSchool)),
    { admin: true, coordinator: true, school_head: true },
    false,
  ],
  [
    'manages the curator of another school of its municipality',
    (u) => canManageUser(u, account(10, 'curator', otherSchool)),
    { admin: true, coordinator: true },
    false,
  ],
  [
    'manages the curator of a foreign school',
    (u) => canManageUser(u, account(11, 'curator', foreignSchool)),
    { admin: true },
    false,
  ],
  [
    'gives a mentor’s account in its own school',
    (u) => canManageAccountIn(u, ownSchool, 'mentor'),
    { admin: true, coordinator: true },
    false,
  ],
  // the audit log
  ['reads the audit log', canViewAudit, { admin: true, coordinator: true }, false],
  [
    'reads a line of its own municipality',
    (u) => canViewAuditEntry(u, { municipality_id: A }),
    { admin: true, coordinator: true },
    false,
  ],
  ['reads a line of a foreign municipality', (u) => canViewAuditEntry(u, { municipality_id: B }), { admin: true }, false],
  ['reads a line of the region', (u) => canViewAuditEntry(u, { municipality_id: null }), { admin: true }, false],
  // the lists of competencies and requests
  ['keeps the lists of', tagKeeperMunicipalityOf, { coordinator: A }, null],
  ['keeps a value of its own municipality’s list', (u) => canManageTag(u, { municipality_id: A }), { coordinator: true }, false],
  ['keeps a value of a foreign municipality’s list', (u) => canManageTag(u, { municipality_id: B }), {}, false],
  // programmes
  ['views its own school’s programme', (u) => canViewProgramme(u, programme(OWN_SCHOOL, A)), SCHOOL_AND_MUNICIPALITY, false],
  [
    'views another school’s programme outside the bank',
    (u) => canViewProgramme(u, programme(OTHER_SCHOOL, A, 'submitted')),
    MUNICIPALITY,
    false,
  ],
  [
    'views another school’s programme in the bank',
    (u) => canViewProgramme(u, programme(OTHER_SCHOOL, A, 'accepted')),
    SCHOOL_AND_MUNICIPALITY,
    false,
  ],
  [
    'views a foreign school’s programme in the bank',
    (u) => canViewProgramme(u, programme(FOREIGN_SCHOOL, B, 'accepted')),
    {},
    false,
  ],
  ['adds programmes', canCreateProgramme, { curator: true }, false],
  ['edits its own school’s programme', (u) => canEditProgramme(u, programme(OWN_SCHOOL, A)), { curator: true }, false],
  ['edits another school’s programme', (u) => canEditProgramme(u, programme(OTHER_SCHOOL, A, 'accepted')), {}, false],
  [
    'reviews a programme of its municipality',
    (u) => canReviewProgramme(u, programme(OTHER_SCHOOL, A, 'submitted')),
    { coordinator: true },
    false,
  ],
  [
    'reviews a programme of a foreign municipality',
    (u) => canReviewProgramme(u, programme(FOREIGN_SCHOOL, B, 'submitted')),
    {},
    false,
  ],
  ['is told the size of the review queue', keepsReviewQueue, { coordinator: true }, false],
  ['lists every school’s programmes', readsMunicipalProgrammes, MUNICIPALITY, false],
  ['lists the programmes of one school', programmeSchoolOf, { school_head: OWN_SCHOOL, curator: OWN_SCHOOL }, null],
  [
    'sees the review of its own school’s programme',
    (u) => seesProgrammeReview(u, programme(OWN_SCHOOL, A)),
    SCHOOL_AND_MUNICIPALITY,
    false,
  ],
  [
    'sees the review of another school’s programme',
    (u) => seesProgrammeReview(u, programme(OTHER_SCHOOL, A, 'accepted')),
    MUNICIPALITY,
    false,
  ],
  // the menu's list of pairs (the participants reach theirs from their home page)
  ['browses the list of pairs', browsesPairs, SCHOOL_AND_MUNICIPALITY, false],
  // roadmaps
  ['views its municipality’s plan', (u) => canViewRoadmap(u, municipalPlan), SCHOOL_AND_MUNICIPALITY, false],
  ['views its own school’s plan', (u) => canViewRoadmap(u, ownSchoolPlan), SCHOOL_AND_MUNICIPALITY, false],
  ['views another school’s plan', (u) => canViewRoadmap(u, otherSchoolPlan), MUNICIPALITY, false],
  ['views a template not published', (u) => canViewRoadmap(u, draftTemplate), MUNICIPALITY, false],
  ['views a published template', (u) => canViewRoadmap(u, publishedTemplate), SCHOOL_AND_MUNICIPALITY, false],
  ['views a foreign municipality’s plan', (u) => canViewRoadmap(u, foreignPlan), {}, false],
  ['edits its municipality’s plan', (u) => canEditRoadmap(u, municipalPlan), { coordinator: true }, false],
  ['edits its municipality’s template', (u) => canEditRoadmap(u, draftTemplate), { coordinator: true }, false],
  ['edits its own school’s plan', (u) => canEditRoadmap(u, ownSchoolPlan), { curator: true }, false],
  ['edits another school’s plan', (u) => canEditRoadmap(u, otherSchoolPlan), {}, false],
  ['edits a foreign municipality’s plan', (u) => canEditRoadmap(u, foreignPlan), {}, false],
  ['approves its municipality’s plan', (u) => canApproveRoadmap(u, municipalPlan), { department: true }, false],
  ['approves its own school’s plan', (u) => canApproveRoadmap(u, ownSchoolPlan), { school_head: true }, false],
  ['approves another school’s plan', (u) => canApproveRoadmap(u, otherSchoolPlan), {}, false],
  ['approves a template', (u) => canApproveRoadmap(u, publishedTemplate), {}, false],
  ['approves a foreign municipality’s plan', (u) => canApproveRoadmap(u, foreignPlan), {}, false],
  ['sends its municipality’s plan for approval', (u) => canAskRoadmapApproval(u, municipalPlan), { coordinator: true }, false],
  ['sends its own school’s plan for approval', (u) => canAskRoadmapApproval(u, ownSchoolPlan), { curator: true }, false],
  ['sends another school’s plan for approval', (u) => canAskRoadmapApproval(u, otherSchoolPlan), {}, false],
  ['sends a template for approval', (u) => canAskRoadmapApproval(u, draftTemplate), {}, false],
  ['sends a foreign municipality’s plan for approval', (u) => canAskRoadmapApproval(u, foreignPlan), {}, false],
  ['uses a published template of its municipality', (u) => canUseTemplate(u, publishedTemplate), { curator: true }, false],
  ['uses a template not published', (u) => canUseTemplate(u, draftTemplate), {}, false],
  ['uses a published template of a foreign municipality', (u) => canUseTemplate(u, foreignTemplate), {}, false],
  ['may open the part «from a template»', (u) => mayOpen(u, 'roadmapsFromTemplate'), { curator: true }, false],
  ['reads the matrix of its municipality’s template', (u) => canViewTemplateMatrix(u, draftTemplate), MUNICIPALITY, false],
  ['reads the matrix of a plan', (u) => canViewTemplateMatrix(u, municipalPlan), {}, false],
  ['reads the matrix of a foreign template', (u) => canViewTemplateMatrix(u, foreignTemplate), {}, false],
  ['creates templates', canCreateTemplate, { coordinator: true }, false],
  [
    'addresses an item of its municipality’s plan to schools',
    (u) => canAddressRoadmapItem(u, municipalPlan),
    { coordinator: true },
    false,
  ],
  ['addresses an item of a school’s plan to schools', (u) => canAddressRoadmapItem(u, ownSchoolPlan), {}, false],
  ['addresses an item of a foreign municipality’s plan', (u) => canAddressRoadmapItem(u, foreignPlan), {}, false],
  [
    'marks its own school’s part of a municipal item',
    (u) => canMarkSchoolPart(u, municipalPlan, OWN_SCHOOL),
    { curator: true, school_head: true },
    false,
  ],
  ['marks another school’s part of a municipal item', (u) => canMarkSchoolPart(u, municipalPlan, OTHER_SCHOOL), {}, false],
  ['marks its school’s part of a foreign municipal item', (u) => canMarkSchoolPart(u, foreignPlan, OWN_SCHOOL), {}, false],
  ['sees every school’s part of its municipality’s plan', (u) => canViewAllSchoolParts(u, municipalPlan), MUNICIPALITY, false],
  ['sees every school’s part of a foreign plan', (u) => canViewAllSchoolParts(u, foreignPlan), {}, false],
  ['creates roadmaps of', roadmapOwnerFor, { coordinator: A, curator: OWN_SCHOOL }, null],
  [
    'reads the roadmaps of one school beside its municipality’s',
    roadmapSchoolOf,
    { school_head: OWN_SCHOOL, curator: OWN_SCHOOL },
    null,
  ],
];

describe('who may do what with organisations, accounts, the audit log, the lists, programmes and roadmaps', () => {
  for (const [what, check, expected, otherwise] of cases) {
    it.each(EVERY_ROLE)(`%s: ${what}`, (role) => {
      expect(check(userOf(role))).toEqual(role in expected ? expected[role] : otherwise);
    });
  }

  it('fails closed for a municipality role without a municipality', () => {
    const lost: CurrentUser = { ...userOf('coordinator'), municipalityId: null };
    expect(canViewOrganization(lost, ownSchool)).toBe(false);
    expect(browsesOrganizations(lost)).toBe(false);
    expect(canPlaceOrganizationUnder(lost, org(A, 'municipality', A))).toBe(false);
    expect(canManageOrganization(lost, ownSchool)).toBe(false);
    expect(canViewAudit(lost)).toBe(false);
    expect(canManageTag(lost, { municipality_id: A })).toBe(false);
    expect(tagKeeperMunicipalityOf(lost)).toBe(null);
    expect(canViewProgramme(lost, programme(OWN_SCHOOL, A))).toBe(false);
    expect(canViewRoadmap(lost, municipalPlan)).toBe(false);
    expect(canCreateTemplate(lost)).toBe(false);
    const lostDepartment: CurrentUser = { ...userOf('department'), municipalityId: null };
    expect(canApproveRoadmap(lostDepartment, municipalPlan)).toBe(false);
  });
});
