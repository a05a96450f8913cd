import type { Kysely, Transaction } from 'kysely';
import { portfoliosInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { AwardKind, AwardLevel, Database, EventKind, EventLevel, EventResult, PairStatus } from '../../db/types.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The mentor of a portfolio, with its school (the base that records it) for the heading and the signature. */
export interface PortfolioMentorRow {
  id: number;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  category: string;
  position: string | null;
  qualification: string | null;
  forms: string[];
  user_id: number | null;
  organization_id: number;
  municipality_id: number | null;
  school_name: string;
  school_short_name: string;
  head_name: string | null;
}

function mentorsWithSchool(db: Db) {
  return db
    .selectFrom('mentors')
    .innerJoin('organizations', 'organizations.id', 'mentors.organization_id')
    .select([
      'mentors.id',
      'mentors.last_name',
      'mentors.first_name',
      'mentors.middle_name',
      'mentors.category',
      'mentors.position',
      'mentors.qualification',
      'mentors.forms',
      'mentors.user_id',
      'mentors.organization_id',
      'organizations.municipality_id',
      'organizations.full_name as school_name',
      'organizations.short_name as school_short_name',
      'organizations.head_name',
    ])
    .where('mentors.erased_at', 'is', null);
}

/** A mentor of the user's scope (an erased record has no portfolio). */
export function portfolioMentor(db: Db, user: CurrentUser, mentorId: number): Promise<PortfolioMentorRow | undefined> {
  return mentorsWithSchool(db).where('mentors.id', '=', mentorId).where(portfoliosInScope(user)).executeTakeFirst();
}

/**
 * The record of the bases linked to an account: at most one (mentors.user_id is unique). A mentor
 * working at several schools is one record opened to the municipality (issue 17), not several.
 */
export function mentorOfAccount(db: Db, userId: number): Promise<PortfolioMentorRow | undefined> {
  return mentorsWithSchool(db).where('mentors.user_id', '=', userId).executeTakeFirst();
}

export interface PortfolioPairRow {
  id: number;
  form: string;
  kind: string;
  status: PairStatus;
  planned_start: string;
  planned_end: string;
  activated_at: Date | null;
  completed_on: string | null;
  terminated_on: string | null;
  results: string | null;
  mentor_satisfaction: number | null;
  meeting_count: number;
  minutes: number;
  organization_id: number;
  school_short_name: string;
  programme_title: string;
}

/** Every pair and group of the mentor (at any school: a shared mentor's too), with its meetings' count and minutes. */
export async function pairsOfMentor(db: Db, mentorId: number): Promise<PortfolioPairRow[]> {
  const rows = await db
    .selectFrom('pair_mentors')
    .innerJoin('pairs', 'pairs.id', 'pair_mentors.pair_id')
    .innerJoin('organizations', 'organizations.id', 'pairs.organization_id')
    .innerJoin('programmes', 'programmes.id', 'pairs.programme_id')
    .select((eb) => [
      'pairs.id',
      'pairs.form',
      'pairs.kind',
      'pairs.status',
      'pairs.planned_start',
      'pairs.planned_end',
      'pairs.activated_at',
      'pairs.completed_on',
      'pairs.terminated_on',
      'pairs.results',
      'pairs.mentor_satisfaction',
      'pairs.meeting_count',
      'pairs.organization_id',
      'organizations.short_name as school_short_name',
      'programmes.title as programme_title',
      eb
        .selectFrom('meetings')
        .select((m) => m.fn.coalesce(m.fn.sum<number>('meetings.duration_minutes'), m.lit(0)).as('minutes'))
        .whereRef('meetings.pair_id', '=', 'pairs.id')
        .as('minutes'),
    ])
    .where('pair_mentors.mentor_id', '=', mentorId)
    .where('pairs.status', '!=', 'forming')
    .orderBy('pairs.planned_start', 'desc')
    .orderBy('pairs.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, minutes: Number(r.minutes ?? 0), meeting_count: Number(r.meeting_count) }));
}

export interface PortfolioMenteeRow {
  pair_id: number;
  id: number;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  category: string;
  class_name: string | null;
  position: string | null;
  erased_at: Date | null;
  organization_id: number;
  municipality_id: number | null;
  /** The mentee's satisfaction with the pair, given at its completion (1–10). */
  satisfaction: number | null;
}

export async function menteesOfPairs(db: Db, pairIds: number[]): Promise<PortfolioMenteeRow[]> {
  if (pairIds.length === 0) return [];
  return db
    .selectFrom('pair_mentees')
    .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
    .innerJoin('organizations', 'organizations.id', 'mentees.organization_id')
    .select([
      'pair_mentees.pair_id',
      'mentees.id',
      'mentees.last_name',
      'mentees.first_name',
      'mentees.middle_name',
      'mentees.category',
      'mentees.class_name',
      'mentees.position',
      'mentees.erased_at',
      'mentees.organization_id',
      'organizations.municipality_id',
      'pair_mentees.satisfaction',
    ])
    .where('pair_mentees.pair_id', 'in', pairIds)
    .orderBy('mentees.last_name')
    .orderBy('mentees.id')
    .execute();
}

/** The mentees' ratings (1–10) of the pairs' meetings. */
export async function meetingRatings(db: Db, pairIds: number[]): Promise<Array<{ pair_id: number; rating: number }>> {
  if (pairIds.length === 0) return [];
  const rows = await db
    .selectFrom('meeting_feedback')
    .innerJoin('meetings', 'meetings.id', 'meeting_feedback.meeting_id')
    .select(['meetings.pair_id', 'meeting_feedback.rating'])
    .where('meetings.pair_id', 'in', pairIds)
    .where('meeting_feedback.rating', 'is not', null)
    .execute();
  return rows.map((r) => ({ pair_id: r.pair_id, rating: Number(r.rating) }));
}

export interface PortfolioTrainingRow {
  id: number;
  course: string;
  completed_on: string | null;
  hours: number | null;
  /** The event that added it when the mentor's attendance was marked (0033); null: typed by hand. */
  event_id: number | null;
}

/** The mentor's training: the records typed by hand and those the attended events added. */
export function trainingsOfMentor(db: Db, mentorId: number): Promise<PortfolioTrainingRow[]> {
  return db
    .selectFrom('mentor_trainings')
    .select(['id', 'course', 'completed_on', 'hours', 'event_id'])
    .where('mentor_id', '=', mentorId)
    .orderBy('completed_on', (ob) => ob.desc().nullsLast())
    .orderBy('id')
    .execute();
}

export interface PortfolioEventRow {
  id: number;
  title: string;
  kind: EventKind;
  level: EventLevel;
  starts_at: Date;
  ends_at: Date;
  organizer_name: string;
  attended: boolean | null;
  result: EventResult | null;
}

/**
 * The events the mentor took part in: its registrations (as a record of the base, or through its
 * account) marked attended or given a result; a cancelled event is none. One row per event.
 */
export async function eventsOfMentor(db: Db, mentor: { id: number; user_id: number | null }): Promise<PortfolioEventRow[]> {
  const rows = await db
    .selectFrom('event_registrations')
    .innerJoin('events', 'events.id', 'event_registrations.event_id')
    .innerJoin('organizations', 'organizations.id', 'events.organizer_id')
    .select([
      'events.id',
      'events.title',
      'events.kind',
      'events.level',
      'events.starts_at',
      'events.ends_at',
      'organizations.short_name as organizer_name',
      'event_registrations.attended',
      'event_registrations.result',
    ])
    .where((eb) =>
      eb.or([
        eb('event_registrations.mentor_id', '=', mentor.id),
        ...(mentor.user_id === null ? [] : [eb('event_registrations.user_id', '=', mentor.user_id)]),
      ]),
    )
    .where((eb) => eb.or([eb('event_registrations.attended', '=', true), eb('event_registrations.result', 'is not', null)]))
    .where('events.status', '!=', 'cancelled')
    .orderBy('events.starts_at', 'desc')
    .orderBy('events.id')
    .execute();
  const byEvent = new Map<number, PortfolioEventRow>();
  for (const r of rows) {
    const seen = byEvent.get(r.id);
    if (!seen || (seen.result === null && r.result !== null)) byEvent.set(r.id, r);
  }
  return [...byEvent.values()];
}

export interface PortfolioAwardRow {
  id: number;
  kind: AwardKind;
  level: AwardLevel;
  awarded_on: string;
  order_number: string | null;
  order_date: string | null;
  issued_by: string | null;
}

export function awardsOfMentor(db: Db, mentorId: number): Promise<PortfolioAwardRow[]> {
  return db
    .selectFrom('awards')
    .select(['id', 'kind', 'level', 'awarded_on', 'order_number', 'order_date', 'issued_by'])
    .where('mentor_id', '=', mentorId)
    .orderBy('awarded_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}
