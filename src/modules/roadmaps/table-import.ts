/** Saving a table read from a document (table-reader.ts) into an empty roadmap. */

import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types.js';
import { ConflictError } from '../../http/errors.js';
import type { Actor } from '../audit/service.js';
import { touchContent } from './items.js';
import { hasItems } from './queries.js';
import { responsibleLinks } from './responsible.js';
import { auditRoadmap, editableRoadmap } from './service.js';
import type { ReadResult } from './table-reader.js';

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
export async function writeReadTable(
  trx: Transaction<Database>,
  roadmapId: number,
  result: ReadResult,
): Promise<{ sections: number; items: number }> {
  if (await hasItems(trx, roadmapId))
    throw new ConflictError('В дорожной карте уже есть пункты: импорт добавляет таблицу только в пустую дорожную карту.');
  const blocker = importBlocker(result);
  if (blocker) throw new ConflictError(blocker);
  let position = 0;
  const sectionIds = new Map<string, number>();
  const sectionRows = new Map<string, { number: string; title: string }>();
  for (const s of result.sections) sectionRows.set(`${s.number}. ${s.title}`.trim(), s);
  const insertSection = async (s: { number: string; title: string }) => {
    const row = await trx
      .insertInto('roadmap_items')
      .values({
        roadmap_id: roadmapId,
        kind: 'section',
        number: s.number === '' ? null : s.number,
        position: ++position,
        activity: s.title || `Раздел ${s.number}`,
      })
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

export async function importTable(
  db: Kysely<Database>,
  actor: Actor,
  roadmapId: number,
  result: ReadResult,
): Promise<{ sections: number; items: number }> {
  const roadmap = await editableRoadmap(db, actor, roadmapId);
  return db.transaction().execute(async (trx) => {
    // An empty roadmap is never approved: this only keeps updated_at.
    await touchContent(trx, actor, roadmap);
    const written = await writeReadTable(trx, roadmapId, result);
    await auditRoadmap(trx, actor, roadmap, {
      action: 'import',
      entityType: 'roadmap',
      entityId: roadmapId,
      changedFields: ['items'],
    });
    return written;
  });
}

/** Whether the roadmap the actor edits has rows already: the import fills an empty one only. */
export async function roadmapHasItems(db: Kysely<Database>, actor: Actor, roadmapId: number): Promise<boolean> {
  const roadmap = await editableRoadmap(db, actor, roadmapId);
  return hasItems(db, roadmap.id);
}
