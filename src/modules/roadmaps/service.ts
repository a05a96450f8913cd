import type { Kysely, Transaction } from 'kysely';
import { canEditRoadmap, roadmapOwnerFor } from '../../access/policy.js';
import type { Database, RoadmapItem } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import { parseDeadline } from './deadline.js';
import { findRoadmap, type RoadmapRow } from './queries.js';
import type { ItemInput, RoadmapInput, StatusInput } from './schemas.js';
import type { ReadResult } from './table-reader.js';

type Db = Kysely<Database> | Transaction<Database>;
export type Result = { ok: true; id: number } | { ok: false; errors: FieldErrors };

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
  action: 'create' | 'update' | 'import';
  entityType: 'roadmap' | 'roadmap_item';
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

export async function createRoadmap(db: Kysely<Database>, actor: Actor, input: RoadmapInput): Promise<number> {
  const organizationId = roadmapOwnerFor(actor.user);
  if (organizationId === null) throw new ForbiddenError('Создавать дорожные карты могут методический центр и куратор школы.');
  return db.transaction().execute((trx) => insertRoadmap(trx, actor, organizationId, input));
}

/** Inserts a roadmap of an organisation (a municipality or a school) with its audit line. */
export async function insertRoadmap(trx: Transaction<Database>, actor: Actor | null, organizationId: number, input: RoadmapInput): Promise<number> {
  const org = await trx.selectFrom('organizations').select(['id', 'type', 'municipality_id']).where('id', '=', organizationId).executeTakeFirst();
  if (!org || (org.type !== 'municipality' && org.type !== 'school')) {
    throw new ConflictError('Дорожная карта бывает у муниципалитета или у школы.');
  }
  const row = await trx.insertInto('roadmaps').values({ organization_id: organizationId, ...input }).returning('id').executeTakeFirstOrThrow();
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

function itemValues(roadmap: RoadmapRow, input: ItemInput) {
  const deadline = input.deadline_text === null ? null : parseDeadline(input.deadline_text, { periodFrom: roadmap.period_from, periodTo: roadmap.period_to });
  return {
    number: input.number,
    parent_id: input.kind === 'section' ? null : input.parent_id,
    activity: input.activity,
    result: input.result,
    expected: input.expected,
    deadline_text: input.deadline_text,
    deadline: deadline === null ? null : JSON.stringify(deadline),
    responsible: input.responsible,
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
    await touch(trx, roadmapId);
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
    await touch(trx, roadmapId);
    return { ok: true, id: itemId };
  });
}

export async function setItemStatus(db: Kysely<Database>, actor: Actor, roadmapId: number, itemId: number, input: StatusInput): Promise<void> {
  const roadmap = await editableRoadmap(db, actor, roadmapId);
  const item = await loadItem(db, roadmapId, itemId);
  if (item.kind !== 'item') throw new ConflictError('Статус ставится мероприятию, а не разделу.');
  const changed = (['status', 'completed_on', 'evidence_comment', 'evidence_link'] as const).filter((f) => item[f] !== input[f]);
  if (changed.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('roadmap_items').set({ ...input, updated_at: new Date() }).where('id', '=', itemId).execute();
    await audit(trx, actor, roadmap, { action: 'update', entityType: 'roadmap_item', entityId: itemId, changedFields: changed });
    await touch(trx, roadmapId);
  });
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
    await touch(trx, roadmapId);
    return written;
  });
}
