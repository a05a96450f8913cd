import type { CurrentUser } from '../../auth/sessions.js';
import type { EventAudienceRole, EventStatus } from '../../db/types.js';

/**
 * Events (issue 18). The municipal plan is the centre's: its events are organised by the
 * municipality and kept by its coordinator; a school's plan is kept by its curator and head.
 * Read: the municipality's coordinator and department every event of the municipality; a school's
 * curator and head the events of their school and the municipal events addressed to it; a mentor
 * or a mentee the events addressed to its role and its organisation. Mirrors eventsInScope.
 */
export interface EventRef {
  municipality_id: number;
  organizer_id: number;
  audience_roles: readonly EventAudienceRole[];
  all_schools: boolean;
  /** The schools a municipal event is addressed to (event_schools). */
  school_ids: readonly number[];
  /** The mentors' and the teacher-mentees' categories it is for; empty: every category (0038). */
  audience_mentor_categories: readonly string[];
  audience_mentee_categories: readonly string[];
  status: EventStatus;
}

function municipal(user: CurrentUser): boolean {
  return (user.role === 'coordinator' || user.role === 'department') && user.municipalityId !== null;
}

function schoolStaff(user: CurrentUser): boolean {
  return (user.role === 'curator' || user.role === 'school_head') && user.organizationType === 'school';
}

/** Whether the event is addressed to the organisation: its organiser, a chosen school, or any of the municipality's when all are. */
export function eventAddressedTo(event: EventRef, organizationId: number, municipalityId: number | null): boolean {
  if (event.organizer_id === organizationId) return true;
  if (municipalityId === null || event.municipality_id !== municipalityId) return false;
  if (event.organizer_id !== event.municipality_id) return false;
  return event.all_schools || event.school_ids.includes(organizationId);
}

/** Whether the user is among the people an event is addressed to: its role and its organisation. */
export function inEventAudience(user: CurrentUser, event: EventRef): boolean {
  return (
    (event.audience_roles as readonly string[]).includes(user.role) &&
    eventAddressedTo(event, user.organizationId, user.municipalityId)
  );
}

/**
 * Whether a mentor or a mentee of the category is among those the event is for: an empty list is
 * every category; a person whose category is unknown (an account linked to no record) fits only
 * an event for every category. The other roles have no categories.
 */
export function fitsEventCategories(
  event: Pick<EventRef, 'audience_mentor_categories' | 'audience_mentee_categories'>,
  role: string,
  category: string | null,
): boolean {
  const list = role === 'mentor' ? event.audience_mentor_categories : role === 'mentee' ? event.audience_mentee_categories : [];
  return list.length === 0 || (category !== null && list.includes(category));
}

/** Which record of the bases an account of the role stands for: a mentor's, a mentee's, or none. */
export function personRecordKindOf(user: CurrentUser): 'mentor' | 'mentee' | null {
  return user.role === 'mentor' || user.role === 'mentee' ? user.role : null;
}

export function canViewEvent(user: CurrentUser, event: EventRef): boolean {
  if (municipal(user)) return event.municipality_id === user.municipalityId;
  if (schoolStaff(user)) return eventAddressedTo(event, user.organizationId, user.municipalityId);
  if (user.role === 'mentor' || user.role === 'mentee') return inEventAudience(user, event);
  return false;
}

/** The coordinator plans the municipal events, a school's curator and head its school's. */
export function canCreateEvent(user: CurrentUser): boolean {
  return (user.role === 'coordinator' && user.municipalityId !== null) || schoolStaff(user);
}

/** The organiser an event created by the user gets: the municipality (the centre's plan) or the user's school. */
export function eventOrganizerOf(user: CurrentUser): number | null {
  if (user.role === 'coordinator') return user.municipalityId;
  return schoolStaff(user) ? user.organizationId : null;
}

/** The coordinator edits the municipal events of its municipality, a school's curator and head their school's. */
export function canEditEvent(user: CurrentUser, event: Pick<EventRef, 'municipality_id' | 'organizer_id'>): boolean {
  if (user.role === 'coordinator')
    return (
      user.municipalityId !== null &&
      event.municipality_id === user.municipalityId &&
      event.organizer_id === event.municipality_id
    );
  return schoolStaff(user) && event.organizer_id === user.organizationId;
}

/**
 * While registration is open, a person of the audience registers itself (and cancels its
 * registration). Events are for adults: a mentee's account registers only when it is linked to a
 * teacher-mentee of the bases (`teacherMentee`), never a pupil's nor an unlinked one; a mentor or a
 * mentee only when its category (of the record linked to its account) is one the event is for.
 */
export function canRegisterSelf(
  user: CurrentUser,
  event: EventRef,
  facts: { teacherMentee: boolean; category: string | null },
): boolean {
  if (user.role === 'mentee' && !facts.teacherMentee) return false;
  return (
    event.status === 'registration_open' && inEventAudience(user, event) && fitsEventCategories(event, user.role, facts.category)
  );
}

/** While registration is open, a school's curator and head register its school's people (also those without an account). */
export function canRegisterSchoolPeople(user: CurrentUser, event: EventRef): boolean {
  return (
    event.status === 'registration_open' && schoolStaff(user) && eventAddressedTo(event, user.organizationId, user.municipalityId)
  );
}

/** The school whose registrations the user sees and keeps on an event it does not organise: a curator's or head's. */
export function registrationSchoolOf(user: CurrentUser): number | null {
  return schoolStaff(user) ? user.organizationId : null;
}

/**
 * A contest's winners and prize-winners who are mentors may be added to the municipality's list of
 * best mentors, once its results are published, by the coordinator who keeps that list.
 */
export function canListContestWinners(
  user: CurrentUser,
  event: Pick<EventRef, 'municipality_id' | 'status'> & { kind: string },
): boolean {
  return (
    user.role === 'coordinator' &&
    user.municipalityId !== null &&
    event.municipality_id === user.municipalityId &&
    event.kind === 'contest' &&
    event.status === 'results_published'
  );
}

/** Whose registrations the list shows: everyone's to the organiser and the municipality, a school's to its curator. */
export function seesAllRegistrations(user: CurrentUser, event: EventRef): boolean {
  return canEditEvent(user, event) || (municipal(user) && event.municipality_id === user.municipalityId);
}

/** The list and the plan of every school's events with a filter: the municipality roles. */
export function readsMunicipalEvents(user: CurrentUser): boolean {
  return municipal(user);
}
