import { describe, expect, it } from 'vitest';
import {
  type CampaignRef,
  canAcceptSubmission,
  canApproveSubmission,
  canEditCampaign,
  canExtendSubmission,
  canFillSubmission,
  canLaunchCampaign,
  canReopenSubmission,
  canReturnSubmission,
  canViewCampaign,
  canExportCampaign,
  canViewSubmission,
  canViewSubmissionDocuments,
  keepsCampaigns,
  monitoringRegionOf,
  monitoringSchoolOf,
  readsCampaignMatrix,
  readsSnapshotOnly,
  type SubmissionRef,
} from '../../src/access/policy.js';
import type { CurrentUser } from '../../src/auth/sessions.js';
import { type MonitoringStatus, ROLES, type Role } from '../../src/db/types.js';

/** The user's school is 10 in municipality 100; another school of it is 11; municipality 200 is foreign. */
function userOf(role: Role): CurrentUser {
  if (role === 'region') return { ...regionUser(1), login: role };
  return {
    id: 1,
    login: role,
    fullName: role,
    position: null,
    role,
    organizationId: 10,
    organizationName: 'Организация',
    organizationType:
      role === 'admin' ? 'region' : role === 'department' ? 'department' : role === 'coordinator' ? 'method_center' : 'school',
    municipalityId: role === 'admin' ? null : 100,
  };
}

/** A regional operator of region `id` (municipalities 100 and 200 are of region 1). */
function regionUser(id: number): CurrentUser {
  return {
    id: 2,
    login: 'region',
    fullName: 'region',
    position: null,
    role: 'region',
    organizationId: id,
    organizationName: 'Область',
    organizationType: 'region',
    municipalityId: null,
  };
}

type Where = 'own' | 'other-school' | 'other-municipality';
const WHERE: Where[] = ['own', 'other-school', 'other-municipality'];
const municipalityOf = (w: Where) => (w === 'other-municipality' ? 200 : 100);
const schoolOf = (w: Where) => (w === 'own' ? 10 : w === 'other-school' ? 11 : 20);

const campaign = (w: Where, opens_on = '2026-01-10'): CampaignRef => ({ municipality_id: municipalityOf(w), opens_on });
const submission = (w: Where, status: MonitoringStatus): SubmissionRef => ({
  municipality_id: municipalityOf(w),
  organization_id: schoolOf(w),
  status,
});

const M = ['coordinator', 'department'] as const;
const S = ['curator', 'school_head'] as const;
const is = (role: Role, roles: readonly Role[]) => roles.includes(role);

describe.each(ROLES)('monitoring rules as %s', (role) => {
  const user = userOf(role);

  it.each(WHERE)('views a campaign (%s): the municipality all, a school only one addressed to it', (w) => {
    // A school roles' campaign of its own municipality is addressed to it or not; another municipality's never.
    const mine = w !== 'other-municipality';
    expect(canViewCampaign(user, campaign(w), true, '2026-01-10')).toBe(mine && (is(role, M) || is(role, S)));
    expect(canViewCampaign(user, campaign(w), false, '2026-01-10')).toBe(mine && is(role, M));
    // Before its opening day a school does not see it yet; the municipality does.
    expect(canViewCampaign(user, campaign(w), true, '2026-01-09')).toBe(mine && is(role, M));
  });

  it('launches a campaign: the coordinator and the department; keeps them: the coordinator', () => {
    expect(canLaunchCampaign(user)).toBe(is(role, M));
    expect(keepsCampaigns(user)).toBe(role === 'coordinator');
    expect(monitoringSchoolOf(user)).toBe(is(role, S) ? 10 : null);
    expect(readsCampaignMatrix(user)).toBe(is(role, M) || role === 'region');
  });

  it.each(WHERE)('edits a campaign (%s): the coordinator, before it opens', (w) => {
    expect(canEditCampaign(user, campaign(w, '2026-02-01'), '2026-01-31')).toBe(
      role === 'coordinator' && w !== 'other-municipality',
    );
    expect(canEditCampaign(user, campaign(w, '2026-02-01'), '2026-02-01')).toBe(false);
  });

  it.each(WHERE)('views a submission (%s)', (w) => {
    const expected = w === 'other-municipality' ? false : is(role, M) || (is(role, S) && w === 'own');
    expect(canViewSubmission(user, submission(w, 'filling'))).toBe(expected);
  });

  const STATUSES: MonitoringStatus[] = ['not_started', 'filling', 'sent', 'approved', 'returned', 'accepted'];
  it.each(WHERE)('moves a submission (%s) only from the statuses its act starts from', (w) => {
    for (const status of STATUSES) {
      const s = submission(w, status);
      const ownSchool = w === 'own';
      const ownMunicipality = w !== 'other-municipality';
      expect(canFillSubmission(user, s), `fill ${status}`).toBe(
        role === 'curator' && ownSchool && ['not_started', 'filling', 'returned'].includes(status),
      );
      expect(canApproveSubmission(user, s), `approve ${status}`).toBe(role === 'school_head' && ownSchool && status === 'sent');
      expect(canAcceptSubmission(user, s), `accept ${status}`).toBe(
        role === 'coordinator' && ownMunicipality && status === 'approved',
      );
      expect(canReturnSubmission(user, s), `return ${status}`).toBe(
        role === 'coordinator' && ownMunicipality && (status === 'sent' || status === 'approved'),
      );
      expect(canReopenSubmission(user, s), `reopen ${status}`).toBe(
        role === 'coordinator' && ownMunicipality && status === 'accepted',
      );
      expect(canExtendSubmission(user, s), `extend ${status}`).toBe(
        role === 'coordinator' && ownMunicipality && status !== 'accepted',
      );
    }
  });
});

describe('monitoring rules as the regional operator', () => {
  const own = regionUser(1);
  const foreign = regionUser(9);
  const inRegion = (w: Where, opens_on = '2026-01-10'): CampaignRef => ({ ...campaign(w, opens_on), region_id: 1 });

  it('reads the opened campaigns of its region’s municipalities, another region’s never', () => {
    expect(monitoringRegionOf(own)).toBe(1);
    for (const w of WHERE) {
      expect(canViewCampaign(own, inRegion(w), false, '2026-01-10'), w).toBe(true);
      expect(canViewCampaign(own, inRegion(w), false, '2026-01-09'), `${w} before opening`).toBe(false);
      expect(canViewCampaign(foreign, inRegion(w), false, '2026-01-10'), w).toBe(false);
      // A campaign whose region is unknown is not the region's.
      expect(canViewCampaign(own, campaign(w), false, '2026-01-10'), w).toBe(false);
      expect(canExportCampaign(own, inRegion(w))).toBe(true);
      expect(canExportCampaign(foreign, inRegion(w))).toBe(false);
    }
  });

  it('reads accepted submissions only, as snapshots: no documents, no acts', () => {
    const STATUSES: MonitoringStatus[] = ['not_started', 'filling', 'sent', 'approved', 'returned', 'accepted'];
    for (const status of STATUSES) {
      const s = { ...submission('own', status), region_id: 1 };
      expect(canViewSubmission(own, s), status).toBe(status === 'accepted');
      expect(canViewSubmission(foreign, s), status).toBe(false);
      expect(canViewSubmissionDocuments(own, s), status).toBe(false);
      for (const act of [
        canFillSubmission,
        canApproveSubmission,
        canAcceptSubmission,
        canReturnSubmission,
        canReopenSubmission,
        canExtendSubmission,
      ])
        expect(act(own, s), `${act.name} ${status}`).toBe(false);
    }
    expect(readsSnapshotOnly(own)).toBe(true);
    expect(canLaunchCampaign(own)).toBe(false);
  });

  it('the municipality exports its own campaigns; the school roles do not; the others read documents', () => {
    for (const role of ROLES.filter((r) => r !== 'region')) {
      const user = userOf(role);
      expect(canExportCampaign(user, inRegion('own')), role).toBe(is(role, M));
      expect(canExportCampaign(user, inRegion('other-municipality')), role).toBe(false);
      expect(readsSnapshotOnly(user), role).toBe(false);
      expect(canViewSubmissionDocuments(user, submission('own', 'accepted')), role).toBe(
        canViewSubmission(user, submission('own', 'accepted')),
      );
    }
  });
});
