/**
 * The schools' part of the municipal roadmap (issue 17). A municipal item addressed to schools gets
 * one part per school addressed: the school's curator or head marks it with a status and evidence,
 * as on a school roadmap; the coordinator and the department see every school's part («выполнили
 * 2 из 3 ОО»); the item itself is done when the coordinator closes it (its own status, tracking.ts).
 * Which schools: those the coordinator chose, or by default every active school of the municipality
 * when the item's «Ответственные» name the schools (responsible.ts).
 */

import type { Kysely, Transaction } from 'kysely';
import {
  canAddressRoadmapItem,
  canMarkSchoolPart,
  canViewAllSchoolParts,
  receivesItemAddressedNotice,
  roadmapSchoolOf,
} from '../../access/policy.js';
import type { Database, RoadmapItem, RoadmapItemStatus, RoadmapSchoolPart, StoredFile } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FileStore } from '../../lib/uploads.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import { storeUploadWith, storedFileOr404 } from '../files/service.js';
import { notify } from '../notifications/service.js';
import { evidenceDocument, loadItem } from './items.js';
import { STATUS_LABELS } from './labels.js';
import type { Deadline } from './deadline.js';
import { currentFirst, currentOccurrence, type Occurrence, occurrenceLabel, occurrencesOf } from './overdue.js';
import type { RoadmapRow } from './queries.js';
import { concernsSchools } from './responsible.js';
import {
  activePeopleOf,
  addressedSchools,
  chosenSchoolIds,
  findPart,
  itemDeadlines,
  markerNames,
  municipalSchools,
  partStatuses,
  partsOf,
  replaceAddressees,
  type SchoolTask,
  tasksOfSchool,
} from './school-part-queries.js';
import type { AddressInput, StatusInput } from './schemas.js';
import { loadRoadmap } from './service.js';
import type { EvidenceChange } from './tracking.js';

export const NOT_ADDRESSER = 'Адресовать пункт школам может методический центр, который ведёт муниципальную дорожную карту.';

/** One school's part as the pages show it («не начато» until marked). */
export interface SchoolPartView {
  schoolId: number;
  schoolName: string;
  status: RoadmapItemStatus;
  completed_on: string | null;
  evidence_comment: string | null;
  evidence_link: string | null;
  evidence_file_id: number | null;
  markedBy: string | null;
  markedAt: Date | null;
}

/** A municipal plan's item within the actor's scope (404 otherwise: a school plan, a section, another municipality). */
async function municipalItem(
  db: Kysely<Database>,
  actor: Actor,
  roadmapId: number,
  itemId: number,
): Promise<{ roadmap: RoadmapRow; item: RoadmapItem; municipalityId: number }> {
  const roadmap = await loadRoadmap(db, actor, roadmapId);
  if (roadmap.organization_type !== 'municipality' || roadmap.kind !== 'plan' || roadmap.municipality_id === null)
    throw new NotFoundError();
  const item = await loadItem(db, roadmapId, itemId);
  if (item.kind !== 'item') throw new NotFoundError();
  return { roadmap, item, municipalityId: roadmap.municipality_id };
}

/** The schools an item is addressed to, by name, and whether the coordinator chose them. */
async function addressees(db: Kysely<Database>, item: RoadmapItem, municipalityId: number) {
  const schools = await municipalSchools(db, municipalityId);
  const chosen = new Set(await chosenSchoolIds(db, item.id));
  const byResponsible = chosen.size === 0;
  const addressed = byResponsible
    ? concernsSchools(item.responsible_links)
      ? schools
      : []
    : schools.filter((s) => chosen.has(s.id));
  return { schools, addressed, byResponsible, chosen };
}

/** The occurrences of a recurring item; [] for a one-off one (one part per school). */
function occurrencesOfItem(item: RoadmapItem): Occurrence[] {
  const deadline = item.deadline as Deadline | null;
  return deadline?.kind === 'recurring' ? occurrencesOf(deadline) : [];
}

/**
 * The occurrence a request names (`due`), or by default the current one; null for a one-off item.
 * 404 for a day the item is not due (and for any day named of a one-off item).
 */
function occurrenceOf(item: RoadmapItem, due: string | null, today: string): Occurrence | null {
  const occurrences = occurrencesOfItem(item);
  if (occurrences.length === 0) {
    if (due !== null) throw new NotFoundError();
    return null;
  }
  const found = due === null ? currentOccurrence(occurrences, today) : occurrences.find((o) => o.due === due);
  if (!found) throw new NotFoundError();
  return found;
}

/** One occurrence of a recurring item on its school parts page, with how many schools did their part. */
export interface OccurrencePartsView {
  due: string;
  label: string;
  done: number;
  total: number;
  current: boolean;
  selected: boolean;
}

function partView(
  school: { id: number; short_name: string },
  part: RoadmapSchoolPart | undefined,
  names: Map<number, string>,
): SchoolPartView {
  return {
    schoolId: school.id,
    schoolName: school.short_name,
    status: part?.status ?? 'not_started',
    completed_on: part?.completed_on ?? null,
    evidence_comment: part?.evidence_comment ?? null,
    evidence_link: part?.evidence_link ?? null,
    evidence_file_id: part?.evidence_file_id ?? null,
    markedBy: part?.marked_by != null ? (names.get(part.marked_by) ?? null) : null,
    markedAt: part?.marked_at ?? null,
  };
}

/**
 * The page of an item's school parts. The coordinator and the department: every school addressed
 * with its part (the coordinator also the schools to choose from); the curator and the head of a
 * school addressed: their own part. Anyone else in the scope (a school not addressed): 404.
 */
export async function schoolPartsPage(
  db: Kysely<Database>,
  actor: Actor,
  roadmapId: number,
  itemId: number,
  due: string | null,
  today: string,
) {
  const { roadmap, item, municipalityId } = await municipalItem(db, actor, roadmapId, itemId);
  const occurrence = occurrenceOf(item, due, today);
  const { schools, addressed, byResponsible, chosen } = await addressees(db, item, municipalityId);
  const allParts = await partsOf(db, item.id);
  const selectedDue = occurrence?.due ?? null;
  const parts = new Map(allParts.filter((p) => p.due_on === selectedDue).map((p) => [p.organization_id, p]));
  const names = await markerNames(
    db,
    [...parts.values()].map((p) => p.marked_by).filter((id): id is number => id !== null),
  );
  const views = addressed.map((s) => partView(s, parts.get(s.id), names));
  const done = views.filter((v) => v.status === 'done').length;
  const summary = { done, total: views.length };
  const addressedIds = new Set(addressed.map((s) => s.id));
  const current = currentOccurrence(occurrencesOfItem(item), today);
  const occurrences: OccurrencePartsView[] = currentFirst(occurrencesOfItem(item), today).map((o) => ({
    due: o.due,
    label: occurrenceLabel(o),
    done: allParts.filter((p) => p.due_on === o.due && p.status === 'done' && addressedIds.has(p.organization_id)).length,
    total: addressed.length,
    current: o.due === current?.due,
    selected: o.due === selectedDue,
  }));
  const occurrenceView = occurrence === null ? null : { due: occurrence.due, label: occurrenceLabel(occurrence) };
  // Parts under days the deadline no longer has (an edited deadline, carry.ts), or of the item's
  // other kind (one-off ↔ recurring): kept as they were, listed for the coordinator and the department.
  const dues = new Set(occurrencesOfItem(item).map((o) => o.due));
  const schoolNames = new Map(schools.map((s) => [s.id, s.short_name]));
  const formerParts = allParts
    .filter((p) => (dues.size === 0 ? p.due_on !== null : p.due_on === null || !dues.has(p.due_on)))
    .map((p) => ({
      schoolId: p.organization_id,
      evidence_file_id: p.evidence_file_id,
      schoolName: schoolNames.get(p.organization_id) ?? '',
      due_on: p.due_on,
      status: p.status,
      completed_on: p.completed_on,
      evidence_comment: p.evidence_comment,
    }));
  if (canViewAllSchoolParts(actor.user, roadmap)) {
    const canAddress = canAddressRoadmapItem(actor.user, roadmap);
    return {
      roadmap,
      item,
      summary,
      occurrence: occurrenceView,
      occurrences,
      parts: views,
      formerParts,
      ownPart: null,
      canAddress,
      byResponsible,
      responsibleConcernsSchools: concernsSchools(item.responsible_links),
      choices: canAddress ? schools.map((s) => ({ id: s.id, name: s.short_name, checked: chosen.has(s.id) })) : [],
      ownEvidenceFile: null,
    };
  }
  const schoolId = roadmapSchoolOf(actor.user);
  const own = schoolId === null ? undefined : views.find((v) => v.schoolId === schoolId);
  if (!own || !canMarkSchoolPart(actor.user, roadmap, own.schoolId)) throw new NotFoundError();
  return {
    roadmap,
    item,
    summary,
    occurrence: occurrenceView,
    occurrences,
    parts: [],
    formerParts: [],
    ownPart: own,
    canAddress: false,
    byResponsible,
    responsibleConcernsSchools: concernsSchools(item.responsible_links),
    choices: [],
    ownEvidenceFile: await evidenceDocument(
      db,
      own.evidence_file_id,
      schoolEvidenceHref(roadmap.id, item.id, own.schoolId, selectedDue),
    ),
  };
}

export type SchoolPartsPage = Awaited<ReturnType<typeof schoolPartsPage>>;

export function schoolEvidenceHref(roadmapId: number, itemId: number, schoolId: number, due: string | null): string {
  return `/roadmaps/${roadmapId}/items/${itemId}/schools/${schoolId}/evidence${due === null ? '' : `?due=${due}`}`;
}

const PART_FIELDS = ['status', 'completed_on', 'evidence_comment', 'evidence_link'] as const;

/**
 * Saves the actor's school's part of an item with its evidence, in one transaction with its audit
 * line (a document attached goes in the same transaction; a replaced or removed one is deleted
 * after the commit). 404 when the school is not addressed; 403 for a role that marks no part.
 */
export async function markSchoolPart(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  roadmapId: number,
  itemId: number,
  due: string | null,
  input: StatusInput,
  evidence: EvidenceChange,
  today: string,
): Promise<void> {
  const { roadmap, item, municipalityId } = await municipalItem(db, actor, roadmapId, itemId);
  const dueOn = occurrenceOf(item, due, today)?.due ?? null;
  const schoolId = roadmapSchoolOf(actor.user);
  if (schoolId === null) throw new ForbiddenError('Свою часть пункта отмечают куратор и руководитель школы.');
  const { addressed } = await addressees(db, item, municipalityId);
  if (!addressed.some((s) => s.id === schoolId)) throw new NotFoundError();
  if (!canMarkSchoolPart(actor.user, roadmap, schoolId)) throw new ForbiddenError();
  const existing = await findPart(db, itemId, schoolId, dueOn);
  const changed: string[] = PART_FIELDS.filter((f) =>
    existing ? existing[f] !== input[f] : f === 'status' ? input.status !== 'not_started' : input[f] !== null,
  );
  const oldFile = existing?.evidence_file_id ?? null;
  const dropOld = oldFile !== null && (evidence.file !== null || evidence.remove);
  if (evidence.file !== null || dropOld) changed.push('evidence_file');
  if (changed.length === 0) return;
  const who = auditActor(actor);
  const write = async (trx: Transaction<Database>, fileId: number | null | undefined) => {
    const values = {
      ...input,
      ...(fileId !== undefined ? { evidence_file_id: fileId } : {}),
      marked_by: actor.user.id,
      marked_at: new Date(),
    };
    const row = await trx
      .insertInto('roadmap_school_parts')
      .values({ item_id: itemId, organization_id: schoolId, due_on: dueOn, ...values })
      .onConflict((oc) => oc.columns(['item_id', 'organization_id', 'due_on']).doUpdateSet(values))
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, who, {
      action: existing ? 'update' : 'create',
      entityType: 'roadmap_school_part',
      entityId: row.id,
      changedFields: changed,
      organizationId: schoolId,
      municipalityId,
    });
  };
  if (evidence.file !== null) {
    const upload = { organizationId: schoolId, purpose: 'roadmap_evidence' as const, ...evidence.file };
    await storeUploadWith(db, store, actor, upload, (trx, file) => write(trx, file.id));
  } else {
    await db.transaction().execute((trx) => write(trx, dropOld ? null : undefined));
  }
  if (dropOld && oldFile !== null) {
    const file = await db.deleteFrom('files').where('id', '=', oldFile).returning(['id', 'storage_key']).executeTakeFirst();
    if (file) {
      await recordAudit(db, who, {
        action: 'delete',
        entityType: 'file',
        entityId: file.id,
        changedFields: ['purpose', 'original_name'],
        organizationId: schoolId,
        municipalityId,
      });
      await store.remove(file.storage_key);
    }
  }
}

/**
 * Addresses an item to chosen schools of the municipality, or back to those «Ответственные» name
 * (an empty choice). One transaction with its audit line. 403 for anyone but the coordinator who
 * keeps the plan; a school not of the municipality is refused by the caller's form (here: 404).
 */
export async function addressItem(
  db: Kysely<Database>,
  actor: Actor,
  roadmapId: number,
  itemId: number,
  input: AddressInput,
): Promise<{ count: number; byResponsible: boolean }> {
  const { roadmap, item, municipalityId } = await municipalItem(db, actor, roadmapId, itemId);
  if (!canAddressRoadmapItem(actor.user, roadmap)) throw new ForbiddenError(NOT_ADDRESSER);
  const { schools, chosen } = await addressees(db, item, municipalityId);
  const ids = input.mode === 'responsible' ? [] : [...new Set(input.schools)].sort((a, b) => a - b);
  const known = new Set(schools.map((s) => s.id));
  if (ids.some((id) => !known.has(id))) throw new NotFoundError();
  const before = [...chosen].sort((a, b) => a - b);
  const after = ids.length > 0 ? ids : concernsSchools(item.responsible_links) ? schools.map((s) => s.id) : [];
  if (before.length !== ids.length || before.some((id, i) => id !== ids[i])) {
    await db.transaction().execute(async (trx) => {
      await replaceAddressees(trx, item.id, ids);
      await recordAudit(trx, auditActor(actor), {
        action: 'update',
        entityType: 'roadmap_item_addressees',
        entityId: item.id,
        changedFields: ['organization_id'],
        organizationId: roadmap.organization_id,
        municipalityId,
      });
      // Told: the schools this act addresses that the coordinator's previous choice did not name.
      const told = after.filter((id) => !chosen.has(id));
      await notifyItemAddressed(trx, { actorId: actor.user.id, roadmap, item, schoolIds: told, at: new Date() });
    });
  }
  const count = after.length;
  return { count, byResponsible: ids.length === 0 };
}

/** The evidence document of a school's part, for the coordinator, the department or that school; else 404. */
export async function schoolPartEvidence(
  db: Kysely<Database>,
  actor: Actor,
  roadmapId: number,
  itemId: number,
  schoolId: number,
  due: string | null,
  today: string,
): Promise<StoredFile> {
  const { roadmap, item } = await municipalItem(db, actor, roadmapId, itemId);
  if (!canViewAllSchoolParts(actor.user, roadmap) && !canMarkSchoolPart(actor.user, roadmap, schoolId)) throw new NotFoundError();
  // A day named is looked up as stored (a former day's part keeps its document); none: the current occurrence's.
  const part = await findPart(db, item.id, schoolId, due ?? occurrenceOf(item, null, today)?.due ?? null);
  return storedFileOr404(db, part?.evidence_file_id);
}

/** The municipal items addressed to the actor's school, with its part; [] for anyone else. */
export async function schoolTasks(db: Kysely<Database>, actor: Actor, today: string): Promise<SchoolTask[]> {
  const schoolId = roadmapSchoolOf(actor.user);
  if (schoolId === null || actor.user.municipalityId === null) return [];
  return tasksOfSchool(db, actor.user.municipalityId, schoolId, today);
}

/**
 * What the roadmap's page says under each item addressed to schools, as a link to its school parts:
 * to the coordinator and the department «Школы: выполнили 2 из 3 ОО» (of the current occurrence for
 * a recurring item: «… ОО (декабрь 2026)»), to a school addressed its own part's status. Empty for a
 * school roadmap and for anyone else.
 */
export async function schoolPartLinks(
  db: Kysely<Database>,
  actor: Actor,
  roadmap: RoadmapRow,
  today: string,
): Promise<Record<number, string>> {
  if (roadmap.organization_type !== 'municipality' || roadmap.kind !== 'plan' || roadmap.municipality_id === null) return {};
  if (canViewAllSchoolParts(actor.user, roadmap)) {
    const addressed = await addressedSchools(db, [roadmap.id]);
    const items = await itemDeadlines(db, [...addressed.keys()]);
    const parts = await partStatuses(db, [...addressed.keys()]);
    return Object.fromEntries(
      [...addressed].map(([id, schoolIds]) => {
        const deadline = (items.get(id) ?? null) as Deadline | null;
        const current = deadline?.kind === 'recurring' ? currentOccurrence(occurrencesOf(deadline), today) : null;
        const due = current?.due ?? null;
        const ids = new Set(schoolIds);
        const done = parts.filter(
          (p) => p.item_id === id && p.due_on === due && p.status === 'done' && ids.has(p.organization_id),
        ).length;
        const of = current === null ? '' : ` (${occurrenceLabel(current)})`;
        return [id, `Школы: выполнили ${done} из ${schoolIds.length} ОО${of}`];
      }),
    );
  }
  const schoolId = roadmapSchoolOf(actor.user);
  if (schoolId === null || !canMarkSchoolPart(actor.user, roadmap, schoolId)) return {};
  const tasks = await tasksOfSchool(db, roadmap.municipality_id, schoolId, today);
  return Object.fromEntries(
    tasks
      .filter((t) => t.roadmapId === roadmap.id)
      .map((t) => [
        t.itemId,
        `Часть нашей школы${t.occurrence ? ` (${t.occurrence.label})` : ''}: ${STATUS_LABELS[t.status].toLowerCase()}`,
      ]),
  );
}

/** The curators of the schools an item was just addressed to are told, once for the act. */
async function notifyItemAddressed(
  trx: Transaction<Database>,
  act: { actorId: number; roadmap: RoadmapRow; item: RoadmapItem; schoolIds: number[]; at: Date },
): Promise<number[]> {
  const { roadmap, item, schoolIds } = act;
  if (schoolIds.length === 0) return [];
  const people = await activePeopleOf(trx, schoolIds);
  return notify(trx, {
    kind: 'roadmap_item_addressed',
    key: `roadmap_item_addressed:${item.id}:${act.at.getTime()}`,
    params: { subject: roadmap.title, item: { number: item.number, activity: item.activity } },
    link: `/roadmaps/${roadmap.id}/items/${item.id}/schools`,
    subject: { type: 'roadmap', ref: roadmap },
    entity: { type: 'roadmap_item', id: item.id },
    organizationId: roadmap.organization_id,
    municipalityId: roadmap.municipality_id,
    recipients: people.filter((user) => receivesItemAddressedNotice(user, schoolIds, roadmap)).map((user) => user.id),
    actorId: act.actorId,
  });
}
