import { type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import { documentSchoolOf } from '../../access/policy.js';
import { documentConcernsMinor, documentsInScope, municipalityWideOf } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, SchoolDocument, SchoolDocumentType } from '../../db/types.js';
import { DEFAULT_PER_PAGE, offsetOf, type Page, pageOf } from '../../lib/pagination.js';
import { exactMatch, searchWords } from '../people/queries.js';
import type { DocumentListQuery } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A document with its school and the person it concerns, as its page and the rules read it. */
export type DocumentRow = SchoolDocument & {
  organization_name: string;
  municipality_id: number | null;
  /** «Фамилия Имя Отчество» of the mentor or mentee it concerns, or null. */
  person_name: string | null;
  person_minor: boolean;
};

export interface DocumentListRow {
  id: number;
  type: SchoolDocumentType;
  number: string | null;
  document_date: string | null;
  title: string | null;
  status: SchoolDocument['status'];
  has_file: boolean;
  organization_id: number;
  organization_name: string;
  person_name: string | null;
  pair_id: number | null;
}

const personName = sql<string | null>`coalesce(
  (select concat_ws(' ', m.last_name, m.first_name, m.middle_name) from mentors m where m.id = school_documents.mentor_id),
  (select concat_ws(' ', e.last_name, e.first_name, e.middle_name) from mentees e where e.id = school_documents.mentee_id))`;

function withSchool(db: Db) {
  return db.selectFrom('school_documents').innerJoin('organizations', 'organizations.id', 'school_documents.organization_id');
}

/** One document by id, with its school and person, or undefined; the rules decide who may read it. */
export function findDocument(db: Db, id: number, bornAfter: string): Promise<DocumentRow | undefined> {
  return withSchool(db)
    .selectAll('school_documents')
    .select([
      'organizations.short_name as organization_name',
      'organizations.municipality_id',
      personName.as('person_name'),
      sql<boolean>`${documentConcernsMinor(bornAfter)}`.as('person_minor'),
    ])
    .where('school_documents.id', '=', id)
    .executeTakeFirst();
}

/** The register: a school's own (curator, head), or every school's of the municipality with the filters. */
export async function listDocuments(
  db: Kysely<Database>,
  user: CurrentUser,
  query: DocumentListQuery,
  bornAfter: string,
  perPage = DEFAULT_PER_PAGE,
): Promise<Page<DocumentListRow>> {
  let base = withSchool(db).where(documentsInScope(user, bornAfter));
  const municipalityId = municipalityWideOf(user);
  if (municipalityId !== null)
    base = base.where(
      sql<SqlBool>`school_documents.organization_id = any(array(select id from organizations where municipality_id = ${municipalityId}))`,
    );
  const school = documentSchoolOf(user);
  if (school !== null) base = base.where('school_documents.organization_id', '=', school);
  else if (query.org) base = base.where('school_documents.organization_id', '=', query.org);
  if (query.type) base = base.where('school_documents.type', '=', query.type);
  if (query.status) base = base.where('school_documents.status', '=', query.status);
  const paging = { page: query.page, perPage };
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'school_documents.id',
      'school_documents.type',
      'school_documents.number',
      'school_documents.document_date',
      'school_documents.title',
      'school_documents.status',
      'school_documents.organization_id',
      'school_documents.pair_id',
      'organizations.short_name as organization_name',
      sql<boolean>`school_documents.file_id is not null`.as('has_file'),
      personName.as('person_name'),
    ])
    .orderBy('organizations.short_name')
    .orderBy(sql`school_documents.document_date desc nulls first`)
    .orderBy('school_documents.id', 'desc')
    .limit(paging.perPage)
    .offset(offsetOf(paging))
    .execute();
  return pageOf(rows, total, paging);
}

/** The people and pairs a document may concern, as the form's select lists them. */
export interface ConcernOptions {
  mentors: Array<{ id: number; name: string }>;
  mentees: Array<{ id: number; name: string }>;
  pairs: number[];
}

const fullName = sql<string>`concat_ws(' ', last_name, first_name, middle_name)`;

/** How many people (erased records left out) and pairs of the school a document may concern. */
export async function concernCount(db: Db, schoolId: number): Promise<number> {
  const row = await sql<{ n: number }>`select
      (select count(*) from mentors where organization_id = ${schoolId} and erased_at is null)
    + (select count(*) from mentees where organization_id = ${schoolId} and erased_at is null)
    + (select count(*) from pairs where organization_id = ${schoolId}) as n`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

/**
 * The people and pairs of a school a document may concern (the form's select); erased records left
 * out. With a search (`q`), only the people whose name holds every word typed and the pair whose
 * number it is, at most `limit` of each; `chosen` is listed whatever the search.
 */
export async function concernOptions(
  db: Db,
  schoolId: number,
  search?: { q: string; chosen: { kind: 'mentor' | 'mentee' | 'pair'; id: number } | null; limit: number },
): Promise<ConcernOptions> {
  const words = search ? searchWords(search.q) : [];
  const people = (table: 'mentors' | 'mentees') => {
    let query = db
      .selectFrom(table)
      .select(['id', fullName.as('name')])
      .where('organization_id', '=', schoolId)
      .where('erased_at', 'is', null);
    if (search) {
      const kind = table === 'mentors' ? 'mentor' : 'mentee';
      const chosen = search.chosen?.kind === kind ? search.chosen.id : 0;
      const all = words.length
        ? sql<SqlBool>`${sql.join(
            words.map((w) => exactMatch(w, table)),
            sql` and `,
          )}`
        : sql<SqlBool>`false`;
      // The one chosen first, so that the limit never leaves it out.
      query = query
        .where(sql<SqlBool>`(${all} or ${sql.ref(`${table}.id`)} = ${chosen})`)
        .orderBy(sql`${sql.ref(`${table}.id`)} = ${chosen} desc`)
        .limit(search.limit + 1);
    }
    return query.orderBy('last_name').orderBy('first_name').orderBy('id').execute();
  };
  let pairs = db.selectFrom('pairs').select('id').where('organization_id', '=', schoolId);
  if (search) {
    const number = /^(?:№\s*)?(\d{1,9})$/.exec(search.q.trim())?.[1];
    const ids = [number === undefined ? 0 : Number(number), search.chosen?.kind === 'pair' ? search.chosen.id : 0];
    pairs = pairs.where('id', 'in', ids);
  }
  const [mentors, mentees, pairRows] = await Promise.all([people('mentors'), people('mentees'), pairs.orderBy('id').execute()]);
  return { mentors, mentees, pairs: pairRows.map((p) => p.id) };
}

/** Whether the mentor, mentee or pair belongs to the school (and a person is not erased). */
export async function concernsSchool(db: Db, kind: 'mentor' | 'mentee' | 'pair', id: number, schoolId: number): Promise<boolean> {
  const table = kind === 'mentor' ? 'mentors' : kind === 'mentee' ? 'mentees' : 'pairs';
  let query = db.selectFrom(table).select('id').where('id', '=', id).where('organization_id', '=', schoolId);
  if (table !== 'pairs') query = query.where(sql<SqlBool>`erased_at is null`);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The pairs an order fixing pairs (pair_orders) made active or put on its list. */
export async function pairsOfOrder(db: Db, orderId: number): Promise<number[]> {
  const rows = await db.selectFrom('pairs').select('id').where('order_id', '=', orderId).orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** The municipality's package of required types. */
export async function requiredTypes(db: Db, municipalityId: number): Promise<SchoolDocumentType[]> {
  const rows = await db
    .selectFrom('document_requirements')
    .select('type')
    .where('municipality_id', '=', municipalityId)
    .execute();
  return rows.map((r) => r.type);
}

export interface MatrixCell {
  /** Documents of the type in force. */
  active: number;
  /** Drafts of the type (none in force may mean it is being prepared). */
  drafts: number;
  /** Documents of the type (not void) sent to the methodological centre and not answered yet. */
  waiting: number;
  /** Documents of the type (not void) the centre returned, not sent again yet. */
  returned: number;
}

/** The outcome of the document's newest sending to the centre (school_documents in the query). */
const lastOutcome = sql`(select ca.outcome from centre_agreements ca
  where ca.object_type = 'document' and ca.object_id = school_documents.id order by ca.id desc limit 1)`;

/**
 * The schools of the municipality × the required types: how many documents of each type each
 * school has in force and in draft, and how many wait for the centre's agreement or came back from
 * it. One grouped query.
 */
export async function documentMatrix(
  db: Kysely<Database>,
  municipalityId: number,
  types: SchoolDocumentType[],
): Promise<Array<{ id: number; short_name: string; cells: Record<string, MatrixCell> }>> {
  const schools = await db
    .selectFrom('organizations')
    .select(['id', 'short_name'])
    .where('municipality_id', '=', municipalityId)
    .where('type', '=', 'school')
    .where('is_active', '=', true)
    .orderBy('short_name')
    .execute();
  if (schools.length === 0 || types.length === 0) return schools.map((s) => ({ ...s, cells: {} }));
  const counts = await db
    .selectFrom('school_documents')
    .select([
      'organization_id',
      'type',
      sql<number>`(count(*) filter (where status = 'active'))::int`.as('active'),
      sql<number>`(count(*) filter (where status = 'draft'))::int`.as('drafts'),
      sql<number>`(count(*) filter (where status <> 'void' and exists (select 1 from centre_agreements ca where ca.object_type = 'document' and ca.object_id = school_documents.id and ca.answered_at is null)))::int`.as(
        'waiting',
      ),
      sql<number>`(count(*) filter (where status <> 'void' and ${lastOutcome} = 'returned'))::int`.as('returned'),
    ])
    .where(
      'organization_id',
      'in',
      schools.map((s) => s.id),
    )
    .where('type', 'in', types)
    .groupBy(['organization_id', 'type'])
    .execute();
  const bySchool = new Map<number, Record<string, MatrixCell>>();
  for (const c of counts) {
    const cells = bySchool.get(c.organization_id) ?? {};
    cells[c.type] = { active: c.active, drafts: c.drafts, waiting: c.waiting, returned: c.returned };
    bySchool.set(c.organization_id, cells);
  }
  return schools.map((s) => ({ ...s, cells: bySchool.get(s.id) ?? {} }));
}
