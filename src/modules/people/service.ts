import type { FileStore } from '../../lib/uploads.js';
import { dropConsentsOf } from '../documents/service.js';
import { type Kysely, sql, type Transaction } from 'kysely';
import { canEditPerson, canShareMentor, canViewPerson, keepsBases } from '../../access/policy.js';
import type { Database, Mentee, Mentor } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { type Actor, auditActor, changedFields, recordAudit } from '../audit/service.js';
import { findOrganization } from '../organizations/queries.js';
import type { PersonKind } from './labels.js';
import { forgetUnusedNameWords, nameWordsOf, personTagIds } from './queries.js';
import { ageGroup, todayIso } from './rules.js';
import { type MenteeInput, type MentorInput, mentorOriginRule } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface PersonRecord<T> {
  person: T;
  organization: { id: number; short_name: string; municipality_id: number | null };
  tagIds: number[];
}

async function loadPerson<K extends PersonKind>(db: Db, kind: K, id: number) {
  const person =
    kind === 'mentors'
      ? await db.selectFrom('mentors').selectAll().where('id', '=', id).executeTakeFirst()
      : await db.selectFrom('mentees').selectAll().where('id', '=', id).executeTakeFirst();
  if (!person) return undefined;
  const organization = await db
    .selectFrom('organizations')
    .select(['id', 'short_name', 'municipality_id'])
    .where('id', '=', person.organization_id)
    .executeTakeFirstOrThrow();
  return { person: person as K extends 'mentors' ? Mentor : Mentee, organization };
}

/** A mentor or mentee the actor may see: 404 otherwise, whether it exists or not. */
export async function getPerson<K extends PersonKind>(db: Kysely<Database>, actor: Actor, kind: K, id: number) {
  const found = await loadPerson(db, kind, id);
  if (
    !found ||
    !canViewPerson(actor.user, {
      organization_id: found.person.organization_id,
      municipality_id: found.organization.municipality_id,
    })
  ) {
    throw new NotFoundError();
  }
  return { ...found, tagIds: await personTagIds(db, kind, id) };
}

export async function getPersonForChange<K extends PersonKind>(db: Kysely<Database>, actor: Actor, kind: K, id: number) {
  const found = await getPerson(db, actor, kind, id);
  if (
    !canEditPerson(actor.user, {
      organization_id: found.person.organization_id,
      municipality_id: found.organization.municipality_id,
    })
  ) {
    throw new ForbiddenError('Базы наставников и наставляемых ведёт куратор образовательной организации.');
  }
  if (found.person.erased_at)
    throw new ForbiddenError('Персональные данные этого человека удалены: запись осталась только для статистики.');
  return found;
}

/** The school whose bases the actor keeps (a curator's own school). */
function ownSchool(actor: Actor): number {
  if (!keepsBases(actor.user))
    throw new ForbiddenError('Базы наставников и наставляемых ведёт куратор образовательной организации.');
  return actor.user.organizationId;
}

async function checkTags(db: Db, actor: Actor, kind: 'competency' | 'request', ids: number[]): Promise<string | null> {
  if (ids.length === 0) return null;
  const rows = await db
    .selectFrom('tags')
    .select('id')
    .where('id', 'in', ids)
    .where('kind', '=', kind)
    .where('municipality_id', '=', actor.user.municipalityId ?? -1)
    .execute();
  return rows.length === ids.length ? null : 'Выберите значения из списка муниципалитета';
}

async function replaceTags(db: Db, kind: PersonKind, personId: number, tagIds: number[]): Promise<void> {
  if (kind === 'mentors') {
    await db.deleteFrom('mentor_tags').where('mentor_id', '=', personId).execute();
    if (tagIds.length)
      await db
        .insertInto('mentor_tags')
        .values(tagIds.map((tag_id) => ({ mentor_id: personId, tag_id })))
        .execute();
  } else {
    await db.deleteFrom('mentee_tags').where('mentee_id', '=', personId).execute();
    if (tagIds.length)
      await db
        .insertInto('mentee_tags')
        .values(tagIds.map((tag_id) => ({ mentee_id: personId, tag_id })))
        .execute();
  }
}

/** Same name and birth date, or same name and category in the same school: the same person. */
export async function findDuplicate(
  db: Db,
  kind: PersonKind,
  organizationId: number,
  p: { last_name: string; first_name: string; middle_name: string | null; birth_date: string | null; category: string },
  exceptId: number | null,
): Promise<number | null> {
  const table = kind === 'mentors' ? 'mentors' : 'mentees';
  const row = await sql<{ id: number }>`
    select id from ${sql.table(table)}
    where erased_at is null
      and lower(last_name) = lower(${p.last_name}) and lower(first_name) = lower(${p.first_name})
      and coalesce(lower(middle_name), '') = coalesce(lower(${p.middle_name}), '')
      and ((birth_date is not null and birth_date = ${p.birth_date}::date)
           or (organization_id = ${organizationId} and category = ${p.category}))
      and id <> ${exceptId ?? -1}
    limit 1`.execute(db);
  return row.rows[0]?.id ?? null;
}

export type SaveResult = { ok: true; id: number } | { ok: false; errors: FieldErrors };

const DUPLICATE = (kind: PersonKind) =>
  kind === 'mentors'
    ? 'Такой наставник уже есть в базе (то же ФИО и дата рождения или категория)'
    : 'Такой наставляемый уже есть в базе (то же ФИО и дата рождения или категория)';

async function mentorChecks(db: Db, actor: Actor, schoolId: number, input: MentorInput): Promise<FieldErrors | null> {
  const errors: FieldErrors = {};
  const tagError = await checkTags(db, actor, 'competency', input.tag_ids);
  if (tagError) errors.tag_ids = tagError;
  const originId = input.origin_organization_id ?? schoolId;
  const origin = await findOrganization(db, originId);
  const usable =
    origin?.is_active &&
    origin.municipality_id === actor.user.municipalityId &&
    (origin.type === 'partner' || origin.id === schoolId);
  if (!origin || !usable) {
    errors.origin_organization_id = 'Выберите свою школу или организацию-партнёра муниципалитета';
  } else {
    const rule = mentorOriginRule(input.category, origin.type === 'partner' ? 'partner' : 'school');
    if (rule) errors.origin_organization_id = rule;
  }
  return Object.keys(errors).length ? errors : null;
}

/** The columns of a mentor row from a checked input (tags and trainings are written apart). */
export function mentorRow(input: MentorInput, schoolId: number) {
  const { tag_ids: _t, trainings: _tr, ...fields } = input;
  return {
    ...fields,
    origin_organization_id: input.origin_organization_id ?? schoolId,
    age_group: ageGroup(input.birth_date, todayIso()),
  };
}

export function menteeRow(input: MenteeInput) {
  const { tag_ids: _t, ...fields } = input;
  return { ...fields, age_group: ageGroup(input.birth_date, todayIso()) };
}

async function replaceTrainings(db: Db, mentorId: number, trainings: MentorInput['trainings']): Promise<void> {
  // The portal's rows (event_id) follow the events' attendance, not the form.
  await db.deleteFrom('mentor_trainings').where('mentor_id', '=', mentorId).where('event_id', 'is', null).execute();
  if (trainings.length)
    await db
      .insertInto('mentor_trainings')
      .values(trainings.map((t) => ({ ...t, mentor_id: mentorId })))
      .execute();
}

export async function createMentor(db: Kysely<Database>, actor: Actor, input: MentorInput): Promise<SaveResult> {
  const schoolId = ownSchool(actor);
  const errors = await mentorChecks(db, actor, schoolId, input);
  if (errors) return { ok: false, errors };
  if (await findDuplicate(db, 'mentors', schoolId, input, null))
    return { ok: false, errors: { last_name: DUPLICATE('mentors') } };
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('mentors')
      .values({ ...mentorRow(input, schoolId), organization_id: schoolId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await replaceTags(trx, 'mentors', row.id, input.tag_ids);
    await replaceTrainings(trx, row.id, input.trainings);
    await audit(trx, actor, 'create', 'mentor', row.id, schoolId, Object.keys(input));
    return row.id;
  });
  return { ok: true, id };
}

export async function updateMentor(db: Kysely<Database>, actor: Actor, id: number, input: MentorInput): Promise<SaveResult> {
  const { person, tagIds } = await getPersonForChange(db, actor, 'mentors', id);
  const schoolId = person.organization_id;
  const errors = await mentorChecks(db, actor, schoolId, input);
  if (errors) return { ok: false, errors };
  if (await findDuplicate(db, 'mentors', schoolId, input, id)) return { ok: false, errors: { last_name: DUPLICATE('mentors') } };
  const row = mentorRow(input, schoolId);
  const changed = changedFields(person as unknown as Record<string, unknown>, row as Record<string, unknown>).filter(
    (f) => f !== 'forms',
  );
  if (JSON.stringify([...person.forms].sort()) !== JSON.stringify([...row.forms].sort())) changed.push('forms');
  if (JSON.stringify([...tagIds].sort()) !== JSON.stringify([...input.tag_ids].sort())) changed.push('tag_ids');
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('mentors')
      .set({ ...row, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await replaceTags(trx, 'mentors', id, input.tag_ids);
    await replaceTrainings(trx, id, input.trainings);
    await audit(trx, actor, 'update', 'mentor', id, schoolId, [...changed, 'trainings']);
  });
  return { ok: true, id };
}

export async function createMentee(db: Kysely<Database>, actor: Actor, input: MenteeInput): Promise<SaveResult> {
  const schoolId = ownSchool(actor);
  const tagError = await checkTags(db, actor, 'request', input.tag_ids);
  if (tagError) return { ok: false, errors: { tag_ids: tagError } };
  if (await findDuplicate(db, 'mentees', schoolId, input, null))
    return { ok: false, errors: { last_name: DUPLICATE('mentees') } };
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('mentees')
      .values({ ...menteeRow(input), organization_id: schoolId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await replaceTags(trx, 'mentees', row.id, input.tag_ids);
    await audit(trx, actor, 'create', 'mentee', row.id, schoolId, Object.keys(input));
    return row.id;
  });
  return { ok: true, id };
}

export async function updateMentee(db: Kysely<Database>, actor: Actor, id: number, input: MenteeInput): Promise<SaveResult> {
  const { person, tagIds } = await getPersonForChange(db, actor, 'mentees', id);
  const tagError = await checkTags(db, actor, 'request', input.tag_ids);
  if (tagError) return { ok: false, errors: { tag_ids: tagError } };
  if (await findDuplicate(db, 'mentees', person.organization_id, input, id))
    return { ok: false, errors: { last_name: DUPLICATE('mentees') } };
  const row = menteeRow(input);
  const changed = changedFields(person as unknown as Record<string, unknown>, row as Record<string, unknown>);
  if (JSON.stringify([...tagIds].sort()) !== JSON.stringify([...input.tag_ids].sort())) changed.push('tag_ids');
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('mentees')
      .set({ ...row, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await replaceTags(trx, 'mentees', id, input.tag_ids);
    await audit(trx, actor, 'update', 'mentee', id, person.organization_id, changed);
  });
  return { ok: true, id };
}

async function audit(
  db: Db,
  actor: Actor,
  action: 'create' | 'update' | 'archive' | 'restore' | 'erase',
  entityType: 'mentor' | 'mentee',
  id: number,
  organizationId: number,
  fields: string[],
) {
  await recordAudit(db, auditActor(actor), {
    action,
    entityType,
    entityId: id,
    organizationId,
    municipalityId: actor.user.municipalityId,
    changedFields: fields,
  });
}

/** Archive (the person is no longer in the base's daily lists) or restore. */
export async function setArchived(
  db: Kysely<Database>,
  actor: Actor,
  kind: PersonKind,
  id: number,
  archived: boolean,
): Promise<void> {
  const { person } = await getPersonForChange(db, actor, kind, id);
  if ((person.archived_at !== null) === archived) return;
  await db.transaction().execute(async (trx) => {
    const values = { archived_at: archived ? new Date() : null, updated_at: new Date() };
    if (kind === 'mentors') await trx.updateTable('mentors').set(values).where('id', '=', id).execute();
    else await trx.updateTable('mentees').set(values).where('id', '=', id).execute();
    await audit(
      trx,
      actor,
      archived ? 'archive' : 'restore',
      kind === 'mentors' ? 'mentor' : 'mentee',
      id,
      person.organization_id,
      ['archived_at'],
    );
  });
}

/**
 * Opens a mentor to the municipality (other schools may then pair it with their mentees) or closes
 * it again: the coordinator, or the mentor's own curator or head. Only a current mentor (not in the
 * archive, not erased, not gone) with recorded consent is opened. Closing leaves its pairs as they
 * are: it only takes the mentor out of the other schools' proposals.
 */
export async function setMentorShared(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  open: boolean,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const { person, organization } = await getPerson(db, actor, 'mentors', id);
  if (!canShareMentor(actor.user, { organization_id: person.organization_id, municipality_id: organization.municipality_id }))
    throw new ForbiddenError('Открыть наставника муниципалитету могут методический центр и школа, в базе которой он состоит.');
  if ((person.shared_at !== null) === open) return { ok: true };
  if (open) {
    const reason = person.erased_at
      ? 'персональные данные наставника удалены'
      : person.archived_at
        ? 'наставник в архиве'
        : person.status === 'left'
          ? 'наставник выбыл'
          : person.consent_date === null
            ? 'нет письменного согласия на обработку персональных данных: внесите его дату в карточку'
            : null;
    if (reason) return { ok: false, error: `Наставника нельзя открыть муниципалитету: ${reason}.` };
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('mentors')
      .set(open ? { shared_at: new Date(), shared_by: actor.user.id } : { shared_at: null, shared_by: null })
      .where('id', '=', id)
      .execute();
    await audit(trx, actor, 'update', 'mentor', id, person.organization_id, ['shared_at']);
  });
  return { ok: true };
}

/** Fields that hold personal data and are cleared by erasure. */
const ERASED_FIELDS = [
  'last_name',
  'first_name',
  'middle_name',
  'position',
  'birth_date',
  'phone',
  'email',
  'consent_date',
  'consent_number',
];

/**
 * Consent withdrawn or the person left: every personal field is cleared for good; the row stays
 * as an anonymous one (category, age group, school) so that counts and past pairs stay right.
 */
export async function erasePerson(
  db: Kysely<Database>,
  actor: Actor,
  kind: PersonKind,
  id: number,
  store: FileStore | null = null,
): Promise<void> {
  const { person, organization } = await getPersonForChange(db, actor, kind, id);
  const common = {
    last_name: 'Данные удалены',
    first_name: '',
    middle_name: null,
    position: null,
    birth_date: null,
    phone: null,
    email: null,
    consent_date: null,
    consent_number: null,
    status: 'left' as const,
    // The account stays, but no longer speaks for an erased person.
    user_id: null,
    erased_at: new Date(),
    archived_at: person.archived_at ?? new Date(),
    age_group: person.age_group ?? ageGroup(person.birth_date, todayIso()),
    updated_at: new Date(),
  };
  const dropped = await db.transaction().execute(async (trx) => {
    const nameWords = await nameWordsOf(trx, kind, id);
    let fields = [...ERASED_FIELDS, 'user_id'];
    if (kind === 'mentors') {
      await trx
        .updateTable('mentors')
        .set({ ...common, competencies_note: null, qualification: null, consent_by: null })
        .where('id', '=', id)
        .execute();
      await trx.deleteFrom('mentor_trainings').where('mentor_id', '=', id).execute();
      fields = [...fields, 'competencies_note', 'qualification', 'consent_by', 'trainings'];
    } else {
      await trx
        .updateTable('mentees')
        .set({ ...common, class_name: null, teaching_since: null, requests_note: null, consent_by: null })
        .where('id', '=', id)
        .execute();
      fields = [...fields, 'class_name', 'teaching_since', 'requests_note', 'consent_by'];
    }
    await replaceTags(trx, kind, id, []);
    await forgetUnusedNameWords(trx, nameWords);
    await audit(trx, actor, 'erase', kind === 'mentors' ? 'mentor' : 'mentee', id, person.organization_id, [
      ...fields,
      'tag_ids',
    ]);
    // The scans of the person's consent forms hold the erased data: they go too (issue 17).
    return dropConsentsOf(trx, actor, {
      kind: kind === 'mentors' ? 'mentor' : 'mentee',
      id,
      organizationId: person.organization_id,
      municipalityId: organization.municipality_id,
    });
  });
  if (store) for (const key of dropped) await store.remove(key).catch(() => {});
}

/** Accounts of the person's school that may be linked to it: mentors to mentors, mentees to mentees. */
export async function linkableAccounts(db: Kysely<Database>, kind: PersonKind, schoolId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'full_name', 'login'])
    .where('organization_id', '=', schoolId)
    .where('role', '=', kind === 'mentors' ? 'mentor' : 'mentee')
    .where('is_active', '=', true)
    .orderBy('full_name')
    .execute();
}

/**
 * Links the person of the bases to its account in the portal (a mentor then logs its pairs'
 * meetings, a teacher-mentee gives its feedback), or unlinks it (`userId` null). The account must
 * be of the same school and of the matching role, and not speak for another record already.
 */
export async function linkAccount(
  db: Kysely<Database>,
  actor: Actor,
  kind: PersonKind,
  id: number,
  userId: number | null,
): Promise<void> {
  const { person } = await getPersonForChange(db, actor, kind, id);
  if (person.user_id === userId) return;
  if (userId !== null) {
    const accounts = await linkableAccounts(db, kind, person.organization_id);
    if (!accounts.some((a) => a.id === userId)) {
      throw new ConflictError(
        kind === 'mentors'
          ? 'Выберите учётную запись наставника этой школы.'
          : 'Выберите учётную запись наставляемого этой школы.',
      );
    }
    const table = kind === 'mentors' ? 'mentors' : 'mentees';
    const other = await db
      .selectFrom(table)
      .select(['id'])
      .where('user_id', '=', userId)
      .where('id', '<>', id)
      .executeTakeFirst();
    if (other)
      throw new ConflictError(`Эта учётная запись уже связана с другой записью базы (№ ${other.id}). Сначала отвяжите её там.`);
  }
  await db.transaction().execute(async (trx) => {
    if (kind === 'mentors')
      await trx.updateTable('mentors').set({ user_id: userId, updated_at: new Date() }).where('id', '=', id).execute();
    else await trx.updateTable('mentees').set({ user_id: userId, updated_at: new Date() }).where('id', '=', id).execute();
    await audit(trx, actor, 'update', kind === 'mentors' ? 'mentor' : 'mentee', id, person.organization_id, ['user_id']);
  });
}
