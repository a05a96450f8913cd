/** A template's matrix: its items × the municipality's schools, each cell the school's copy of the item. */

import type { Kysely } from 'kysely';
import { canViewTemplateMatrix } from '../../access/policy.js';
import type { Database, RoadmapItemStatus } from '../../db/types.js';
import { NotFoundError } from '../../http/errors.js';
import type { Actor } from '../audit/service.js';
import type { Deadline } from './deadline.js';
import { isOverdue } from './overdue.js';
import {
  activeSchools,
  copiedItems,
  plansFromTemplate,
  roadmapItems,
  schoolPlansOverlapping,
  trackedOccurrences,
} from './queries.js';
import { loadRoadmap } from './service.js';

/** One cell of the matrix: the school's copy of a template item. */
export interface MatrixCell {
  status: RoadmapItemStatus | null;
  overdue: boolean;
  completedOn: string | null;
  /** The school's item, for a link; null when the school removed it or has no roadmap yet. */
  href: string | null;
}

const NO_COPY: MatrixCell = { status: null, overdue: false, completedOn: null, href: null };

/**
 * The matrix of a template the actor reads (the coordinator, the department; 404 for anything
 * else): a column per active school with the plan it made from the template, a row per template
 * row with each school's copy, and whether each school has approved a plan of its own for the period.
 */
export async function templateMatrix(db: Kysely<Database>, actor: Actor, id: number, today: string) {
  const template = await loadRoadmap(db, actor, id);
  if (!canViewTemplateMatrix(actor.user, template)) throw new NotFoundError();
  const municipalityId = template.organization_id;
  const schools = await activeSchools(db, municipalityId);
  // Each school's latest roadmap created from this template.
  const plans = await plansFromTemplate(db, template.id);
  const planOf = new Map(plans.map((r) => [r.organization_id, r]));
  const copies = await copiedItems(
    db,
    [...planOf.values()].map((r) => r.id),
  );
  const tracked = await trackedOccurrences(db, copies);
  const cells = new Map<string, MatrixCell>();
  for (const c of copies) {
    cells.set(`${c.roadmap_id}:${c.template_item_id}`, {
      status: c.status,
      overdue: isOverdue(c.deadline as Deadline | null, c.status, today, tracked.get(c.id)),
      completedOn: c.completed_on,
      href: `/roadmaps/${c.roadmap_id}#item-${c.id}`,
    });
  }
  const rows = (await roadmapItems(db, template.id)).map((item) => ({
    item,
    cells: schools.map((s) => {
      const plan = planOf.get(s.id);
      return plan ? (cells.get(`${plan.id}:${item.id}`) ?? NO_COPY) : null;
    }),
  }));
  // Whether each school has approved a roadmap of its own for this period, from the template or not.
  const approvedOn = new Map<number, Date>();
  const hasPlan = new Set<number>();
  for (const p of await schoolPlansOverlapping(db, municipalityId, template.period_from, template.period_to)) {
    hasPlan.add(p.organization_id);
    if (p.approved_at !== null) approvedOn.set(p.organization_id, p.approved_at);
  }
  const columns = schools.map((s) => {
    const plan = planOf.get(s.id);
    const done = plan ? copies.filter((c) => c.roadmap_id === plan.id && c.status === 'done').length : 0;
    return { school: s, roadmap: plan ?? null, done, hasPlan: hasPlan.has(s.id), approvedOn: approvedOn.get(s.id) ?? null };
  });
  return {
    template,
    columns,
    rows,
    itemCount: rows.filter((r) => r.item.kind === 'item').length,
    notApproved: columns.filter((c) => c.approvedOn === null),
  };
}
