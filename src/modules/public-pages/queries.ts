import { type Kysely, sql } from 'kysely';
import { PUBLIC_DOCUMENT_TYPES } from '../../access/policy.js';
import type { Database, EventKind, PublicNewsStatus, SchoolDocumentType } from '../../db/types.js';

export interface PublicPlace {
  id: number;
  slug: string;
  full_name: string;
  short_name: string;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
}

const PLACE_COLUMNS = ['id', 'slug', 'full_name', 'short_name', 'address', 'phone', 'email', 'website'] as const;

/** The active municipalities of the portal, by name. */
export function listMunicipalities(db: Kysely<Database>): Promise<PublicPlace[]> {
  return db
    .selectFrom('organizations')
    .select(PLACE_COLUMNS)
    .where('type', '=', 'municipality')
    .where('is_active', '=', true)
    .orderBy('short_name')
    .execute();
}

export function findMunicipality(db: Kysely<Database>, slug: string): Promise<PublicPlace | undefined> {
  return db
    .selectFrom('organizations')
    .select(PLACE_COLUMNS)
    .where('type', '=', 'municipality')
    .where('is_active', '=', true)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

/** The active schools of a municipality (all of them, or the one with `slug`). */
export function listSchools(db: Kysely<Database>, municipalityId: number, slug?: string): Promise<PublicPlace[]> {
  let query = db
    .selectFrom('organizations')
    .select(PLACE_COLUMNS)
    .where('type', '=', 'school')
    .where('is_active', '=', true)
    .where('municipality_id', '=', municipalityId);
  if (slug !== undefined) query = query.where('slug', '=', slug);
  return query.orderBy('short_name').execute();
}

export interface NewsItem {
  id: number;
  organization_id: number;
  title: string;
  body: string;
  status: PublicNewsStatus;
  published_at: Date | null;
  updated_at: Date;
  author_name: string | null;
}

function newsQuery(db: Kysely<Database>) {
  return db
    .selectFrom('public_news as n')
    .leftJoin('users as u', 'u.id', 'n.author_id')
    .select([
      'n.id',
      'n.organization_id',
      'n.title',
      'n.body',
      'n.status',
      'n.published_at',
      'n.updated_at',
      'u.full_name as author_name',
    ]);
}

/** The published news of the organisations, newest first. */
export function publishedNews(db: Kysely<Database>, organizationIds: number[], limit = 20): Promise<NewsItem[]> {
  if (organizationIds.length === 0) return Promise.resolve([]);
  return newsQuery(db)
    .where('n.organization_id', 'in', organizationIds)
    .where('n.status', '=', 'published')
    .orderBy('n.published_at', 'desc')
    .orderBy('n.id', 'desc')
    .limit(limit)
    .execute();
}

/** Every news item of one organisation (drafts first), for its owner. */
export function newsOf(db: Kysely<Database>, organizationId: number): Promise<NewsItem[]> {
  return newsQuery(db)
    .where('n.organization_id', '=', organizationId)
    .orderBy(sql`n.published_at is not null`)
    .orderBy('n.published_at', 'desc')
    .orderBy('n.id', 'desc')
    .execute();
}

export function findNews(db: Kysely<Database>, id: number): Promise<NewsItem | undefined> {
  return newsQuery(db).where('n.id', '=', id).executeTakeFirst();
}

export interface PublicEvent {
  id: number;
  title: string;
  kind: EventKind;
  starts_at: Date;
  ends_at: Date;
  place: string | null;
  video_url: string | null;
}

/**
 * Public events, not cancelled, from `since` on: the municipality's own (organised by it) or, with
 * `schoolId`, the school's own and the municipality's addressed to it. Never registrations.
 */
export function publicEvents(
  db: Kysely<Database>,
  municipalityId: number,
  schoolId: number | null,
  since: Date,
): Promise<PublicEvent[]> {
  return db
    .selectFrom('events as e')
    .select(['e.id', 'e.title', 'e.kind', 'e.starts_at', 'e.ends_at', 'e.place', 'e.video_url'])
    .where('e.municipality_id', '=', municipalityId)
    .where('e.is_public', '=', true)
    .where('e.status', '!=', 'cancelled')
    .where('e.ends_at', '>=', since)
    .where((eb) =>
      schoolId === null
        ? eb('e.organizer_id', '=', municipalityId)
        : eb.or([
            eb('e.organizer_id', '=', schoolId),
            eb.and([
              eb('e.organizer_id', '=', municipalityId),
              eb.or([
                eb('e.all_schools', '=', true),
                eb.exists(
                  eb
                    .selectFrom('event_schools as es')
                    .select('es.event_id')
                    .whereRef('es.event_id', '=', 'e.id')
                    .where('es.organization_id', '=', schoolId),
                ),
              ]),
            ]),
          ]),
    )
    .orderBy('e.starts_at')
    .limit(50)
    .execute();
}

export interface PublicDocument {
  id: number;
  type: SchoolDocumentType;
  number: string | null;
  document_date: string | null;
  title: string | null;
  /** Downloadable: the register holds its file. */
  has_file: boolean;
}

/** A school's public documents in force; never one about a person or a pair. */
export function publicDocuments(db: Kysely<Database>, schoolId: number): Promise<PublicDocument[]> {
  return publicDocumentQuery(db, schoolId)
    .select(['d.id', 'd.type', 'd.number', 'd.document_date', 'd.title', sql<boolean>`d.file_id is not null`.as('has_file')])
    .orderBy('d.document_date', 'desc')
    .orderBy('d.id', 'desc')
    .execute();
}

function publicDocumentQuery(db: Kysely<Database>, schoolId: number) {
  return db
    .selectFrom('school_documents as d')
    .where('d.organization_id', '=', schoolId)
    .where('d.is_public', '=', true)
    .where('d.status', '=', 'active')
    .where('d.type', 'in', PUBLIC_DOCUMENT_TYPES)
    .where('d.mentor_id', 'is', null)
    .where('d.mentee_id', 'is', null)
    .where('d.pair_id', 'is', null)
    .where('d.pair_order_id', 'is', null);
}

/** The stored file of a school's public document, or undefined. */
export function publicDocumentFile(db: Kysely<Database>, schoolId: number, id: number) {
  return publicDocumentQuery(db, schoolId)
    .innerJoin('files as f', 'f.id', 'd.file_id')
    .select(['f.storage_key', 'f.original_name', 'f.media_type'])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

export interface PublicBestMentor {
  id: number;
  name: string;
  position: string | null;
  school: string;
  year: number;
  reason: string;
}

/**
 * The best mentors who consented to be shown: never a student, never one known to be under 18 on
 * the day, never an erased or archived person.
 */
export function publicBestMentors(
  db: Kysely<Database>,
  municipalityId: number,
  schoolId: number | null,
  today: string,
): Promise<PublicBestMentor[]> {
  let query = db
    .selectFrom('best_mentors as b')
    .innerJoin('mentors as m', 'm.id', 'b.mentor_id')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select([
      'b.id',
      sql<string>`concat_ws(' ', m.last_name, m.first_name, m.middle_name)`.as('name'),
      'm.position',
      'o.short_name as school',
      'b.year',
      'b.reason',
    ])
    .where('b.municipality_id', '=', municipalityId)
    .where('b.public_consent', '=', true)
    .where('m.category', '!=', 'student')
    .where('m.erased_at', 'is', null)
    .where('m.archived_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('m.birth_date', 'is', null),
        eb('m.birth_date', '<=', sql<string>`(${today}::date - interval '18 years')::date`),
      ]),
    );
  if (schoolId !== null) query = query.where('m.organization_id', '=', schoolId);
  return query.orderBy('b.year', 'desc').orderBy('m.last_name').orderBy('m.first_name').execute();
}

export interface PublicContact {
  full_name: string;
  position: string | null;
}

/** The names and positions of the active accounts of a role group: the municipality's coordinators or a school's curators. */
export function publicContacts(db: Kysely<Database>, municipalityId: number, schoolId: number | null): Promise<PublicContact[]> {
  let query = db
    .selectFrom('users as u')
    .innerJoin('organizations as o', 'o.id', 'u.organization_id')
    .select(['u.full_name', 'u.position'])
    .where('u.is_active', '=', true);
  query =
    schoolId === null
      ? query.where('u.role', '=', 'coordinator').where('o.municipality_id', '=', municipalityId)
      : query.where('u.role', '=', 'curator').where('u.organization_id', '=', schoolId);
  return query.orderBy('u.full_name').execute();
}

export interface PublicIndicatorRow {
  code: string;
  name: string;
  unit: 'percent' | 'count';
  level: 'municipality' | 'school' | 'both';
  numerator: string | null;
  denominator: string | null;
  value: string | null;
}

/**
 * The indicators the department publishes (not archived), in the catalogue's order, with the
 * organisation's stored value of the year: as the recount left it, never counted here.
 */
export function publicIndicatorValues(
  db: Kysely<Database>,
  municipalityId: number,
  organizationId: number,
  year: number,
): Promise<PublicIndicatorRow[]> {
  return db
    .selectFrom('indicators as i')
    .leftJoin('indicator_results as r', (j) =>
      j.onRef('r.indicator_id', '=', 'i.id').on('r.organization_id', '=', organizationId).on('r.year', '=', year),
    )
    .select(['i.code', 'i.name', 'i.unit', 'i.level', 'r.numerator', 'r.denominator', 'r.value'])
    .where('i.municipality_id', '=', municipalityId)
    .where('i.is_public', '=', true)
    .where('i.archived_at', 'is', null)
    .orderBy('i.position')
    .orderBy('i.id')
    .execute();
}
