import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { keepsBases } from '../../access/policy.js';
import type { Database } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import { matchHeaders, type Table } from '../../lib/spreadsheet.js';
import { type Actor, auditActor } from '../audit/service.js';
import {
  columnsOf,
  FORM_BY_LABEL,
  MENTEE_CATEGORY_BY_LABEL,
  MENTOR_CATEGORY_BY_LABEL,
  normalizeLabel,
  STATUS_BY_LABEL,
  splitList,
} from './columns.js';
import { MENTEE_CATEGORY_LABELS, MENTOR_CATEGORY_LABELS, type PersonKind } from './labels.js';
import { todayIso } from './rules.js';
import { type MenteeInput, type MentorInput, menteeForm, mentorForm, mentorOriginRule } from './schemas.js';
import { menteeRow, mentorRow } from './service.js';

/** One row of an uploaded file as the preview shows it and the confirmation applies it. */
export interface ImportRow {
  line: number;
  action: 'create' | 'update' | 'unchanged' | 'error';
  name: string;
  targetId: number | null;
  errors: Array<{ column: string; message: string }>;
  input: MentorInput | MenteeInput | null;
  changed: string[];
  /**
   * Requests (competencies) the municipality's list does not have: imported into the note
   * («Запросы (другое)»), not linked to the list, unless the list gets them first. Absent in batches
   * checked before issue 14.
   */
  unlisted?: Array<{ column: string; value: string }>;
}

export interface ImportCheck {
  /** Problems with the file as a whole (its columns); when present, rows are not checked. */
  fileErrors: string[];
  /** Columns that were not recognised and are ignored. */
  ignoredColumns: string[];
  rows: ImportRow[];
}

function personKey(p: { last_name: string; first_name: string; middle_name: string | null }): string {
  return normalizeLabel([p.last_name, p.first_name, p.middle_name ?? ''].join(' '));
}

interface Existing {
  id: number;
  key: string;
  birth_date: string | null;
  category: string;
  values: Record<string, unknown>;
}

/** Everything a row is compared with, loaded once for the whole file. */
async function loadContext(db: Kysely<Database>, actor: Actor, kind: PersonKind, schoolId: number) {
  const municipalityId = actor.user.municipalityId ?? -1;
  const tags = await db
    .selectFrom('tags')
    .select(['id', 'name'])
    .where('municipality_id', '=', municipalityId)
    .where('kind', '=', kind === 'mentors' ? 'competency' : 'request')
    .where('is_active', '=', true)
    .execute();
  const origins = await db
    .selectFrom('organizations')
    .select(['id', 'short_name', 'full_name', 'type'])
    .where((eb) =>
      eb.or([
        eb('id', '=', schoolId),
        eb.and([eb('municipality_id', '=', municipalityId), eb('type', '=', 'partner'), eb('is_active', '=', true)]),
      ]),
    )
    .execute();
  const existing: Existing[] = [];
  const tagRows = new Map<number, number[]>();
  const trainingRows = new Map<number, Array<{ course: string; completed_on: string | null; hours: number | null }>>();
  if (kind === 'mentors') {
    const rows = await db
      .selectFrom('mentors')
      .selectAll()
      .where('organization_id', '=', schoolId)
      .where('erased_at', 'is', null)
      .execute();
    for (const r of rows)
      existing.push({ id: r.id, key: personKey(r), birth_date: r.birth_date, category: r.category, values: r });
    for (const t of await db
      .selectFrom('mentor_tags')
      .innerJoin('mentors', 'mentors.id', 'mentor_tags.mentor_id')
      .select(['mentor_id', 'tag_id'])
      .where('mentors.organization_id', '=', schoolId)
      .execute()) {
      tagRows.set(t.mentor_id, [...(tagRows.get(t.mentor_id) ?? []), t.tag_id]);
    }
    for (const t of await db
      .selectFrom('mentor_trainings')
      .innerJoin('mentors', 'mentors.id', 'mentor_trainings.mentor_id')
      .select(['mentor_id', 'course', 'completed_on', 'hours'])
      .where('mentors.organization_id', '=', schoolId)
      .where('mentor_trainings.event_id', 'is', null)
      .orderBy('mentor_trainings.id')
      .execute()) {
      trainingRows.set(t.mentor_id, [
        ...(trainingRows.get(t.mentor_id) ?? []),
        { course: t.course, completed_on: t.completed_on, hours: t.hours },
      ]);
    }
  } else {
    const rows = await db
      .selectFrom('mentees')
      .selectAll()
      .where('organization_id', '=', schoolId)
      .where('erased_at', 'is', null)
      .execute();
    for (const r of rows)
      existing.push({ id: r.id, key: personKey(r), birth_date: r.birth_date, category: r.category, values: r });
    for (const t of await db
      .selectFrom('mentee_tags')
      .innerJoin('mentees', 'mentees.id', 'mentee_tags.mentee_id')
      .select(['mentee_id', 'tag_id'])
      .where('mentees.organization_id', '=', schoolId)
      .execute()) {
      tagRows.set(t.mentee_id, [...(tagRows.get(t.mentee_id) ?? []), t.tag_id]);
    }
  }
  return {
    tagByName: new Map(tags.map((t) => [normalizeLabel(t.name), t.id])),
    origins: origins.map((o) => ({ ...o, keys: [normalizeLabel(o.short_name), normalizeLabel(o.full_name)] })),
    existing,
    tagRows,
    trainingRows,
  };
}

type Context = Awaited<ReturnType<typeof loadContext>>;

/** Same name and birth date, or same name and category: the same person of the school's base. */
function findExisting(
  ctx: Context,
  input: { last_name: string; first_name: string; middle_name: string | null; birth_date: string | null; category: string },
) {
  const key = personKey(input);
  return ctx.existing.find(
    (e) => e.key === key && ((e.birth_date !== null && e.birth_date === input.birth_date) || e.category === input.category),
  );
}

/** "Курс (01.03.2024, 36 ч); Другой курс" -> form fields of the trainings. */
function parseTrainings(cell: string) {
  const course: string[] = [];
  const date: string[] = [];
  const hours: string[] = [];
  for (const entry of cell
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(entry);
    const name = match ? match[1]! : entry;
    const details = match ? match[2]!.split(',').map((s) => s.trim()) : [];
    course.push(name);
    date.push(details.find((d) => /\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}-\d{2}/.test(d)) ?? '');
    hours.push(details.find((d) => /^\d+\s*(ч|час)/i.test(d))?.replace(/\D+/g, '') ?? '');
  }
  return { training_course: course, training_date: date, training_hours: hours };
}

export function formatTrainings(trainings: Array<{ course: string; completed_on: string | null; hours: number | null }>): string {
  return trainings
    .map((t) => {
      const details = [
        t.completed_on ? t.completed_on.split('-').reverse().join('.') : null,
        t.hours ? `${t.hours} ч` : null,
      ].filter(Boolean);
      return details.length ? `${t.course} (${details.join(', ')})` : t.course;
    })
    .join('; ');
}

/** The header a form field's error is shown under. */
function columnFor(field: string, kind: PersonKind, headers: Record<string, string>): string {
  const byField: Record<string, string> = {
    tag_ids: kind === 'mentors' ? 'competencies' : 'requests',
    competencies_note: 'competencies',
    requests_note: 'requests',
    origin_organization_id: 'origin',
    training_course: 'trainings',
    training_date: 'trainings',
    training_hours: 'trainings',
  };
  const key = byField[field] ?? field;
  if ((key === 'last_name' || key === 'first_name' || key === 'middle_name') && headers.full_name && !headers[key])
    return headers.full_name;
  // a column the file does not have is named as the template names it
  return headers[key] ?? columnsOf(kind).find((c) => c.key === key)?.header ?? key;
}

/**
 * Checks an uploaded table against the school's base without writing anything: which rows
 * would be added, updated or left as they are, and every error with its row and column.
 */
export async function checkImport(db: Kysely<Database>, actor: Actor, kind: PersonKind, table: Table): Promise<ImportCheck> {
  if (!keepsBases(actor.user)) throw new ForbiddenError('Загружать базы может куратор образовательной организации.');
  const schoolId = actor.user.organizationId;
  const specs = columnsOf(kind);
  const match = matchHeaders(table.header, specs);
  const fileErrors: string[] = [];
  const has = (key: string) => match.columns[key] !== undefined;
  if (!has('full_name') && !(has('last_name') && has('first_name'))) {
    fileErrors.push('Нет столбцов с ФИО: нужен столбец «ФИО» или столбцы «Фамилия» и «Имя».');
  }
  for (const missing of match.missing) {
    if (missing.key !== 'full_name') fileErrors.push(`Нет обязательного столбца «${missing.header}».`);
  }
  for (const duplicate of match.duplicates) fileErrors.push(`Столбец «${duplicate}» встречается в файле дважды.`);
  if (fileErrors.length) return { fileErrors, ignoredColumns: match.unknown, rows: [] };

  const headers: Record<string, string> = {};
  for (const [key, index] of Object.entries(match.columns)) headers[key] = table.header[index] ?? key;
  const ctx = await loadContext(db, actor, kind, schoolId);
  const today = todayIso();
  const schema = kind === 'mentors' ? mentorForm(today) : menteeForm(today);
  const categories: Map<string, string> = kind === 'mentors' ? MENTOR_CATEGORY_BY_LABEL : MENTEE_CATEGORY_BY_LABEL;
  const categoryList = Object.values(kind === 'mentors' ? MENTOR_CATEGORY_LABELS : MENTEE_CATEGORY_LABELS).join('; ');
  const seen = new Map<string, number>();
  const rows: ImportRow[] = [];

  for (const { line, cells } of table.rows) {
    const cell = (key: string) => {
      const index = match.columns[key];
      return index === undefined ? '' : (cells[index] ?? '').trim();
    };
    const errors: ImportRow['errors'] = [];
    const error = (key: string, message: string) => errors.push({ column: headers[key] ?? key, message });
    const record: Record<string, string | string[]> = {};

    if (has('full_name') && !(has('last_name') && cell('last_name'))) {
      const parts = cell('full_name').split(/\s+/).filter(Boolean);
      record.last_name = parts[0] ?? '';
      record.first_name = parts[1] ?? '';
      record.middle_name = parts.slice(2).join(' ');
    } else {
      record.last_name = cell('last_name');
      record.first_name = cell('first_name');
      record.middle_name = cell('middle_name');
    }
    const categoryText = cell('category');
    const category = categories.get(normalizeLabel(categoryText));
    if (!categoryText) error('category', 'Не указана категория');
    else if (!category) error('category', `Неизвестная категория «${categoryText}»; допустимо: ${categoryList}`);
    record.category = category ?? '';
    const statusText = cell('status');
    const status = statusText ? STATUS_BY_LABEL.get(normalizeLabel(statusText)) : 'potential';
    if (!status) error('status', `Неизвестный статус «${statusText}»; допустимо: потенциальный, активный, выбыл`);
    record.status = status ?? 'potential';
    for (const key of ['position', 'birth_date', 'phone', 'email', 'consent_date', 'consent_number', 'consent_by'])
      record[key] = cell(key);

    const tagKey = kind === 'mentors' ? 'competencies' : 'requests';
    const tagIds: string[] = [];
    const other: string[] = [];
    for (const name of splitList(cell(tagKey))) {
      const id = ctx.tagByName.get(normalizeLabel(name));
      if (id) tagIds.push(String(id));
      else other.push(name);
    }
    record.tag_ids = tagIds;
    const unlisted = other.map((value) => ({ column: columnFor(tagKey, kind, headers), value }));

    if (kind === 'mentors') {
      record.competencies_note = other.join('; ');
      const forms: string[] = [];
      for (const name of splitList(cell('forms'))) {
        const code = FORM_BY_LABEL.get(normalizeLabel(name));
        if (code) forms.push(code);
        else error('forms', `Неизвестная форма наставничества «${name}»`);
      }
      record.forms = forms;
      record.capacity = cell('capacity') || '1';
      record.qualification = cell('qualification');
      Object.assign(record, parseTrainings(cell('trainings')));
      const originText = cell('origin');
      const origin = originText
        ? ctx.origins.find((o) => o.keys.includes(normalizeLabel(originText)))
        : ctx.origins.find((o) => o.id === schoolId);
      if (!origin)
        error(
          'origin',
          `Организация «${originText}» не найдена: укажите свою школу или организацию-партнёра из списка муниципалитета`,
        );
      else {
        record.origin_organization_id = String(origin.id);
        const rule = category
          ? mentorOriginRule(category as MentorInput['category'], origin.type === 'partner' ? 'partner' : 'school')
          : null;
        if (rule) error('origin', rule);
      }
    } else {
      record.requests_note = other.join('; ');
      record.class_name = cell('class_name');
      record.teaching_since = cell('teaching_since');
    }

    const parsed = (schema as z.ZodType<MentorInput | MenteeInput>).safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        // the category's own message was given above in the file's words
        if (field === 'category' && categoryText) continue;
        errors.push({ column: columnFor(field, kind, headers), message: issue.message });
      }
    }
    const name = [record.last_name, record.first_name, record.middle_name].filter(Boolean).join(' ') || '(без ФИО)';
    if (errors.length || !parsed.success) {
      rows.push({ line, action: 'error', name, targetId: null, errors, input: null, changed: [] });
      continue;
    }
    const input = parsed.data;
    const key = `${personKey(input)}|${input.birth_date ?? input.category}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      rows.push({
        line,
        action: 'error',
        name,
        targetId: null,
        errors: [
          {
            column: headers.full_name ?? headers.last_name ?? 'ФИО',
            message: `Этот человек уже есть в файле в строке ${earlier}`,
          },
        ],
        input: null,
        changed: [],
      });
      continue;
    }
    seen.set(key, line);
    const found = findExisting(ctx, input);
    if (!found) {
      rows.push({ line, action: 'create', name, targetId: null, errors: [], input, changed: [], unlisted });
      continue;
    }
    const changed = differences(kind, found, input, ctx);
    rows.push({
      line,
      action: changed.length ? 'update' : 'unchanged',
      name,
      targetId: found.id,
      errors: [],
      input,
      changed,
      unlisted,
    });
  }
  return { fileErrors: [], ignoredColumns: match.unknown, rows };
}

function differences(kind: PersonKind, found: Existing, input: MentorInput | MenteeInput, ctx: Context): string[] {
  const { tag_ids, ...fields } = input as MentorInput & MenteeInput;
  const changed: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'trainings' || key === 'forms') continue;
    if (!(key in found.values)) continue;
    if ((found.values[key] ?? null) !== (value ?? null)) changed.push(key);
  }
  const sortJoin = (a: readonly (string | number)[]) => [...a].map(String).sort().join('|');
  if (sortJoin(ctx.tagRows.get(found.id) ?? []) !== sortJoin(tag_ids)) changed.push('tag_ids');
  if (kind === 'mentors') {
    const mentor = input as MentorInput;
    if (sortJoin((found.values.forms as string[]) ?? []) !== sortJoin(mentor.forms)) changed.push('forms');
    if (formatTrainings(ctx.trainingRows.get(found.id) ?? []) !== formatTrainings(mentor.trainings)) changed.push('trainings');
  }
  return changed;
}

export interface StoredBatch {
  id: number;
  kind: PersonKind;
  file_name: string;
  created_at: Date;
  applied_at: Date | null;
  check: ImportCheck;
}

export async function saveBatch(
  db: Kysely<Database>,
  actor: Actor,
  kind: PersonKind,
  fileName: string,
  check: ImportCheck,
): Promise<number> {
  // Stale previews of this user are dropped: a preview lives until it is applied or replaced.
  await db.deleteFrom('import_batches').where('created_by', '=', actor.user.id).where('applied_at', 'is', null).execute();
  // Previews nobody confirmed within a day are dropped with their personal data.
  await db
    .deleteFrom('import_batches')
    .where('applied_at', 'is', null)
    .where('created_at', '<', new Date(Date.now() - 86_400_000))
    .execute();
  const row = await db
    .insertInto('import_batches')
    .values({
      organization_id: actor.user.organizationId,
      kind,
      file_name: fileName.slice(0, 200),
      rows: JSON.stringify(check),
      created_by: actor.user.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A batch of the actor's own school and kind, or 404. */
export async function loadBatch(db: Kysely<Database>, actor: Actor, kind: PersonKind, id: number): Promise<StoredBatch> {
  const row = await db
    .selectFrom('import_batches')
    .selectAll()
    .where('id', '=', id)
    .where('kind', '=', kind)
    .where('organization_id', '=', actor.user.organizationId)
    .where('created_by', '=', actor.user.id)
    .executeTakeFirst();
  if (!row || !keepsBases(actor.user)) throw new NotFoundError();
  const check = (typeof row.rows === 'string' ? JSON.parse(row.rows) : row.rows) as ImportCheck;
  return { id: row.id, kind: row.kind, file_name: row.file_name, created_at: row.created_at, applied_at: row.applied_at, check };
}

export type ApplyResult = { ok: true; created: number; updated: number } | { ok: false; message: string };

const CHUNK = 500;

/** Writes every row of a checked batch in one transaction, or nothing. */
export async function applyBatch(db: Kysely<Database>, actor: Actor, kind: PersonKind, id: number): Promise<ApplyResult> {
  const batch = await loadBatch(db, actor, kind, id);
  if (batch.applied_at) return { ok: false, message: 'Этот файл уже загружен в базу.' };
  const rows = batch.check.rows;
  if (batch.check.fileErrors.length || rows.some((r) => r.action === 'error')) {
    return { ok: false, message: 'В файле есть ошибки: исправьте их и загрузите файл снова.' };
  }
  const schoolId = actor.user.organizationId;
  const creates = rows.filter((r) => r.action === 'create');
  const updates = rows.filter((r) => r.action === 'update');
  const who = auditActor(actor);
  await db.transaction().execute(async (trx) => {
    // The checked rows hold personal data: once written to the base they are not kept here.
    const emptied: ImportCheck = { fileErrors: [], ignoredColumns: batch.check.ignoredColumns, rows: [] };
    const claimed = await trx
      .updateTable('import_batches')
      .set({ applied_at: new Date(), rows: JSON.stringify(emptied) })
      .where('id', '=', id)
      .where('applied_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!claimed) throw new Error('import batch applied concurrently');
    const audit: Array<{ entityId: number; fields: string[] }> = [];
    for (let i = 0; i < creates.length; i += CHUNK) {
      const chunk = creates.slice(i, i + CHUNK);
      const ids = await insertPeople(
        trx,
        kind,
        schoolId,
        chunk.map((r) => r.input!),
      );
      await writeLinks(
        trx,
        kind,
        ids,
        chunk.map((r) => r.input!),
        false,
      );
      for (const [j, personId] of ids.entries()) audit.push({ entityId: personId, fields: Object.keys(chunk[j]!.input!) });
    }
    for (const row of updates) {
      await updatePerson(trx, kind, row.targetId!, schoolId, row.input!);
      await writeLinks(trx, kind, [row.targetId!], [row.input!], true);
      audit.push({ entityId: row.targetId!, fields: row.changed });
    }
    for (let i = 0; i < audit.length; i += CHUNK) {
      await trx
        .insertInto('audit_log')
        .values(
          audit.slice(i, i + CHUNK).map((a) => ({
            user_id: who.userId,
            ip: who.ip,
            action: 'import',
            entity_type: kind === 'mentors' ? 'mentor' : 'mentee',
            entity_id: String(a.entityId),
            organization_id: schoolId,
            municipality_id: actor.user.municipalityId,
            changed_fields: a.fields,
          })),
        )
        .execute();
    }
  });
  return { ok: true, created: creates.length, updated: updates.length };
}

type Trx = Kysely<Database>;

async function insertPeople(
  trx: Trx,
  kind: PersonKind,
  schoolId: number,
  inputs: Array<MentorInput | MenteeInput>,
): Promise<number[]> {
  const rows =
    kind === 'mentors'
      ? await trx
          .insertInto('mentors')
          .values(inputs.map((input) => ({ ...mentorRow(input as MentorInput, schoolId), organization_id: schoolId })))
          .returning('id')
          .execute()
      : await trx
          .insertInto('mentees')
          .values(inputs.map((input) => ({ ...menteeRow(input as MenteeInput), organization_id: schoolId })))
          .returning('id')
          .execute();
  return rows.map((r) => r.id);
}

async function updatePerson(trx: Trx, kind: PersonKind, id: number, schoolId: number, input: MentorInput | MenteeInput) {
  if (kind === 'mentors') {
    await trx
      .updateTable('mentors')
      .set({ ...mentorRow(input as MentorInput, schoolId), updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  } else {
    await trx
      .updateTable('mentees')
      .set({ ...menteeRow(input as MenteeInput), updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }
}

/** Tags (and a mentor's trainings) of the given people, replacing what they had when `replace`. */
async function writeLinks(trx: Trx, kind: PersonKind, ids: number[], inputs: Array<MentorInput | MenteeInput>, replace: boolean) {
  if (kind === 'mentors') {
    if (replace) {
      await trx.deleteFrom('mentor_tags').where('mentor_id', 'in', ids).execute();
      await trx.deleteFrom('mentor_trainings').where('mentor_id', 'in', ids).where('event_id', 'is', null).execute();
    }
    const tags = ids.flatMap((id, i) => inputs[i]!.tag_ids.map((tag_id) => ({ mentor_id: id, tag_id })));
    if (tags.length) await trx.insertInto('mentor_tags').values(tags).execute();
    const trainings = ids.flatMap((id, i) => (inputs[i] as MentorInput).trainings.map((t) => ({ ...t, mentor_id: id })));
    if (trainings.length) await trx.insertInto('mentor_trainings').values(trainings).execute();
  } else {
    if (replace) await trx.deleteFrom('mentee_tags').where('mentee_id', 'in', ids).execute();
    const tags = ids.flatMap((id, i) => inputs[i]!.tag_ids.map((tag_id) => ({ mentee_id: id, tag_id })));
    if (tags.length) await trx.insertInto('mentee_tags').values(tags).execute();
  }
}
