import { type Kysely, sql, type Transaction } from 'kysely';
import { personRecordKindOf } from '../../access/policy.js';
import { adultAudienceAccounts, audienceCategoryAccounts, eventsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type {
  Database,
  EventAudienceRole,
  EventMenteeCategory,
  MentorsTable,
  EventKind,
  EventLevel,
  EventResult,
  EventStatus,
  OrganizationType,
} from '../../db/types.js';
import { DEFAULT_PER_PAGE, offsetOf, type Page, pageOf } from '../../lib/pagination.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface EventRow {
  id: number;
  municipality_id: number;
  organizer_id: number;
  organizer_name: string;
  organizer_type: OrganizationType;
  title: string;
  kind: EventKind;
  level: EventLevel;
  starts_at: Date;
  ends_at: Date;
  place: string | null;
  video_url: string | null;
  description: string | null;
  audience_roles: EventAudienceRole[];
  audience_mentor_categories: MentorsTable['category'][];
  audience_mentee_categories: EventMenteeCategory[];
  all_schools: boolean;
  school_ids: number[];
  capacity: number | null;
  roadmap_item_id: number | null;
  status: EventStatus;
  summary: string | null;
  /** Shown on the public page (issue 19). */
  is_public: boolean;
  registered: number;
  created_at: Date;
  updated_at: Date;
}

function eventsWithOrganizer(db: Db) {
  return db
    .selectFrom('events')
    .innerJoin('organizations as organizer', 'organizer.id', 'events.organizer_id')
    .select([
      'events.id',
      'events.municipality_id',
      'events.organizer_id',
      'organizer.short_name as organizer_name',
      'organizer.type as organizer_type',
      'events.title',
      'events.kind',
      'events.level',
      'events.starts_at',
      'events.ends_at',
      'events.place',
      'events.video_url',
      'events.description',
      'events.audience_roles',
      'events.audience_mentor_categories',
      'events.audience_mentee_categories',
      'events.all_schools',
      'events.capacity',
      'events.roadmap_item_id',
      'events.status',
      'events.summary',
      'events.is_public',
      'events.created_at',
      'events.updated_at',
      sql<
        number[]
      >`coalesce((select array_agg(es.organization_id order by es.organization_id) from event_schools es where es.event_id = events.id), '{}')`.as(
        'school_ids',
      ),
      sql<number>`(select count(*)::int from event_registrations er where er.event_id = events.id)`.as('registered'),
    ]);
}

export interface EventFilter {
  from: Date;
  to: Date;
  kind?: EventKind | undefined;
  level?: EventLevel | undefined;
}

export async function listEvents(
  db: Kysely<Database>,
  user: CurrentUser,
  filter: EventFilter,
  page: number,
): Promise<Page<EventRow>> {
  let base = eventsWithOrganizer(db)
    .where(eventsInScope(user))
    .where('events.starts_at', '>=', filter.from)
    .where('events.starts_at', '<', filter.to);
  if (filter.kind) base = base.where('events.kind', '=', filter.kind);
  if (filter.level) base = base.where('events.level', '=', filter.level);
  const paging = { page, perPage: DEFAULT_PER_PAGE };
  const { total } = await base.clearSelect().select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .orderBy('events.starts_at')
    .orderBy('events.id')
    .limit(paging.perPage)
    .offset(offsetOf(paging))
    .execute();
  return pageOf(rows, total, paging);
}

/** One organiser's plan for a period, in order: the print and the .xlsx of the plan. */
export function planEvents(db: Kysely<Database>, organizerId: number, from: Date, to: Date): Promise<EventRow[]> {
  return eventsWithOrganizer(db)
    .where('events.organizer_id', '=', organizerId)
    .where('events.starts_at', '>=', from)
    .where('events.starts_at', '<', to)
    .orderBy('events.starts_at')
    .orderBy('events.id')
    .execute();
}

/** One event if it is in the user's scope, else undefined (404). */
export function findEventInScope(db: Db, user: CurrentUser, id: number): Promise<EventRow | undefined> {
  return eventsWithOrganizer(db).where('events.id', '=', id).where(eventsInScope(user)).executeTakeFirst();
}

/** An event for an act, locked against a concurrent one. */
export function lockEvent(
  trx: Transaction<Database>,
  id: number,
): Promise<{ status: EventStatus; capacity: number | null } | undefined> {
  return trx.selectFrom('events').select(['status', 'capacity']).where('id', '=', id).forUpdate().executeTakeFirst();
}

export function eventMaterials(db: Db, eventId: number): Promise<{ title: string; url: string }[]> {
  return db.selectFrom('event_materials').select(['title', 'url']).where('event_id', '=', eventId).orderBy('position').execute();
}

export interface RegistrationRow {
  id: number;
  user_id: number | null;
  mentor_id: number | null;
  mentee_id: number | null;
  organization_id: number;
  organization_name: string;
  full_name: string;
  position: string | null;
  attended: boolean | null;
  result: EventResult | null;
}

/** The registrations of an event (of one school's people when `schoolId` is given), by name. */
export function registrationsOf(db: Db, eventId: number, schoolId: number | null = null): Promise<RegistrationRow[]> {
  let query = db
    .selectFrom('event_registrations as r')
    .innerJoin('organizations as o', 'o.id', 'r.organization_id')
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('mentors as m', 'm.id', 'r.mentor_id')
    .leftJoin('mentees as e', 'e.id', 'r.mentee_id')
    .select([
      'r.id',
      'r.user_id',
      'r.mentor_id',
      'r.mentee_id',
      'r.organization_id',
      'o.short_name as organization_name',
      'r.attended',
      'r.result',
      sql<string>`coalesce(
        nullif(concat_ws(' ', m.last_name, m.first_name, m.middle_name), ''),
        nullif(concat_ws(' ', e.last_name, e.first_name, e.middle_name), ''),
        u.full_name)`.as('full_name'),
      sql<string | null>`coalesce(m.position, e.position, u.position)`.as('position'),
    ])
    .where('r.event_id', '=', eventId);
  if (schoolId !== null) query = query.where('r.organization_id', '=', schoolId);
  return query.orderBy('full_name').orderBy('r.id').execute() as Promise<RegistrationRow[]>;
}

export function findRegistration(
  db: Db,
  eventId: number,
  id: number,
): Promise<{ id: number; organization_id: number; user_id: number | null } | undefined> {
  return db
    .selectFrom('event_registrations')
    .select(['id', 'organization_id', 'user_id'])
    .where('event_id', '=', eventId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function ownRegistration(db: Db, eventId: number, userId: number): Promise<{ id: number } | undefined> {
  return db
    .selectFrom('event_registrations')
    .select('id')
    .where('event_id', '=', eventId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export interface PersonOption {
  value: string;
  label: string;
}

/**
 * The people of a school a curator may register and who are not registered yet: its current
 * mentors, and its teacher-mentees (never a student), with or without an account.
 */
export async function schoolPeopleOptions(
  db: Kysely<Database>,
  schoolId: number,
  eventId: number,
  audience: Pick<EventRow, 'audience_roles' | 'audience_mentor_categories' | 'audience_mentee_categories'>,
): Promise<PersonOption[]> {
  const options: PersonOption[] = [];
  const roles = audience.audience_roles;
  if (roles.includes('mentor')) {
    let mentorQuery = db
      .selectFrom('mentors as m')
      .select(['m.id', sql<string>`concat_ws(' ', m.last_name, m.first_name, m.middle_name)`.as('name'), 'm.position'])
      .where('m.organization_id', '=', schoolId)
      .where('m.archived_at', 'is', null)
      .where('m.erased_at', 'is', null)
      .where('m.status', '<>', 'left')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('event_registrations as r')
              .select('r.id')
              .where('r.event_id', '=', eventId)
              .where((w) => w.or([w('r.mentor_id', '=', w.ref('m.id')), w('r.user_id', '=', w.ref('m.user_id'))])),
          ),
        ),
      )
      .orderBy('m.last_name')
      .orderBy('m.first_name');
    if (audience.audience_mentor_categories.length > 0)
      mentorQuery = mentorQuery.where('m.category', 'in', [...audience.audience_mentor_categories]);
    const mentors = await mentorQuery.execute();
    for (const m of mentors)
      options.push({ value: `mentor:${m.id}`, label: `${m.name} — наставник${m.position ? `, ${m.position}` : ''}` });
  }
  if (roles.includes('mentee')) {
    let menteeQuery = db
      .selectFrom('mentees as e')
      .select(['e.id', sql<string>`concat_ws(' ', e.last_name, e.first_name, e.middle_name)`.as('name'), 'e.position'])
      .where('e.organization_id', '=', schoolId)
      .where('e.category', '<>', 'student')
      .where('e.archived_at', 'is', null)
      .where('e.erased_at', 'is', null)
      .where('e.status', '<>', 'left')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('event_registrations as r')
              .select('r.id')
              .where('r.event_id', '=', eventId)
              .where((w) => w.or([w('r.mentee_id', '=', w.ref('e.id')), w('r.user_id', '=', w.ref('e.user_id'))])),
          ),
        ),
      )
      .orderBy('e.last_name')
      .orderBy('e.first_name');
    if (audience.audience_mentee_categories.length > 0)
      menteeQuery = menteeQuery.where('e.category', 'in', [...audience.audience_mentee_categories]);
    const mentees = await menteeQuery.execute();
    for (const e of mentees)
      options.push({ value: `mentee:${e.id}`, label: `${e.name} — наставляемый педагог${e.position ? `, ${e.position}` : ''}` });
  }
  return options;
}

/** A mentor or a teacher-mentee of a school, current, as the curator registers it. */
export async function schoolPerson(
  db: Db,
  kind: 'mentor' | 'mentee',
  id: number,
  schoolId: number,
): Promise<{ id: number; user_id: number | null; category: string } | undefined> {
  if (kind === 'mentor')
    return db
      .selectFrom('mentors')
      .select(['id', 'user_id', 'category'])
      .where('id', '=', id)
      .where('organization_id', '=', schoolId)
      .where('archived_at', 'is', null)
      .where('erased_at', 'is', null)
      .where('status', '<>', 'left')
      .executeTakeFirst();
  return db
    .selectFrom('mentees')
    .select(['id', 'user_id', 'category'])
    .where('id', '=', id)
    .where('organization_id', '=', schoolId)
    .where('category', '<>', 'student')
    .where('archived_at', 'is', null)
    .where('erased_at', 'is', null)
    .where('status', '<>', 'left')
    .executeTakeFirst();
}

/** The items (not sections) of an organiser's own roadmaps: what an event may carry out. */
export function roadmapItemOptions(
  db: Db,
  organizerId: number,
): Promise<{ id: number; number: string | null; activity: string; roadmap_title: string }[]> {
  return db
    .selectFrom('roadmap_items as i')
    .innerJoin('roadmaps as r', 'r.id', 'i.roadmap_id')
    .select(['i.id', 'i.number', 'i.activity', 'r.title as roadmap_title'])
    .where('r.organization_id', '=', organizerId)
    .where('r.kind', '=', 'plan')
    .where('i.kind', '=', 'item')
    .orderBy('r.id')
    .orderBy('i.position')
    .execute();
}

export function roadmapItemOf(
  db: Db,
  itemId: number,
): Promise<{ id: number; roadmap_id: number; number: string | null; activity: string } | undefined> {
  return db
    .selectFrom('roadmap_items')
    .select(['id', 'roadmap_id', 'number', 'activity'])
    .where('id', '=', itemId)
    .executeTakeFirst();
}

/** The active schools of a municipality: the audience's choice. */
export function schoolsOf(db: Db, municipalityId: number): Promise<{ id: number; short_name: string }[]> {
  return db
    .selectFrom('organizations')
    .select(['id', 'short_name'])
    .where('municipality_id', '=', municipalityId)
    .where('type', '=', 'school')
    .where('is_active', '=', true)
    .orderBy('short_name')
    .execute();
}

/** The active accounts of an event's audience: its roles in its organiser school, or in the schools (all or chosen) of the municipality. */
export async function audienceUserIds(
  db: Db,
  event: {
    municipality_id: number;
    organizer_id: number;
    audience_roles: readonly EventAudienceRole[];
    audience_mentor_categories: readonly string[];
    audience_mentee_categories: readonly string[];
    all_schools: boolean;
    school_ids: readonly number[];
  },
): Promise<number[]> {
  if (event.audience_roles.length === 0) return [];
  let query = db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select('users.id')
    .where('users.is_active', '=', true)
    .where('users.role', 'in', [...event.audience_roles]);
  if (event.organizer_id !== event.municipality_id) query = query.where('users.organization_id', '=', event.organizer_id);
  else if (event.all_schools) query = query.where('organizations.municipality_id', '=', event.municipality_id);
  else if (event.school_ids.length === 0) return [];
  else query = query.where('users.organization_id', 'in', [...event.school_ids]);
  query = query.where(adultAudienceAccounts());
  // The categories, when the event names some: a mentor's or a mentee's of the record linked to its account.
  query = query.where(audienceCategoryAccounts(event));
  return (await query.execute()).map((r) => r.id);
}

/** The category of the mentor or the mentee record linked to the account; null when none is. */
export async function categoryOfAccount(db: Db, user: CurrentUser): Promise<string | null> {
  const kind = personRecordKindOf(user);
  if (kind === null) return null;
  const row = await db
    .selectFrom(kind === 'mentor' ? 'mentors' : 'mentees')
    .select('category')
    .where('user_id', '=', user.id)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return row?.category ?? null;
}

/** Whether the account is linked to a teacher-mentee of the bases (not a pupil). */
export async function isTeacherMenteeAccount(db: Db, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('mentees')
    .select('id')
    .where('user_id', '=', userId)
    .where('category', '<>', 'student')
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The contest's winners and prize-winners who are mentors of the bases (registered as such, or
 * through an account linked to a mentor), with the year's list of best mentors' row made from
 * this contest, if any.
 */
export function contestWinnerMentors(
  db: Db,
  eventId: number,
): Promise<Array<{ registration_id: number; mentor_id: number; result: EventResult; listed: boolean }>> {
  return db
    .selectFrom('event_registrations as r')
    .innerJoin('mentors as m', (join) =>
      join.on((eb) =>
        eb.or([
          eb('m.id', '=', eb.ref('r.mentor_id')),
          eb.and([eb('r.mentor_id', 'is', null), eb('m.user_id', '=', eb.ref('r.user_id'))]),
        ]),
      ),
    )
    .select([
      'r.id as registration_id',
      'm.id as mentor_id',
      sql<EventResult>`r.result`.as('result'),
      sql<boolean>`exists (select 1 from best_mentors b where b.mentor_id = m.id and b.event_id = r.event_id)`.as('listed'),
    ])
    .where('r.event_id', '=', eventId)
    .where('r.result', 'in', ['winner', 'prize_winner'])
    .where('m.erased_at', 'is', null)
    .orderBy('r.id')
    .execute();
}

export interface EventFileRow {
  file_id: number;
  title: string;
  original_name: string;
  size_bytes: number;
}

/** An event's materials as files, in the order they were added. */
export function eventFiles(db: Db, eventId: number): Promise<EventFileRow[]> {
  return db
    .selectFrom('event_files as e')
    .innerJoin('files as f', 'f.id', 'e.file_id')
    .select(['e.file_id', 'e.title', 'f.original_name', 'f.size_bytes'])
    .where('e.event_id', '=', eventId)
    .orderBy('e.id')
    .execute();
}
