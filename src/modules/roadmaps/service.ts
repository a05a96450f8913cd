import type { Kysely, Transaction } from 'kysely';
import { canApproveRoadmap, canEditRoadmap, canUseTemplate, roadmapOwnerFor } from '../../access/policy.js';
import type { Database, RoadmapItem, RoadmapItemStatus, RoadmapKind, StoredFile } from '../../db/types.js';
import type { FileStore } from '../../lib/uploads.js';
import { findStoredFile, storeUploadWith } from '../files/service.js';
import type { UploadedFile } from '../files/multipart.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { type Actor, type AuditAction, auditActor, recordAudit } from '../audit/service.js';
import { carriedOccurrences } from './carry.js';
import { type Deadline, parseDeadline } from './deadline.js';
import { isOccurrenceOverdue, type Occurrence, occurrencesOf } from './overdue.js';
import { findRoadmap, type RoadmapRow } from './queries.js';
import { responsibleLinks } from './responsible.js';
import type { ItemInput, RoadmapInput, StatusInput } from './schemas.js';
import type { ReadResult } from './table-reader.js';

type Db = Kysely<Database> | Transaction<Database>;
/** What became of a recurring item's marks when its deadline was edited. */
export interface CarriedMarks {
  /** Marks moved to a new due day (carriedOccurrences). */
  moved: number;
  /** Marks under due days the item no longer has: kept, and listed on the item's page. */
  former: number;
}

/** `marks`: when an edited item's deadline changed and it had tracked occurrences. */
export type Result = { ok: true; id: number; marks?: CarriedMarks } | { ok: false; errors: FieldErrors };

/** A roadmap within the actor's scope; outside it (or missing): 404. */
export async function loadRoadmap(db: Kysely<Database>, actor: Actor, id: number): Promise<RoadmapRow> {
  const roadmap = await findRoadmap(db, actor.user, id);
  if (!roadmap) throw new NotFoundError();
  return roadmap;
}

/** A roadmap the actor may change: outside the scope 404, inside but not its own 403. */
export async function editableRoadmap(db: Kysely<Database>, actor: Actor, id: number): Promise<RoadmapRow> {
  const roadmap = await loadRoadmap(db, actor, id);
  if (!canEditRoadmap(actor.user, roadmap)) {
    throw new ForbiddenError(
      roadmap.organization_type === 'municipality'
        ? 'Муниципальную дорожную карту ведёт методический центр.'
        : 'Дорожную карту школы ведёт её куратор.',
    );
  }
  return roadmap;
}

function audit(db: Db, actor: Actor | null, roadmap: { id: number; organization_id: number; municipality_id: number | null }, entry: {
  action: AuditAction;
  entityType: 'roadmap' | 'roadmap_item' | 'roadmap_occurrence' | 'file';
  entityId: number;
  changedFields: string[];
}) {
  return recordAudit(db as Kysely<Database>, actor ? auditActor(actor) : { userId: null, ip: null }, {
    ...entry,
    organizationId: roadmap.organization_id,
    municipalityId: roadmap.municipality_id,
  });
}

const ROADMAP_FIELDS = ['title', 'period_from', 'period_to', 'order_number', 'order_date'] as const;

/** A new roadmap of the actor's organisation; a template only by the coordinator, for its municipality. */
export async function createRoadmap(db: Kysely<Database>, actor: Actor, input: RoadmapInput, kind: RoadmapKind = 'plan'): Promise<number> {
  const organizationId = roadmapOwnerFor(actor.user);
  if (organizationId === null) throw new ForbiddenError('Создавать дорожные карты могут методический центр и куратор школы.');
  if (kind === 'template' && actor.user.role !== 'coordinator') throw new ForbiddenError('Шаблон дорожной карты школы ведёт методический центр.');
  return db.transaction().execute((trx) => insertRoadmap(trx, actor, organizationId, input, kind));
}

/** Inserts a roadmap of an organisation (a municipality or a school) with its audit line. */
export async function insertRoadmap(
  trx: Transaction<Database>,
  actor: Actor | null,
  organizationId: number,
  input: RoadmapInput,
  kind: RoadmapKind = 'plan',
): Promise<number> {
  const org = await trx.selectFrom('organizations').select(['id', 'type', 'municipality_id']).where('id', '=', organizationId).executeTakeFirst();
  if (!org || (org.type !== 'municipality' && org.type !== 'school')) {
    throw new ConflictError('Дорожная карта бывает у муниципалитета или у школы.');
  }
  if (kind === 'template' && org.type !== 'municipality') throw new ConflictError('Шаблон дорожной карты школы бывает только у муниципалитета.');
  const row = await trx.insertInto('roadmaps').values({ organization_id: organizationId, kind, ...input }).returning('id').executeTakeFirstOrThrow();
  await audit(trx, actor, { id: row.id, organization_id: org.id, municipality_id: org.municipality_id }, {
    action: 'create',
    entityType: 'roadmap',
    entityId: row.id,
    changedFields: [...ROADMAP_FIELDS],
  });
  return row.id;
}

export async function updateRoadmap(db: Kysely<Database>, actor: Actor, id: number, input: RoadmapInput): Promise<void> {
  const roadmap = await editableRoadmap(db, actor, id);
  const changed = ROADMAP_FIELDS.filter((f) => roadmap[f] !== input[f]);
  if (changed.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('roadmaps').set({ ...input, updated_at: new Date() }).where('id', '=', id).execute();
    await audit(trx, actor, roadmap, { action: 'update', entityType: 'roadmap', entityId: id, changedFields: changed });
  });
}

/** An item of a roadmap, or 404. */
export async function loadItem(db: Kysely<Database>, roadmapId: number, itemId: number): Promise<RoadmapItem> {
  const item = await db.selectFrom('roadmap_items').selectAll().where('id', '=', itemId).where('roadmap_id', '=', roadmapId).executeTakeFirst();
  if (!item) throw new NotFoundError();
  return item;
}

/** Compares «1.10» after «1.9»: numerically, level by level. */
export function compareNumbers(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

async function checkItem(trx: Transaction<Database>, roadmapId: number, input: ItemInput, exceptId: number | null): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  let q = trx.selectFrom('roadmap_items').select('id').where('roadmap_id', '=', roadmapId).where('number', '=', input.number);
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  if (await q.executeTakeFirst()) errors.number = `Пункт с номером ${input.number} уже есть в этой дорожной карте`;
  if (input.kind === 'section' && input.parent_id !== null) errors.parent_id = 'Раздел не может входить в другой раздел';
  if (input.parent_id !== null && input.kind === 'item') {
    const parent = await trx
      .selectFrom('roadmap_items')
      .select('id')
      .where('id', '=', input.parent_id)
      .where('roadmap_id', '=', roadmapId)
      .where('kind', '=', 'section')
      .executeTakeFirst();
    if (!parent) errors.parent_id = 'Выберите раздел из списка';
  }
  return errors;
}

/**
 * Where a row goes in the document order: an item right after the last item of its section whose
 * number is lower (or right after the section's heading); a section at the end.
 */
async function positionFor(trx: Transaction<Database>, roadmapId: number, input: ItemInput, exceptId: number | null): Promise<number> {
  const rows = (await trx.selectFrom('roadmap_items').select(['id', 'kind', 'number', 'parent_id', 'position']).where('roadmap_id', '=', roadmapId).execute()).filter(
    (r) => r.id !== exceptId,
  );
  const max = rows.reduce((m, r) => Math.max(m, r.position), 0);
  if (input.kind === 'section') return max + 1;
  const before = rows.filter((r) => r.kind === 'item' && r.parent_id === input.parent_id && r.number !== null && compareNumbers(r.number, input.number) < 0);
  let after: number;
  if (before.length > 0) after = Math.max(...before.map((r) => r.position));
  else if (input.parent_id !== null) after = rows.find((r) => r.id === input.parent_id)?.position ?? max;
  else after = rows.some((r) => r.parent_id === null && r.kind === 'item') ? 0 : max;
  const position = after + 1;
  await trx.updateTable('roadmap_items').set((eb) => ({ position: eb('position', '+', 1) })).where('roadmap_id', '=', roadmapId).where('position', '>=', position).execute();
  return position;
}

function deadlineOf(roadmap: RoadmapRow, text: string | null): Deadline | null {
  return text === null ? null : parseDeadline(text, { periodFrom: roadmap.period_from, periodTo: roadmap.period_to });
}

function itemValues(roadmap: RoadmapRow, input: ItemInput) {
  const deadline = deadlineOf(roadmap, input.deadline_text);
  return {
    number: input.number,
    parent_id: input.kind === 'section' ? null : input.parent_id,
    activity: input.activity,
    result: input.result,
    expected: input.expected,
    deadline_text: input.deadline_text,
    deadline: deadline === null ? null : JSON.stringify(deadline),
    responsible: input.responsible,
    responsible_links: responsibleLinks(input.responsible),
  };
}

export async function createItem(db: Kysely<Database>, actor: Actor, roadmapId: number, input: ItemInput): Promise<Result> {
  const roadmap = await editableRoadmap(db, actor, roadmapId);
  return db.transaction().execute(async (trx): Promise<Result> => {
    const errors = await checkItem(trx, roadmapId, input, null);
    if (Object.keys(errors).length) return { ok: false, errors };
    const position = await positionFor(trx, roadmapId, input, null);
    const row = await trx
      .insertInto('roadmap_items')
      .values({ roadmap_id: roadmapId, kind: input.kind, position, ...itemValues(roadmap, input) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, actor, roadmap, {
      action: 'create',
      entityType: 'roadmap_item',
      entityId: row.id,
      changedFields: ['number', 'section', 'activity', 'result', 'expected', 'deadline_text', 'responsible'],
    });
    await touchContent(trx, roadmapId);
    return { ok: true, id: row.id };
  });
}

export async function updateItem(db: Kysely<Database>, actor: Actor, roadmapId: number, itemId: number, input: ItemInput): Promise<Result> {
  const roadmap = await editableRoadmap(db, actor, roadmapId);
  const item = await loadItem(db, roadmapId, itemId);
  const fixed: ItemInput = { ...input, kind: item.kind };
  return db.transaction().execute(async (trx): Promise<Result> => {
    const errors = await checkItem(trx, roadmapId, fixed, itemId);
    if (Object.keys(errors).length) return { ok: false, errors };
    const values = itemValues(roadmap, fixed);
    const changed: string[] = [];
    if (item.number !== values.number) changed.push('number');
    if (item.parent_id !== values.parent_id) changed.push('section');
    for (const f of ['activity', 'result', 'expected', 'deadline_text', 'responsible'] as const) if (item[f] !== values[f]) changed.push(f);
    if (changed.length === 0) return { ok: true, id: itemId };
    const moved = changed.includes('number') || changed.includes('section');
    const position = moved && item.kind === 'item' ? await positionFor(trx, roadmapId, fixed, itemId) : item.position;
    await trx.updateTable('roadmap_items').set({ ...values, position, updated_at: new Date() }).where('id', '=', itemId).execute();
    await audit(trx, actor, roadmap, { action: 'update', entityType: 'roadmap_item', entityId: itemId, changedFields: changed });
    const marks = changed.includes('deadline_text')
      ? await carryMarks(trx, actor, roadmap, itemId, item.deadline as Deadline | null, deadlineOf(roadmap, fixed.deadline_text))
      : null;
    await touchContent(trx, roadmapId);
    return marks ? { ok: true, id: itemId, marks } : { ok: true, id: itemId };
  });
}

/**
 * Moves the tracked occurrences of an item whose deadline changed to their places under the new
 * one (carriedOccurrences), each keeping its id, status and evidence; the others stay under their
 * old days. Null when the item had no tracked occurrence.
 */
async function carryMarks(
  trx: Transaction<Database>,
  actor: Actor,
  roadmap: RoadmapRow,
  itemId: number,
  before: Deadline | null,
  after: Deadline | null,
): Promise<CarriedMarks | null> {
  const rows = await trx.selectFrom('roadmap_occurrences').selectAll().where('item_id', '=', itemId).execute();
  if (rows.length === 0) return null;
  const places = carriedOccurrences(before, after, rows.map((r) => r.due_on));
  const moving = rows.filter((r) => places.has(r.due_on) && places.get(r.due_on) !== r.due_on);
  if (moving.length > 0) {
    // Deleted and inserted again (same ids) rather than updated one by one: a mark may move to a
    // day another mark is leaving in the same edit, and the unique (item, day) is checked per row.
    await trx.deleteFrom('roadmap_occurrences').where('id', 'in', moving.map((r) => r.id)).execute();
    await trx
      .insertInto('roadmap_occurrences')
      .values(moving.map((r) => ({ ...r, due_on: places.get(r.due_on) as string, updated_at: new Date() })))
      .execute();
    for (const r of moving) await audit(trx, actor, roadmap, { action: 'update', entityType: 'roadmap_occurrence', entityId: r.id, changedFields: ['due_on'] });
  }
  return { moved: moving.length, former: rows.length - places.size };
}

/** The tracked occurrences of an item under due days its deadline no longer has, by day. */
export async function formerMarks(db: Kysely<Database>, item: RoadmapItem) {
  const deadline = item.deadline as Deadline | null;
  const current = new Set(deadline?.kind === 'recurring' ? occurrencesOf(deadline).map((o) => o.due) : []);
  const rows = await db.selectFrom('roadmap_occurrences').selectAll().where('item_id', '=', item.id).orderBy('due_on').execute();
  return rows.filter((r) => !current.has(r.due_on));
}

/** A document given as evidence with a status: attached, replaced or removed with it. */
export interface EvidenceChange {
  file: UploadedFile | null;
  /** «Удалить файл» ticked: the stored document goes (a new file replaces it anyway). */
  remove: boolean;
}

const NO_EVIDENCE_CHANGE: EvidenceChange = { file: null, remove: false };

/**
 * Saves the status of an item with its evidence; a document attached goes in the same transaction
 * (storeUploadWith). A replaced or removed document is deleted after the commit. UploadError (a
 * Russian message about the file) reaches the caller, and nothing is changed then.
 */
export async function setItemStatus(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  roadmapId: number,
  itemId: number,
  input: StatusInput,
  evidence: EvidenceChange = NO_EVIDENCE_CHANGE,
): Promise<void> {
  const roadmap = await editableRoadmap(db, actor, roadmapId);
  const item = await loadItem(db, roadmapId, itemId);
  if (item.kind !== 'item') throw new ConflictError('Статус ставится мероприятию, а не разделу.');
  const changed: string[] = (['status', 'completed_on', 'evidence_comment', 'evidence_link'] as const).filter((f) => item[f] !== input[f]);
  const dropOld = item.evidence_file_id !== null && (evidence.file !== null || evidence.remove);
  if (evidence.file !== null || dropOld) changed.push('evidence_file');
  if (changed.length === 0) return;
  const write = async (trx: Transaction<Database>, fileId: number | null | undefined) => {
    await trx
      .updateTable('roadmap_items')
      .set({ ...input, ...(fileId !== undefined ? { evidence_file_id: fileId } : {}), updated_at: new Date() })
      .where('id', '=', itemId)
      .execute();
    await audit(trx, actor, roadmap, { action: 'update', entityType: 'roadmap_item', entityId: itemId, changedFields: changed });
    await touch(trx, roadmapId);
  };
  if (evidence.file !== null) {
    const upload = { organizationId: roadmap.organization_id, purpose: 'roadmap_evidence' as const, ...evidence.file };
    await storeUploadWith(db, store, actor, upload, (trx, file) => write(trx, file.id));
  } else {
    await db.transaction().execute((trx) => write(trx, dropOld ? null : undefined));
  }
  if (dropOld && item.evidence_file_id !== null) await deleteFile(db, store, actor, roadmap, item.evidence_file_id);
}

/** Deletes a stored document no row names any more: its row, its bytes, an audit line. */
async function deleteFile(db: Kysely<Database>, store: FileStore, actor: Actor, roadmap: RoadmapRow, fileId: number): Promise<void> {
  const file = await db.deleteFrom('files').where('id', '=', fileId).returning(['id', 'storage_key']).executeTakeFirst();
  if (!file) return;
  await audit(db, actor, roadmap, { action: 'delete', entityType: 'file', entityId: file.id, changedFields: ['purpose', 'original_name'] });
  await store.remove(file.storage_key);
}

/** The evidence document of an item or of one occurrence, for a reader of the roadmap; else 404. */
export async function evidenceFile(db: Kysely<Database>, actor: Actor, roadmapId: number, itemId: number, due: string | null): Promise<StoredFile> {
  await loadRoadmap(db, actor, roadmapId);
  const item = await loadItem(db, roadmapId, itemId);
  const fileId =
    due === null
      ? item.evidence_file_id
      : ((await db.selectFrom('roadmap_occurrences').select('evidence_file_id').where('item_id', '=', itemId).where('due_on', '=', due).executeTakeFirst())
          ?.evidence_file_id ?? null);
  const file = fileId === null ? undefined : await findStoredFile(db, fileId);
  if (!file) throw new NotFoundError();
  return file;
}

async function touch(trx: Transaction<Database>, roadmapId: number): Promise<void> {
  await trx.updateTable('roadmaps').set({ updated_at: new Date() }).where('id', '=', roadmapId).execute();
}

/** Why a read table cannot be saved as it is (numbers repeated), or null when it can. */
export function importBlocker(result: ReadResult): string | null {
  if (result.rows.length === 0) return 'В таблице не найдено ни одного мероприятия.';
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const n of [...result.sections.map((s) => s.number), ...result.rows.map((r) => r.number)]) {
    if (n === '') continue;
    if (seen.has(n)) repeated.add(n);
    seen.add(n);
  }
  if (repeated.size > 0) return `Номера повторяются: ${[...repeated].join(', ')}. Исправьте их в таблице и вставьте её снова.`;
  return null;
}

/**
 * Writes the sections and items of a read table into an empty roadmap (the caller's transaction).
 * Appending only to an empty roadmap keeps the numbering of the document whole; a roadmap that
 * already has items is refused. Returns the number of items written.
 */
export async function writeReadTable(trx: Transaction<Database>, roadmapId: number, result: ReadResult): Promise<{ sections: number; items: number }> {
  const existing = await trx.selectFrom('roadmap_items').select('id').where('roadmap_id', '=', roadmapId).limit(1).executeTakeFirst();
  if (existing) throw new ConflictError('В дорожной карте уже есть пункты: импорт добавляет таблицу только в пустую дорожную карту.');
  const blocker = importBlocker(result);
  if (blocker) throw new ConflictError(blocker);
  let position = 0;
  const sectionIds = new Map<string, number>();
  const sectionRows = new Map<string, { number: string; title: string }>();
  for (const s of result.sections) sectionRows.set(`${s.number}. ${s.title}`.trim(), s);
  const insertSection = async (s: { number: string; title: string }) => {
    const row = await trx
      .insertInto('roadmap_items')
      .values({ roadmap_id: roadmapId, kind: 'section', number: s.number === '' ? null : s.number, position: ++position, activity: s.title || `Раздел ${s.number}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  let items = 0;
  for (const r of result.rows) {
    let parentId: number | null = null;
    if (r.section !== null) {
      const found = sectionIds.get(r.section);
      if (found !== undefined) parentId = found;
      else {
        const section = sectionRows.get(r.section);
        if (section) {
          parentId = await insertSection(section);
          sectionIds.set(r.section, parentId);
        }
      }
    }
    await trx
      .insertInto('roadmap_items')
      .values({
        roadmap_id: roadmapId,
        kind: 'item',
        parent_id: parentId,
        number: r.number === '' ? null : r.number,
        position: ++position,
        activity: r.activity === '' ? '(без названия)' : r.activity,
        result: r.result,
        expected: r.expected,
        deadline_text: r.deadlineText,
        deadline: r.deadline === null ? null : JSON.stringify(r.deadline),
        responsible: r.responsible,
        responsible_links: responsibleLinks(r.responsible),
      })
      .execute();
    items++;
  }
  // Sections without items still are headings of the document.
  for (const [label, s] of sectionRows) if (!sectionIds.has(label)) sectionIds.set(label, await insertSection(s));
  return { sections: sectionIds.size, items };
}

export async function importTable(db: Kysely<Database>, actor: Actor, roadmapId: number, result: ReadResult): Promise<{ sections: number; items: number }> {
  const roadmap = await editableRoadmap(db, actor, roadmapId);
  return db.transaction().execute(async (trx) => {
    const written = await writeReadTable(trx, roadmapId, result);
    await audit(trx, actor, roadmap, { action: 'import', entityType: 'roadmap', entityId: roadmapId, changedFields: ['items'] });
    await touchContent(trx, roadmapId);
    return written;
  });
}

/** One yearly occurrence of a recurring item with its tracking («не начато» until marked). */
export interface OccurrenceView extends Occurrence {
  status: RoadmapItemStatus;
  completed_on: string | null;
  evidence_comment: string | null;
  evidence_link: string | null;
  evidence_file_id: number | null;
  overdue: boolean;
}

/** The occurrences of a recurring item, tracked or not; [] for any other item. */
export async function itemOccurrences(db: Kysely<Database>, item: RoadmapItem, today: string): Promise<OccurrenceView[]> {
  const deadline = item.deadline as Deadline | null;
  if (deadline?.kind !== 'recurring') return [];
  const rows = await db.selectFrom('roadmap_occurrences').selectAll().where('item_id', '=', item.id).execute();
  const byDue = new Map(rows.map((r) => [r.due_on, r]));
  const itemClosed = item.status === 'done' || item.status === 'cancelled';
  return occurrencesOf(deadline).map((o) => {
    const row = byDue.get(o.due);
    const status = row?.status ?? 'not_started';
    return {
      ...o,
      status,
      completed_on: row?.completed_on ?? null,
      evidence_comment: row?.evidence_comment ?? null,
      evidence_link: row?.evidence_link ?? null,
      evidence_file_id: row?.evidence_file_id ?? null,
      overdue: !itemClosed && isOccurrenceOverdue(o, status, today),
    };
  });
}

/** Marks one occurrence of a recurring item; 404 when the item has no occurrence due that day. */
export async function setOccurrenceStatus(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  roadmapId: number,
  itemId: number,
  due: string,
  input: StatusInput,
  evidence: EvidenceChange = NO_EVIDENCE_CHANGE,
): Promise<void> {
  const roadmap = await editableRoadmap(db, actor, roadmapId);
  const item = await loadItem(db, roadmapId, itemId);
  const deadline = item.deadline as Deadline | null;
  if (item.kind !== 'item' || deadline?.kind !== 'recurring' || !occurrencesOf(deadline).some((o) => o.due === due)) throw new NotFoundError();
  const existing = await db.selectFrom('roadmap_occurrences').selectAll().where('item_id', '=', itemId).where('due_on', '=', due).executeTakeFirst();
  const changed: string[] = (['status', 'completed_on', 'evidence_comment', 'evidence_link'] as const).filter((f) =>
    existing ? existing[f] !== input[f] : f === 'status' ? input.status !== 'not_started' : input[f] !== null,
  );
  const oldFile = existing?.evidence_file_id ?? null;
  const dropOld = oldFile !== null && (evidence.file !== null || evidence.remove);
  if (evidence.file !== null || dropOld) changed.push('evidence_file');
  if (changed.length === 0) return;
  const write = async (trx: Transaction<Database>, fileId: number | null | undefined) => {
    const values = { ...input, ...(fileId !== undefined ? { evidence_file_id: fileId } : {}) };
    const row = await trx
      .insertInto('roadmap_occurrences')
      .values({ item_id: itemId, due_on: due, ...values })
      .onConflict((oc) => oc.columns(['item_id', 'due_on']).doUpdateSet({ ...values, updated_at: new Date() }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, actor, roadmap, { action: existing ? 'update' : 'create', entityType: 'roadmap_occurrence', entityId: row.id, changedFields: changed });
    await touch(trx, roadmapId);
  };
  if (evidence.file !== null) {
    const upload = { organizationId: roadmap.organization_id, purpose: 'roadmap_evidence' as const, ...evidence.file };
    await storeUploadWith(db, store, actor, upload, (trx, file) => write(trx, file.id));
  } else {
    await db.transaction().execute((trx) => write(trx, dropOld ? null : undefined));
  }
  if (dropOld && oldFile !== null) await deleteFile(db, store, actor, roadmap, oldFile);
}

/** A roadmap the actor approves (the department the municipal one, the school head its school's). */
async function approvableRoadmap(db: Kysely<Database>, actor: Actor, id: number): Promise<RoadmapRow> {
  const roadmap = await loadRoadmap(db, actor, id);
  if (!canApproveRoadmap(actor.user, roadmap)) {
    throw new ForbiddenError(
      roadmap.organization_type === 'municipality' ? 'Муниципальную дорожную карту утверждает управление образования.' : 'Дорожную карту школы утверждает её руководитель.',
    );
  }
  return roadmap;
}

export async function approveRoadmap(db: Kysely<Database>, actor: Actor, id: number): Promise<void> {
  const roadmap = await approvableRoadmap(db, actor, id);
  if (roadmap.approved_at !== null) return;
  const any = await db.selectFrom('roadmap_items').select('id').where('roadmap_id', '=', id).where('kind', '=', 'item').limit(1).executeTakeFirst();
  if (!any) throw new ConflictError('В дорожной карте нет ни одного мероприятия: утверждать нечего.');
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('roadmaps').set({ approved_at: new Date(), approved_by: actor.user.id }).where('id', '=', id).execute();
    await audit(trx, actor, roadmap, { action: 'approve', entityType: 'roadmap', entityId: id, changedFields: ['approved_at'] });
  });
}

export async function revokeApproval(db: Kysely<Database>, actor: Actor, id: number): Promise<void> {
  const roadmap = await approvableRoadmap(db, actor, id);
  if (roadmap.approved_at === null) return;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('roadmaps').set({ approved_at: null, approved_by: null }).where('id', '=', id).execute();
    await audit(trx, actor, roadmap, { action: 'revoke_approval', entityType: 'roadmap', entityId: id, changedFields: ['approved_at'] });
  });
}

type MoveResult = { ok: true; number: string } | { ok: false; message: string };

/** The prefix of a number one level up: «3.1.2» → «3.1», «3» → ''. */
function parentNumber(n: string): string {
  const i = n.lastIndexOf('.');
  return i < 0 ? '' : n.slice(0, i);
}

function inSubtree(number: string | null, root: string): boolean {
  return number !== null && (number === root || number.startsWith(`${root}.`));
}

/**
 * Moves a numbered row one place up or down among its siblings (the rows whose numbers share its
 * parent's prefix: «3.1.2» with «3.1.1» and «3.1.3»; a section with the other sections), and
 * renumbers: the two rows exchange their numbers, and so do the rows under them («3.1.2.1»,
 * a section's items). Their document order follows. All in one transaction.
 */
export async function moveItem(db: Kysely<Database>, actor: Actor, roadmapId: number, itemId: number, direction: 'up' | 'down'): Promise<MoveResult> {
  const roadmap = await editableRoadmap(db, actor, roadmapId);
  const item = await loadItem(db, roadmapId, itemId);
  if (item.number === null) return { ok: false, message: 'У пункта нет номера: задайте номер, чтобы перемещать его.' };
  const own = item.number;
  return db.transaction().execute(async (trx): Promise<MoveResult> => {
    const rows = await trx.selectFrom('roadmap_items').select(['id', 'kind', 'number', 'parent_id', 'position']).where('roadmap_id', '=', roadmapId).orderBy('position').execute();
    const depth = own.split('.').length;
    const siblings = rows
      .filter((r) => r.kind === item.kind && r.number !== null && r.number.split('.').length === depth && parentNumber(r.number) === parentNumber(own))
      .sort((a, b) => compareNumbers(a.number as string, b.number as string));
    const index = siblings.findIndex((r) => r.id === itemId);
    const other = siblings[direction === 'up' ? index - 1 : index + 1];
    if (!other || other.number === null) {
      return { ok: false, message: direction === 'up' ? `Пункт ${own} уже первый на своём уровне.` : `Пункт ${own} уже последний на своём уровне.` };
    }
    const otherNumber = other.number;
    // A row's subtree: rows numbered under it, and for a section the items it holds.
    const subtree = (root: { id: number; kind: string; number: string }) =>
      rows.filter((r) => r.id === root.id || inSubtree(r.number, root.number) || (root.kind === 'section' && r.parent_id === root.id));
    const mine = subtree({ id: item.id, kind: item.kind, number: own });
    const theirs = subtree({ id: other.id, kind: other.kind, number: otherNumber });
    const renumber = (n: string | null, from: string, to: string) => (n !== null && inSubtree(n, from) ? to + n.slice(from.length) : n);
    // The unique (roadmap, number) index holds at every statement: clear the numbers first.
    const touched = [...mine, ...theirs];
    await trx.updateTable('roadmap_items').set({ number: null }).where('id', 'in', touched.map((r) => r.id)).execute();
    // The upper block takes the first positions of the two blocks, the lower one the rest.
    const [upper, lower] = direction === 'up' ? [mine, theirs] : [theirs, mine];
    const positions = touched.map((r) => r.position).sort((a, b) => a - b);
    const reordered = [...upper.sort((a, b) => a.position - b.position), ...lower.sort((a, b) => a.position - b.position)];
    for (const [i, r] of reordered.entries()) {
      const isMine = mine.includes(r);
      const number = isMine ? renumber(r.number, own, otherNumber) : renumber(r.number, otherNumber, own);
      await trx.updateTable('roadmap_items').set({ number, position: positions[i] as number, updated_at: new Date() }).where('id', '=', r.id).execute();
      if (number !== r.number) await audit(trx, actor, roadmap, { action: 'move', entityType: 'roadmap_item', entityId: r.id, changedFields: ['number', 'position'] });
    }
    await touchContent(trx, roadmapId);
    return { ok: true, number: otherNumber };
  });
}

/** A change to the plan's content: an approved plan needs approving again. */
async function touchContent(trx: Transaction<Database>, roadmapId: number): Promise<void> {
  await trx.updateTable('roadmaps').set({ updated_at: new Date(), approved_at: null, approved_by: null }).where('id', '=', roadmapId).execute();
}

/** The coordinator publishes a template to its municipality's schools, or takes it back. */
export async function setTemplatePublished(db: Kysely<Database>, actor: Actor, id: number, published: boolean): Promise<void> {
  const roadmap = await editableRoadmap(db, actor, id);
  if (roadmap.kind !== 'template') throw new ConflictError('Публикуется шаблон дорожной карты школы, а не план.');
  if ((roadmap.published_at !== null) === published) return;
  if (published) {
    const any = await db.selectFrom('roadmap_items').select('id').where('roadmap_id', '=', id).where('kind', '=', 'item').limit(1).executeTakeFirst();
    if (!any) throw new ConflictError('В шаблоне нет ни одного мероприятия: школам нечего брать.');
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('roadmaps').set({ published_at: published ? new Date() : null }).where('id', '=', id).execute();
    await audit(trx, actor, roadmap, { action: published ? 'publish' : 'unpublish', entityType: 'roadmap', entityId: id, changedFields: ['published_at'] });
  });
}

/**
 * A curator creates its school's roadmap from a published template: every section and item is
 * copied with a link to its template row (the coordinator's matrix follows it), all in one
 * transaction. A school that already has a roadmap from this template gets that one back.
 */
export async function createFromTemplate(db: Kysely<Database>, actor: Actor, templateId: number): Promise<{ id: number; created: boolean }> {
  const template = await loadRoadmap(db, actor, templateId);
  if (!canUseTemplate(actor.user, template)) throw new ForbiddenError('Дорожную карту по шаблону создаёт куратор школы.');
  const schoolId = actor.user.organizationId;
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('roadmaps')
      .select('id')
      .where('organization_id', '=', schoolId)
      .where('template_id', '=', templateId)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (existing) return { id: existing.id, created: false };
    const id = await insertRoadmap(trx, actor, schoolId, {
      title: template.title,
      period_from: template.period_from,
      period_to: template.period_to,
      order_number: null,
      order_date: null,
    });
    await trx.updateTable('roadmaps').set({ template_id: templateId }).where('id', '=', id).execute();
    await copyTemplateRows(trx, templateId, id);
    const school = await trx.selectFrom('organizations').select(['id', 'municipality_id']).where('id', '=', schoolId).executeTakeFirstOrThrow();
    await audit(trx, actor, { id, organization_id: school.id, municipality_id: school.municipality_id }, {
      action: 'import',
      entityType: 'roadmap',
      entityId: id,
      changedFields: ['items', 'template_id'],
    });
    return { id, created: true };
  });
}

/**
 * Copies every section and item of a template into a new school roadmap (the caller's
 * transaction), each linked to its template row; positions keep the template's order.
 */
export async function copyTemplateRows(trx: Transaction<Database>, templateId: number, roadmapId: number): Promise<void> {
  const rows = await trx.selectFrom('roadmap_items').selectAll().where('roadmap_id', '=', templateId).orderBy('position').orderBy('id').execute();
  const newIds = new Map<number, number>();
  // Sections first, so that items find their new parents.
  for (const r of [...rows.filter((x) => x.kind === 'section'), ...rows.filter((x) => x.kind === 'item')]) {
    const copy = await trx
      .insertInto('roadmap_items')
      .values({
        roadmap_id: roadmapId,
        parent_id: r.parent_id === null ? null : (newIds.get(r.parent_id) ?? null),
        kind: r.kind,
        number: r.number,
        position: r.position,
        activity: r.activity,
        result: r.result,
        expected: r.expected,
        deadline_text: r.deadline_text,
        deadline: r.deadline === null ? null : JSON.stringify(r.deadline),
        responsible: r.responsible,
        responsible_links: r.responsible_links,
        template_item_id: r.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    newIds.set(r.id, copy.id);
  }
}
