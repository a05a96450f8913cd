import type { CurrentUser } from '../../auth/sessions.js';
import type { ProgrammeBankStatus } from '../../db/types.js';
import {
  canApproveSubmission,
  canFillSubmission,
  canViewSubmission,
  keepsCampaigns,
  monitoringSchoolOf,
  type SubmissionRef,
} from './monitoring.js';
import { canViewDocument, type DocumentRef } from './documents.js';
import { canManagePair } from './pairs.js';
import { canViewPerson, type PersonRef } from './people.js';
import { canEditProgramme, canViewProgramme, type ProgrammeRef } from './programmes.js';
import { type AgreementRef, canEditAgreement, canViewAgreement } from './agreements.js';
import { type EventRef, inEventAudience } from './events.js';
import {
  type AwardeeRef,
  canViewAwards,
  canViewNomination,
  compilesNominations,
  decidesNominations,
  type NominationRef,
} from './recognition.js';
import { canReviewPractice, canViewPractice, type PracticeRef } from './practices.js';
import { canApproveRoadmap, canEditRoadmap, canMarkSchoolPart, canViewRoadmap, type RoadmapRef } from './roadmaps.js';

/**
 * Who is told of what (issue 16). The recipients of an event are picked at the time of the event
 * from the people's current roles and organisations by the rules below, and notify() keeps only
 * those who may still see the object (mayReceiveNotice): a person moved to another school or
 * deactivated is told nothing of the old one.
 */

/** The object a notification is about, as the access rules see it. */
export type NoticeSubject =
  | { type: 'monitoring_submission'; ref: SubmissionRef }
  | { type: 'roadmap'; ref: RoadmapRef }
  // issue 17: a school's document sent to the methodological centre
  | { type: 'school_document'; ref: DocumentRef }
  | ReminderSubject;

/** Whether the user may see the object a notification is about (and so be told of it). */
export function mayReceiveNotice(user: CurrentUser, subject: NoticeSubject): boolean {
  switch (subject.type) {
    case 'monitoring_submission':
      return canViewSubmission(user, subject.ref);
    case 'roadmap':
      return canViewRoadmap(user, subject.ref);
    case 'school_document':
      return canViewDocument(user, subject.ref);
    default:
      return mayReceiveReminder(user, subject);
  }
}

/** The acts on a school's monitoring submission that tell someone. */
export type SubmissionNotice = 'sent' | 'approved' | 'returned' | 'accepted';

/**
 * Sent by the curator: the school's head, who approves it; approved by the head: the coordinator(s)
 * of the campaign's municipality, who accept it; returned (or re-opened): the school's curator(s),
 * who correct it; accepted: the school's curator(s) and head.
 */
export function receivesSubmissionNotice(user: CurrentUser, notice: SubmissionNotice, submission: SubmissionRef): boolean {
  if (!canViewSubmission(user, submission)) return false;
  switch (notice) {
    case 'sent':
      return canApproveSubmission(user, { ...submission, status: 'sent' });
    case 'approved':
      return keepsCampaigns(user);
    case 'returned':
      return canFillSubmission(user, { ...submission, status: 'returned' });
    case 'accepted':
      return monitoringSchoolOf(user) === submission.organization_id;
  }
}

/** The acts on a roadmap's approval that tell someone. */
export type RoadmapNotice = 'approval_needed' | 'approval_revoked' | 'approved' | 'approval_asked' | 'approval_refused';

/**
 * A change took the approval away (the approval is asked again): its approver(s) — the head of
 * the school, the department of the municipality; the approver took it back, or gave it: its
 * author(s) — the curator of the school, the coordinator of the municipality. Sent for approval by
 * its author: its approver(s); refused by the approver: its author(s).
 */
export function receivesRoadmapNotice(user: CurrentUser, notice: RoadmapNotice, roadmap: RoadmapRef): boolean {
  return notice === 'approval_needed' || notice === 'approval_asked'
    ? canApproveRoadmap(user, roadmap)
    : canEditRoadmap(user, roadmap);
}

// ---------------------------------------------------------------------------------------------
// Reminders and the remaining events (issue 16): campaigns, roadmap items, pairs, programmes.

/** A monitoring campaign as a whole (the coordinator's notice of late schools). */
export interface CampaignNoticeRef {
  municipality_id: number;
}

/** A pair with the accounts of its participants (mentors.user_id, mentees.user_id). */
export interface PairNoticeRef {
  organization_id: number;
  municipality_id: number | null;
  mentorUserIds: readonly number[];
  menteeUserIds: readonly number[];
}

/** The objects reminders are about, beside those of the acts above. */
export type ReminderSubject =
  | { type: 'monitoring_campaign'; ref: CampaignNoticeRef }
  | { type: 'pair'; ref: PairNoticeRef }
  | { type: 'programme'; ref: ProgrammeRef & { bank_status: ProgrammeBankStatus } }
  // issue 17: an agreement the coordinator recorded for a school
  | { type: 'agreement'; ref: AgreementRef }
  // issue 17: a mentor of the bases, as its own school sees it (a shared mentor paired elsewhere)
  | { type: 'mentor'; ref: PersonRef }
  // issue 18: an event, as its audience sees it (told only to the people it is addressed to)
  | { type: 'event_audience'; ref: EventRef }
  // issue 18: a nomination for an award, the municipal list as a whole, a mentor's award
  | { type: 'award_nomination'; ref: NominationRef }
  | { type: 'award_list'; ref: { municipality_id: number } }
  | { type: 'award'; ref: AwardeeRef }
  // issue 19: a school's practice of the bank of best practices
  | { type: 'practice'; ref: PracticeRef };

/**
 * Who may see a reminder's object: a campaign as a whole, the municipality roles; a pair, the
 * school's curator and head, the municipality roles and its own participants with accounts (as
 * pairsInScope); a programme, as canViewProgramme.
 */
function mayReceiveReminder(user: CurrentUser, subject: ReminderSubject): boolean {
  switch (subject.type) {
    case 'monitoring_campaign':
      return (
        (user.role === 'coordinator' || user.role === 'department') &&
        user.municipalityId !== null &&
        user.municipalityId === subject.ref.municipality_id
      );
    case 'pair':
      return canSeePair(user, subject.ref);
    case 'programme':
      return canViewProgramme(user, subject.ref);
    case 'agreement':
      return canViewAgreement(user, subject.ref);
    case 'mentor':
      return canViewPerson(user, subject.ref);
    case 'event_audience':
      return receivesEventRegistrationOpened(user, subject.ref);
    case 'award_nomination':
      return canViewNomination(user, subject.ref);
    case 'award_list':
      return (user.role === 'coordinator' || user.role === 'department') && user.municipalityId === subject.ref.municipality_id;
    case 'award':
      return canViewAwards(user, subject.ref);
    case 'practice':
      return canViewPractice(user, subject.ref);
  }
}

function canSeePair(user: CurrentUser, pair: PairNoticeRef): boolean {
  switch (user.role) {
    case 'coordinator':
    case 'department':
      return user.municipalityId !== null && pair.municipality_id === user.municipalityId;
    case 'curator':
    case 'school_head':
      return pair.organization_id === user.organizationId;
    case 'mentor':
      return pair.mentorUserIds.includes(user.id);
    case 'mentee':
      return pair.menteeUserIds.includes(user.id);
    default:
      return false;
  }
}

/** What a campaign tells a school: it opened, its deadline nears, its deadline passed. */
export type CampaignNotice = 'opened' | 'due' | 'overdue';

/**
 * Opened: the school's curator(s) and head, who answer for its report. Due (7 days, then 1 day
 * before the school's deadline): whoever must act next — the curator(s) while the report is not
 * sent (or was returned), the head while it waits for approval; nobody once it is approved. Overdue:
 * the school's curator(s) and head while it is not approved (the producer asks only then).
 */
export function receivesCampaignNotice(user: CurrentUser, notice: CampaignNotice, submission: SubmissionRef): boolean {
  if (!canViewSubmission(user, submission)) return false;
  switch (notice) {
    case 'opened':
    case 'overdue':
      return monitoringSchoolOf(user) === submission.organization_id;
    case 'due':
      return canFillSubmission(user, submission) || canApproveSubmission(user, submission);
  }
}

/** The campaign's deadline passed with schools late: the coordinator(s) of its municipality, who accept the reports. */
export function receivesLateSchoolsNotice(user: CurrentUser, campaign: CampaignNoticeRef): boolean {
  return keepsCampaigns(user) && user.municipalityId !== null && user.municipalityId === campaign.municipality_id;
}

/** The «Ответственные» links of a roadmap item (roadmaps/responsible.ts) that name people of the portal. */
export type ResponsibleLinkName =
  | 'department'
  | 'method_center'
  | 'schools'
  | 'curators'
  | 'school_heads'
  | 'mentors'
  | 'partners';

/**
 * Whom a roadmap item's «Ответственные» name among the portal's accounts. A school's roadmap: its
 * curator(s) for «кураторы», its head for «руководители ОУ», both for «ОУ» (the school itself).
 * The municipal roadmap: the department for «Управление образования», the coordinator(s) for
 * «методический центр»; the schools it names are not responsible for the item itself: they are
 * reminded of their own part of it (receivesSchoolPartReminder, issue 17). Mentors and partners keep
 * no roadmap: never.
 */
export function isResponsibleFor(user: CurrentUser, links: readonly string[], roadmap: RoadmapRef): boolean {
  if (roadmap.kind !== 'plan' || !canViewRoadmap(user, roadmap)) return false;
  const named = (link: ResponsibleLinkName) => links.includes(link);
  if (roadmap.organization_type === 'school') {
    if (user.organizationId !== roadmap.organization_id) return false;
    if (user.role === 'curator') return named('curators') || named('schools');
    if (user.role === 'school_head') return named('school_heads') || named('schools');
    return false;
  }
  if (user.municipalityId === null || user.municipalityId !== roadmap.organization_id) return false;
  if (user.role === 'department') return named('department');
  if (user.role === 'coordinator') return named('method_center');
  return false;
}

/**
 * Whom a roadmap item's reminder (due in 7 days, overdue) tells: its responsible people with
 * accounts (isResponsibleFor); when they name nobody with an account (names of people, partners,
 * a body without accounts), the roadmap's author(s) — the curator of a school's roadmap, the
 * coordinator of the municipal one (canEditRoadmap) — so that an item is never left unwatched.
 * `anyResponsible`: whether anyone among the candidates is responsible.
 */
export function receivesRoadmapItemNotice(
  user: CurrentUser,
  links: readonly string[],
  roadmap: RoadmapRef,
  anyResponsible: boolean,
): boolean {
  if (roadmap.kind !== 'plan') return false;
  return anyResponsible ? isResponsibleFor(user, links, roadmap) : canEditRoadmap(user, roadmap);
}

/**
 * Issue 17: a municipal item addressed to schools, due in 7 days or overdue, also reminds each
 * school addressed whose part (of that occurrence, for a recurring item) is neither done nor
 * cancelled: its curator(s) and head, who mark the part (canMarkSchoolPart). A school that has done
 * its part is not reminded; the coordinator keeps the reminder of the item itself.
 */
export function receivesSchoolPartReminder(user: CurrentUser, schoolId: number, roadmap: RoadmapRef): boolean {
  return canMarkSchoolPart(user, roadmap, schoolId);
}

/** A pair quiet for 21 days tells its mentor; for 30 days, the curator(s) of its school. */
export type QuietPairNotice = 'mentor' | 'curator';

export function receivesQuietPairNotice(user: CurrentUser, notice: QuietPairNotice, pair: PairNoticeRef): boolean {
  if (!canSeePair(user, pair)) return false;
  return notice === 'mentor' ? user.role === 'mentor' && pair.mentorUserIds.includes(user.id) : canManagePair(user, pair);
}

/** A meeting's feedback waits for the pair's mentee(s) with an account. */
export function receivesFeedbackReminder(user: CurrentUser, pair: PairNoticeRef): boolean {
  return user.role === 'mentee' && pair.menteeUserIds.includes(user.id);
}

/** A programme returned by the method centre, or accepted into the bank: the curator(s) of its school, who keep it. */
export function receivesProgrammeNotice(user: CurrentUser, programme: ProgrammeRef): boolean {
  return canEditProgramme(user, programme);
}

/**
 * Issue 17: a municipal item addressed to chosen schools is told to the curators of those schools
 * (who mark the school's part), when they read the municipal roadmap.
 */
export function receivesItemAddressedNotice(user: CurrentUser, schoolIds: readonly number[], roadmap: RoadmapRef): boolean {
  return (
    user.role === 'curator' &&
    user.organizationId !== null &&
    schoolIds.includes(user.organizationId) &&
    canViewRoadmap(user, roadmap)
  );
}

/** An agreement the coordinator recorded for a school (issue 17): the school's curator(s), who keep its agreements and its pairs. */
export function receivesAgreementNotice(user: CurrentUser, agreement: AgreementRef): boolean {
  return user.role === 'curator' && canEditAgreement(user, agreement);
}

/**
 * Issue 17: another school formed a pair with a mentor opened to the municipality — the curators
 * and the head of the school whose base holds the mentor, who keep its record and its load.
 */
export function receivesMentorPairedElsewhere(user: CurrentUser, mentor: PersonRef): boolean {
  return (user.role === 'curator' || user.role === 'school_head') && user.organizationId === mentor.organization_id;
}

/**
 * Issue 18: registration for an event opened — the active people it is addressed to (its roles in
 * its organiser school, or in the schools it names, or in every school of the municipality), who
 * may register; nobody else, however much of the event they may read.
 */
export function receivesEventRegistrationOpened(user: CurrentUser, event: EventRef): boolean {
  return inEventAudience(user, event);
}

// ---------------------------------------------------------------------------------------------
// Issue 18, recognition: a nomination's way from the school head to the department's order.

/** A mentor nominated by its school's head: the coordinator(s) of the municipality, who compile the list. */
export function receivesNominatedNotice(user: CurrentUser, nomination: NominationRef): boolean {
  return compilesNominations(user) && user.municipalityId === nomination.municipality_id;
}

/** The municipal list sent to the department: the department's people, who decide on it. */
export function receivesAwardListNotice(user: CurrentUser, list: { municipality_id: number }): boolean {
  return decidesNominations(user) && user.municipalityId === list.municipality_id;
}

/** The department decided on a nomination: the head and the curator(s) of the mentor's school. */
export function receivesNominationDecision(user: CurrentUser, nomination: NominationRef): boolean {
  return (
    (user.role === 'school_head' || user.role === 'curator') &&
    user.organizationId === nomination.organization_id &&
    canViewNomination(user, nomination)
  );
}

/** The order granted the award: the awarded mentor itself, when it has an account. */
export function receivesAwardGranted(user: CurrentUser, mentor: AwardeeRef): boolean {
  return user.role === 'mentor' && mentor.user_id === user.id && canViewAwards(user, mentor);
}

// ---------------------------------------------------------------------------------------------
// Issue 19, the bank of best practices: a practice's way from the school to the municipal register.

/** A practice sent to the methodological centre: the coordinator(s) of its municipality, who review it. */
export function receivesPracticeSubmitted(user: CurrentUser, practice: PracticeRef): boolean {
  return canReviewPractice(user, practice);
}

/** A practice returned, accepted or published: the curator(s) of its school, who drafted it. */
export function receivesPracticeDecision(user: CurrentUser, practice: PracticeRef): boolean {
  return user.role === 'curator' && user.organizationId === practice.organization_id && canViewPractice(user, practice);
}
