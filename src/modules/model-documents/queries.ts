import type { Kysely, Transaction } from 'kysely';
import { modelDocumentsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, ModelDocument, SchoolDocumentType } from '../../db/types.js';
import { DEFAULT_PER_PAGE, offsetOf, type Page, pageOf } from '../../lib/pagination.js';
import type { ModelListQuery } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

export type ModelRow = ModelDocument & {
  file_name: string | null;
  file_size: number | null;
};

export interface ModelListRow {
  id: number;
  title: string;
  type: SchoolDocumentType;
  description: string | null;
  status: ModelDocument['status'];
  file_name: string | null;
  updated_at: Date;
}

/** One model by id with its file's name and size, or undefined; the rules decide who may read it. */
export function findModel(db: Db, id: number): Promise<ModelRow | undefined> {
  return db
    .selectFrom('model_documents')
    .leftJoin('files', 'files.id', 'model_documents.file_id')
    .selectAll('model_documents')
    .select(['files.original_name as file_name', 'files.size_bytes as file_size'])
    .where('model_documents.id', '=', id)
    .executeTakeFirst();
}

/** The library the user reads: its municipality's published models (the coordinator's: all), by type and title. */
export async function listModels(
  db: Kysely<Database>,
  user: CurrentUser,
  query: ModelListQuery,
  perPage = DEFAULT_PER_PAGE,
): Promise<Page<ModelListRow>> {
  let base = db.selectFrom('model_documents').where(modelDocumentsInScope(user));
  if (query.type) base = base.where('model_documents.type', '=', query.type);
  const paging = { page: query.page, perPage };
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin('files', 'files.id', 'model_documents.file_id')
    .select([
      'model_documents.id',
      'model_documents.title',
      'model_documents.type',
      'model_documents.description',
      'model_documents.status',
      'model_documents.updated_at',
      'files.original_name as file_name',
    ])
    .orderBy('model_documents.status', 'asc')
    .orderBy('model_documents.title')
    .orderBy('model_documents.id')
    .limit(perPage)
    .offset(offsetOf(paging))
    .execute();
  return pageOf(rows, Number(total), paging);
}

/** A school with what its documents print: names and their cases, the head, the municipality's name. */
export function findSchool(db: Db, id: number) {
  return db
    .selectFrom('organizations as school')
    .leftJoin('organizations as municipality', 'municipality.id', 'school.municipality_id')
    .select([
      'school.id',
      'school.municipality_id',
      'school.full_name',
      'school.short_name',
      'school.full_name_genitive',
      'school.full_name_prepositional',
      'school.head_name',
      'school.head_position',
      'municipality.full_name as municipality_name',
    ])
    .where('school.id', '=', id)
    .where('school.type', '=', 'school')
    .executeTakeFirst();
}

export type SchoolRow = NonNullable<Awaited<ReturnType<typeof findSchool>>>;

/** The schools of a municipality, for the coordinator's choice. */
export function municipalSchools(db: Db, municipalityId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'short_name'])
    .where('municipality_id', '=', municipalityId)
    .where('type', '=', 'school')
    .where('is_active', '=', true)
    .orderBy('short_name')
    .execute();
}

/** The school's curator accounts (active), for the choice of the curator a document names. */
export function schoolCurators(db: Db, schoolId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'full_name', 'position'])
    .where('organization_id', '=', schoolId)
    .where('role', '=', 'curator')
    .where('is_active', '=', true)
    .orderBy('full_name')
    .execute();
}

/** The mentors an order appoints: the school's base, active, with their consent recorded, not archived. */
export function appointableMentors(db: Db, schoolId: number) {
  return db
    .selectFrom('mentors')
    .select(['id', 'last_name', 'first_name', 'middle_name', 'position', 'category', 'forms'])
    .where('organization_id', '=', schoolId)
    .where('status', '=', 'active')
    .where('consent_date', 'is not', null)
    .where('archived_at', 'is', null)
    .where('erased_at', 'is', null)
    .orderBy('last_name')
    .orderBy('first_name')
    .orderBy('middle_name')
    .orderBy('id')
    .execute();
}

/** The forms of mentoring the school works in: those of its programmes (not archived) and of its pairs (forming, active). */
export async function schoolForms(db: Db, schoolId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('programmes')
    .select('form')
    .where('organization_id', '=', schoolId)
    .where('archived_at', 'is', null)
    .union(
      db.selectFrom('pairs').select('form').where('organization_id', '=', schoolId).where('status', 'in', ['forming', 'active']),
    )
    .execute();
  return rows.map((r) => r.form);
}
