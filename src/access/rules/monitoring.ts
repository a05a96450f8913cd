import type { CurrentUser } from '../../auth/sessions.js';
import type { MonitoringStatus } from '../../db/types.js';

/** A monitoring campaign of a municipality. */
export interface CampaignRef {
  municipality_id: number;
  /** The day it opens to the schools ('YYYY-MM-DD'). */
  opens_on: string;
  /** The region of its municipality (the municipality's parent); unknown reads as none. */
  region_id?: number | null;
}

/** One school's submission to a campaign. */
export interface SubmissionRef {
  municipality_id: number;
  organization_id: number;
  status: MonitoringStatus;
  /** The region of its municipality; unknown reads as none. */
  region_id?: number | null;
}

const ownMunicipality = (user: CurrentUser, municipalityId: number) =>
  user.municipalityId !== null && user.municipalityId === municipalityId;

/** The region whose municipalities' monitoring the user reads: the regional operator's own organisation, else null. */
export function monitoringRegionOf(user: CurrentUser): number | null {
  return user.role === 'region' && user.organizationType === 'region' ? user.organizationId : null;
}

const ownRegion = (user: CurrentUser, regionId: number | null | undefined) =>
  regionId != null && monitoringRegionOf(user) === regionId;

/**
 * The municipality roles read every campaign of their municipality; a school's curator and head
 * those addressed to their school (`addressed`: the school has a submission) from the day it opens
 * (`today`). Mirrors campaignsInScope.
 */
export function canViewCampaign(user: CurrentUser, campaign: CampaignRef, addressed: boolean, today: string): boolean {
  switch (user.role) {
    case 'coordinator':
    case 'department':
      return ownMunicipality(user, campaign.municipality_id);
    case 'curator':
    case 'school_head':
      return addressed && ownMunicipality(user, campaign.municipality_id) && campaign.opens_on <= today;
    case 'region':
      // Every opened campaign of the region's municipalities: its matrix of schools and states, no people.
      return ownRegion(user, campaign.region_id) && campaign.opens_on <= today;
    default:
      return false;
  }
}

/** The school whose own submission a list shows (curator, head), else null. */
export function monitoringSchoolOf(user: CurrentUser): number | null {
  return user.role === 'curator' || user.role === 'school_head' ? user.organizationId : null;
}

/** Whether the user keeps the municipality's campaigns (the coordinator): told why an open one is not edited rather than refused. */
export function keepsCampaigns(user: CurrentUser): boolean {
  return user.role === 'coordinator';
}

/** The coordinator launches campaigns for its municipality; the department may launch one too. */
export function canLaunchCampaign(user: CurrentUser): boolean {
  return (user.role === 'coordinator' || user.role === 'department') && user.municipalityId !== null;
}

/** The coordinator of the campaign's municipality edits it until it opens (`today` < its opening day). */
export function canEditCampaign(user: CurrentUser, campaign: CampaignRef, today: string): boolean {
  return user.role === 'coordinator' && ownMunicipality(user, campaign.municipality_id) && campaign.opens_on > today;
}

/** The municipality reads every submission of its campaigns; a school its own. Mirrors canViewCampaign. */
export function canViewSubmission(user: CurrentUser, submission: SubmissionRef): boolean {
  switch (user.role) {
    case 'coordinator':
    case 'department':
      return ownMunicipality(user, submission.municipality_id);
    case 'curator':
    case 'school_head':
      return submission.organization_id === user.organizationId && ownMunicipality(user, submission.municipality_id);
    case 'region':
      // The region reads accepted snapshots only.
      return submission.status === 'accepted' && ownRegion(user, submission.region_id);
    default:
      return false;
  }
}

/**
 * The user reads a submission as its frozen snapshot only (the regional operator): no history with
 * people's names, no attached files (school documents that may hold personal data), no справка.
 */
export function readsSnapshotOnly(user: CurrentUser): boolean {
  return monitoringRegionOf(user) !== null;
}

/** The attached documents and the справка of a submission: everyone who reads it but the region. */
export function canViewSubmissionDocuments(user: CurrentUser, submission: SubmissionRef): boolean {
  return canViewSubmission(user, submission) && !readsSnapshotOnly(user);
}

/**
 * The exports of a campaign's accepted snapshots (indicators × schools, participants, counts): the
 * municipality roles for their municipality's campaigns, the region for its municipalities'.
 */
export function canExportCampaign(user: CurrentUser, campaign: Pick<CampaignRef, 'municipality_id' | 'region_id'>): boolean {
  switch (user.role) {
    case 'coordinator':
    case 'department':
      return ownMunicipality(user, campaign.municipality_id);
    case 'region':
      return ownRegion(user, campaign.region_id);
    default:
      return false;
  }
}

/** The curator of the school fills its submission and sends it, until it is sent (or after a return). */
export function canFillSubmission(user: CurrentUser, submission: SubmissionRef): boolean {
  return (
    user.role === 'curator' &&
    submission.organization_id === user.organizationId &&
    ownMunicipality(user, submission.municipality_id) &&
    (submission.status === 'not_started' || submission.status === 'filling' || submission.status === 'returned')
  );
}

/** The head of the school approves a sent submission (утверждён руководителем ОО). */
export function canApproveSubmission(user: CurrentUser, submission: SubmissionRef): boolean {
  return (
    user.role === 'school_head' &&
    submission.organization_id === user.organizationId &&
    ownMunicipality(user, submission.municipality_id) &&
    submission.status === 'sent'
  );
}

/** The coordinator accepts an approved submission, or returns a sent or approved one for correction. */
export function canAcceptSubmission(user: CurrentUser, submission: SubmissionRef): boolean {
  return user.role === 'coordinator' && ownMunicipality(user, submission.municipality_id) && submission.status === 'approved';
}

export function canReturnSubmission(user: CurrentUser, submission: SubmissionRef): boolean {
  return (
    user.role === 'coordinator' &&
    ownMunicipality(user, submission.municipality_id) &&
    (submission.status === 'sent' || submission.status === 'approved')
  );
}

/** The coordinator re-opens an accepted submission, with a reason; the snapshot stays in the history. */
export function canReopenSubmission(user: CurrentUser, submission: SubmissionRef): boolean {
  return user.role === 'coordinator' && ownMunicipality(user, submission.municipality_id) && submission.status === 'accepted';
}

/** The coordinator extends the deadline for one school while its submission is not accepted. */
export function canExtendSubmission(user: CurrentUser, submission: SubmissionRef): boolean {
  return user.role === 'coordinator' && ownMunicipality(user, submission.municipality_id) && submission.status !== 'accepted';
}

/** The flags a submission's page gets. */
export function submissionFlags(user: CurrentUser, submission: SubmissionRef) {
  return {
    canFill: canFillSubmission(user, submission),
    canApprove: canApproveSubmission(user, submission),
    canAccept: canAcceptSubmission(user, submission),
    canReturn: canReturnSubmission(user, submission),
    canReopen: canReopenSubmission(user, submission),
    canExtend: canExtendSubmission(user, submission),
  };
}

/** The municipality roles read a campaign's matrix of every school; a school only its own submission. */
export function readsCampaignMatrix(user: CurrentUser): boolean {
  return user.role === 'coordinator' || user.role === 'department' || user.role === 'region';
}

/** The municipal summary of a campaign (every field × school, with totals): the campaign's municipality and its region's operator. */
export function canViewCampaignSummary(user: CurrentUser, campaign: Pick<CampaignRef, 'municipality_id' | 'region_id'>): boolean {
  // The same readers as the exports: both are the accepted figures, aggregated (the region's without texts: readsSnapshotOnly).
  return canExportCampaign(user, campaign);
}
