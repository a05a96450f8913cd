/**
 * The rows of a roadmap: sections and items, added, edited and moved with their numbering kept
 * whole; a recurring item's marks follow an edited deadline (carry.ts).
 */

import type { Kysely, Transaction } from 'kysely';
import { canEditRoadmap } from '../../access/policy.js';
import type { Database, RoadmapItem } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { formatFileSize } from '../../lib/uploads.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import { findStoredFile } from '../files/service.js';
import { notifyRoadmapApproval } from '../notifications/producers.js';
import { type Withdrawn, withdrawApproval } from './approvals.js';
import { carriedOccurrences } from './carry.js';
import { type Deadline, parseDeadline } from './deadline.js';
import { occurrencesOf } from './overdue.js';
import { revokeOnChange } from '../centre-agreements/service.js';
import { findItem, occurrenceRows, type RoadmapRow, roadmapItems } from './queries.js';
import { responsibleLinks } from './responsible.js';
import type { ItemInput } from './schemas.js';
import { agreementObject, approvalFields, auditRoadmap, editableRoadmap } from './service.js';

/** What became of a recurring item's marks when its deadline was edited. */
export interface CarriedMarks {
  /** Marks moved to a new due day (carriedOccurrences). */
  moved: number;
  /** Marks under due days the item no longer has: kept, and listed on the item's page. */
  former: number;
}

/** `marks`: when an edited item's deadline changed and it had tracked occurrences. */
export type Result = { ok: true; id: number; marks?: CarriedMarks; withdrawn?: Withdrawn } | { ok: false; errors: FieldErrors };

/** An item of a roadmap, or 404. */
export async function loadItem(db: Kysely<Database>, roadmapId: number, itemId: number): Promise<RoadmapItem> {
  const item = await findItem(db, roadmapId, itemId);
  if (!item) throw new NotFoundError();
  return item;
}

/** A row of a roadmap the actor edits, with the roadmap: 404 outside the scope or for another roadmap's row, 403 inside the scope. */
export async function editableItem(
  db: Kysely<Database>,
  actor: Actor,
  roadmapId: number,
  itemId: number,
): Promise<{ roadmap: RoadmapRow; item: RoadmapItem }> {
  const roadmap = await editableRoadmap(db, actor, roadmapId);
  return { roadmap, item: await loadItem(db, roadmapId, itemId) };
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

async function checkItem(
  trx: Transaction<Database>,
  roadmapId: number,
  input: ItemInput,
  exceptId: number | null,
): Promise<FieldErrors> {
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
async function positionFor(
  trx: Transaction<Database>,
  roadmapId: number,
  input: ItemInput,
  exceptId: number | null,
): Promise<number> {
  const rows = (
    await trx
      .selectFrom('roadmap_items')
      .select(['id', 'kind', 'number', 'parent_id', 'position'])
      .where('roadmap_id', '=', roadmapId)
      .execute()
  ).filter((r) => r.id !== exceptId);
  const max = rows.reduce((m, r) => Math.max(m, r.position), 0);
  if (input.kind === 'section') return max + 1;
  const before = rows.filter(
    (r) =>
      r.kind === 'item' && r.parent_id === input.parent_id && r.number !== null && compareNumbers(r.number, input.number) < 0,
  );
  let after: number;
  if (before.length > 0) after = Math.max(...before.map((r) => r.position));
  else if (input.parent_id !== null) after = rows.find((r) => r.id === input.parent_id)?.position ?? max;
  else after = rows.some((r) => r.parent_id === null && r.kind === 'item') ? 0 : max;
  const position = after + 1;
  await trx
    .updateTable('roadmap_items')
    .set((eb) => ({ position: eb('position', '+', 1) }))
    .where('roadmap_id', '=', roadmapId)
    .where('position', '>=', position)
    .execute();
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
    const withdrawn = await touchContent(trx, actor, roadmap);
    const position = await positionFor(trx, roadmapId, input, null);
    const row = await trx
      .insertInto('roadmap_items')
      .values({ roadmap_id: roadmapId, kind: input.kind, position, ...itemValues(roadmap, input) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditRoadmap(trx, actor, roadmap, {
      action: 'create',
      entityType: 'roadmap_item',
      entityId: row.id,
      changedFields: ['number', 'section', 'activity', 'result', 'expected', 'deadline_text', 'responsible'],
    });
    return { ok: true, id: row.id, withdrawn };
  });
}

export async function updateItem(
  db: Kysely<Database>,
  actor: Actor,
  roadmapId: number,
  itemId: number,
  input: ItemInput,
): Promise<Result> {
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
    for (const f of ['activity', 'result', 'expected', 'deadline_text', 'responsible'] as const)
      if (item[f] !== values[f]) changed.push(f);
    if (changed.length === 0) return { ok: true, id: itemId };
    const withdrawn = await touchContent(trx, actor, roadmap);
    const moved = changed.includes('number') || changed.includes('section');
    const position = moved && item.kind === 'item' ? await positionFor(trx, roadmapId, fixed, itemId) : item.position;
    await trx
      .updateTable('roadmap_items')
      .set({ ...values, position, updated_at: new Date() })
      .where('id', '=', itemId)
      .execute();
    await auditRoadmap(trx, actor, roadmap, {
      action: 'update',
      entityType: 'roadmap_item',
      entityId: itemId,
      changedFields: changed,
    });
    const marks = changed.includes('deadline_text')
      ? await carryMarks(trx, actor, roadmap, itemId, item.deadline as Deadline | null, deadlineOf(roadmap, fixed.deadline_text))
      : null;
    return marks ? { ok: true, id: itemId, marks, withdrawn } : { ok: true, id: itemId, withdrawn };
  });
}

/**
 * Moves the tracked occurrences of an item whose deadline changed to their places under the new
 * one (carriedOccurrences), each keeping its id, status and evidence; the others stay under their
 * old days. The schools' parts of a municipal item (issue 17) follow their occurrences by the same
 * places. Null when the item had no tracked occurrence and no school's part of one.
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
  const parts = await trx
    .selectFrom('roadmap_school_parts')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('due_on', 'is not', null)
    .execute();
  if (rows.length === 0 && parts.length === 0) return null;
  const places = carriedOccurrences(before, after, [
    ...new Set([...rows.map((r) => r.due_on), ...parts.map((p) => p.due_on as string)]),
  ]);
  const moving = rows.filter((r) => places.has(r.due_on) && places.get(r.due_on) !== r.due_on);
  if (moving.length > 0) {
    // Deleted and inserted again (same ids) rather than updated one by one: a mark may move to a
    // day another mark is leaving in the same edit, and the unique (item, day) is checked per row.
    await trx
      .deleteFrom('roadmap_occurrences')
      .where(
        'id',
        'in',
        moving.map((r) => r.id),
      )
      .execute();
    await trx
      .insertInto('roadmap_occurrences')
      .values(moving.map((r) => ({ ...r, due_on: places.get(r.due_on) as string, updated_at: new Date() })))
      .execute();
    for (const r of moving)
      await auditRoadmap(trx, actor, roadmap, {
        action: 'update',
        entityType: 'roadmap_occurrence',
        entityId: r.id,
        changedFields: ['due_on'],
      });
  }
  const movingParts = parts.filter((p) => {
    const due = p.due_on as string;
    return places.has(due) && places.get(due) !== due;
  });
  if (movingParts.length > 0) {
    // The same way, for the same reason (unique item, school, day).
    await trx
      .deleteFrom('roadmap_school_parts')
      .where(
        'id',
        'in',
        movingParts.map((p) => p.id),
      )
      .execute();
    await trx
      .insertInto('roadmap_school_parts')
      .values(movingParts.map((p) => ({ ...p, due_on: places.get(p.due_on as string) as string })))
      .execute();
    for (const p of movingParts)
      await recordAudit(trx, auditActor(actor), {
        action: 'update',
        entityType: 'roadmap_school_part',
        entityId: p.id,
        changedFields: ['due_on'],
        organizationId: p.organization_id,
        municipalityId: roadmap.municipality_id,
      });
  }
  if (rows.length === 0) return null;
  return { moved: moving.length, former: rows.length - rows.filter((r) => places.has(r.due_on)).length };
}

/** The tracked occurrences of an item under due days its deadline no longer has, by day. */
async function formerMarks(db: Kysely<Database>, item: RoadmapItem) {
  const deadline = item.deadline as Deadline | null;
  const current = new Set(deadline?.kind === 'recurring' ? occurrencesOf(deadline).map((o) => o.due) : []);
  const rows = await occurrenceRows(db, item.id);
  return rows.filter((r) => !current.has(r.due_on));
}

type MoveResult = { ok: true; number: string; withdrawn: Withdrawn } | { ok: false; message: string };

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
export async function moveItem(
  db: Kysely<Database>,
  actor: Actor,
  roadmapId: number,
  itemId: number,
  direction: 'up' | 'down',
): Promise<MoveResult> {
  const roadmap = await editableRoadmap(db, actor, roadmapId);
  const item = await loadItem(db, roadmapId, itemId);
  if (item.number === null) return { ok: false, message: 'У пункта нет номера: задайте номер, чтобы перемещать его.' };
  const own = item.number;
  return db.transaction().execute(async (trx): Promise<MoveResult> => {
    const rows = await trx
      .selectFrom('roadmap_items')
      .select(['id', 'kind', 'number', 'parent_id', 'position'])
      .where('roadmap_id', '=', roadmapId)
      .orderBy('position')
      .execute();
    const depth = own.split('.').length;
    const siblings = rows
      .filter(
        (r) =>
          r.kind === item.kind &&
          r.number !== null &&
          r.number.split('.').length === depth &&
          parentNumber(r.number) === parentNumber(own),
      )
      .sort((a, b) => compareNumbers(a.number as string, b.number as string));
    const index = siblings.findIndex((r) => r.id === itemId);
    const other = siblings[direction === 'up' ? index - 1 : index + 1];
    if (!other || other.number === null) {
      return {
        ok: false,
        message: direction === 'up' ? `Пункт ${own} уже первый на своём уровне.` : `Пункт ${own} уже последний на своём уровне.`,
      };
    }
    const otherNumber = other.number;
    const withdrawn = await touchContent(trx, actor, roadmap);
    // A row's subtree: rows numbered under it, and for a section the items it holds.
    const subtree = (root: { id: number; kind: string; number: string }) =>
      rows.filter(
        (r) => r.id === root.id || inSubtree(r.number, root.number) || (root.kind === 'section' && r.parent_id === root.id),
      );
    const mine = subtree({ id: item.id, kind: item.kind, number: own });
    const theirs = subtree({ id: other.id, kind: other.kind, number: otherNumber });
    const renumber = (n: string | null, from: string, to: string) =>
      n !== null && inSubtree(n, from) ? to + n.slice(from.length) : n;
    // The unique (roadmap, number) index holds at every statement: clear the numbers first.
    const touched = [...mine, ...theirs];
    await trx
      .updateTable('roadmap_items')
      .set({ number: null })
      .where(
        'id',
        'in',
        touched.map((r) => r.id),
      )
      .execute();
    // The upper block takes the first positions of the two blocks, the lower one the rest.
    const [upper, lower] = direction === 'up' ? [mine, theirs] : [theirs, mine];
    const positions = touched.map((r) => r.position).sort((a, b) => a - b);
    const reordered = [...upper.sort((a, b) => a.position - b.position), ...lower.sort((a, b) => a.position - b.position)];
    for (const [i, r] of reordered.entries()) {
      const isMine = mine.includes(r);
      const number = isMine ? renumber(r.number, own, otherNumber) : renumber(r.number, otherNumber, own);
      await trx
        .updateTable('roadmap_items')
        .set({ number, position: positions[i] as number, updated_at: new Date() })
        .where('id', '=', r.id)
        .execute();
      if (number !== r.number)
        await auditRoadmap(trx, actor, roadmap, {
          action: 'move',
          entityType: 'roadmap_item',
          entityId: r.id,
          changedFields: ['number', 'position'],
        });
    }
    return { ok: true, number: otherNumber, withdrawn };
  });
}

/**
 * A change to the plan's content begins: an approved plan needs approving again, and a school's plan
 * agreed by the methodological centre needs agreeing again (issue 17). Called in the change's
 * transaction before its rows are written, so that the approval is kept with the rows it approved
 * (approvals.ts); says what it took away (the page says so).
 */
export async function touchContent(trx: Transaction<Database>, actor: Actor, roadmap: RoadmapRow): Promise<Withdrawn> {
  const agreement = await revokeOnChange(trx, actor, agreementObject(roadmap));
  const withdrawn = await withdrawApproval(trx, roadmap.id, actor.user.id, 'content');
  if (!withdrawn) {
    await trx.updateTable('roadmaps').set({ updated_at: new Date() }).where('id', '=', roadmap.id).execute();
    return { approval: false, agreement };
  }
  await auditRoadmap(trx, actor, roadmap, {
    action: 'revoke_approval',
    entityType: 'roadmap',
    entityId: roadmap.id,
    changedFields: approvalFields(roadmap),
  });
  // The approver is asked to approve again.
  await notifyRoadmapApproval(trx, {
    actorId: actor.user.id,
    notice: 'approval_needed',
    approvedAt: roadmap.approved_at ?? new Date(),
    roadmap,
  });
  return { approval: true, agreement };
}

/** What a status form shows of an attached document: its name, size and download link. */
export async function evidenceDocument(
  db: Kysely<Database>,
  fileId: number | null,
  href: string,
): Promise<{ name: string; size: string; href: string } | null> {
  if (fileId === null) return null;
  const file = await findStoredFile(db, fileId);
  return file ? { name: file.original_name, size: formatFileSize(file.size_bytes), href } : null;
}

/**
 * What the item form shows besides the item, to whoever edits the roadmap: the sections to put it
 * in, and for an existing item its evidence document and the marks under due days it no longer has.
 */
export async function itemFormData(db: Kysely<Database>, actor: Actor, roadmap: RoadmapRow, item: RoadmapItem | null) {
  if (!canEditRoadmap(actor.user, roadmap)) throw new ForbiddenError();
  const sections = (await roadmapItems(db, roadmap.id)).filter((r) => r.kind === 'section');
  return {
    sections,
    evidenceFile: item
      ? await evidenceDocument(db, item.evidence_file_id, `/roadmaps/${roadmap.id}/items/${item.id}/evidence`)
      : null,
    formerMarks: item ? await formerMarks(db, item) : [],
  };
}
