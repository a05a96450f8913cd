/**
 * The counts a snapshot takes at acceptance (issue 15, the region's exports): the school's mentors,
 * mentees, pairs and groups of the campaign's period by form of mentoring and by category, and its
 * mentoring programmes in force in the period. Figures only: no person is named.
 *
 * Rules:
 * - a pair counts when it was active in the period — activated before the period ended and not
 *   completed or stopped before it began (the indicator engine's rule, indicators/compute.ts, with
 *   the campaign's period for the year);
 * - a person counts once in a total however many pairs it is in, and once in each form it works in;
 * - a programme is in force when it was created before the period ended and not archived before it began.
 */

import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../../db/types.js';
import { MENTEE_CATEGORY_LABELS, MENTOR_CATEGORY_LABELS, MENTORING_FORM_LABELS } from '../people/labels.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface FormCounts {
  /** Pairs and groups of the form. */
  pairs: number;
  mentors: number;
  mentees: number;
}

export interface FrozenCounts {
  period_start: string;
  period_end: string;
  /** Pairs and groups together; `groups` of them are groups. */
  pairs: number;
  groups: number;
  mentors: number;
  mentees: number;
  programmes: number;
  by_form: Record<string, FormCounts>;
  mentors_by_category: Record<string, number>;
  mentees_by_category: Record<string, number>;
}

export interface CountsPeriod {
  period_start: string;
  period_end: string;
}

/** The school's counts of the period as the data stand now (frozen by the caller). */
export async function schoolCounts(db: Db, period: CountsPeriod, organizationId: number): Promise<FrozenCounts> {
  const { period_start: start, period_end: end } = period;
  const pairs = await db
    .selectFrom('pairs as p')
    .select(['p.id', 'p.form', 'p.kind'])
    .where('p.organization_id', '=', organizationId)
    .where('p.activated_at', 'is not', null)
    .where(sql<boolean>`p.activated_at < ${end}::date + 1`)
    .where(sql<boolean>`coalesce(p.completed_on, p.terminated_on, date '9999-12-31') >= ${start}::date`)
    .execute();
  const ids = pairs.map((p) => p.id);
  const [mentors, mentees, programmes] = await Promise.all([
    ids.length === 0
      ? []
      : db
          .selectFrom('pair_mentors as l')
          .innerJoin('mentors as m', 'm.id', 'l.mentor_id')
          .select(['l.pair_id', 'm.id', 'm.category'])
          .where('l.pair_id', 'in', ids)
          .execute(),
    ids.length === 0
      ? []
      : db
          .selectFrom('pair_mentees as l')
          .innerJoin('mentees as e', 'e.id', 'l.mentee_id')
          .select(['l.pair_id', 'e.id', 'e.category'])
          .where('l.pair_id', 'in', ids)
          .execute(),
    db
      .selectFrom('programmes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .where(sql<boolean>`created_at < ${end}::date + 1`)
      .where(sql<boolean>`(archived_at is null or archived_at >= ${start}::date)`)
      .executeTakeFirstOrThrow(),
  ]);
  const formOf = new Map(pairs.map((p) => [p.id, p.form as string]));
  const by_form: Record<string, FormCounts> = {};
  for (const form of Object.keys(MENTORING_FORM_LABELS)) by_form[form] = { pairs: 0, mentors: 0, mentees: 0 };
  const formEntry = (form: string) => {
    by_form[form] ??= { pairs: 0, mentors: 0, mentees: 0 };
    return by_form[form];
  };
  for (const p of pairs) formEntry(p.form).pairs++;
  const distinct = (rows: ReadonlyArray<{ pair_id: number; id: number; category: string }>, side: 'mentors' | 'mentees') => {
    const people = new Map<number, string>();
    const inForm = new Set<string>();
    for (const r of rows) {
      people.set(r.id, r.category);
      const form = formOf.get(r.pair_id) ?? '';
      if (inForm.has(`${form}:${r.id}`)) continue;
      inForm.add(`${form}:${r.id}`);
      formEntry(form)[side]++;
    }
    const byCategory: Record<string, number> = {};
    for (const category of Object.keys(side === 'mentors' ? MENTOR_CATEGORY_LABELS : MENTEE_CATEGORY_LABELS))
      byCategory[category] = 0;
    for (const category of people.values()) byCategory[category] = (byCategory[category] ?? 0) + 1;
    return { total: people.size, byCategory };
  };
  const m = distinct(mentors, 'mentors');
  const e = distinct(mentees, 'mentees');
  return {
    period_start: start,
    period_end: end,
    pairs: pairs.length,
    groups: pairs.filter((p) => p.kind === 'group').length,
    mentors: m.total,
    mentees: e.total,
    programmes: Number(programmes.n),
    by_form,
    mentors_by_category: m.byCategory,
    mentees_by_category: e.byCategory,
  };
}

/** The counts as the pages show them: the totals, then the non-empty forms and categories, labelled. */
export function countsView(counts: FrozenCounts | undefined) {
  if (!counts) return null;
  const label = (labels: Record<string, string>, key: string) => labels[key] ?? key;
  return {
    totals: [
      { label: 'Наставников', value: counts.mentors },
      { label: 'Наставляемых', value: counts.mentees },
      { label: 'Пар и групп', value: counts.pairs },
      { label: 'из них групп', value: counts.groups },
      { label: 'Программ наставничества', value: counts.programmes },
    ],
    forms: Object.entries(counts.by_form)
      .filter(([, c]) => c.pairs > 0)
      .map(([form, c]) => ({ label: label(MENTORING_FORM_LABELS, form), ...c })),
    mentorCategories: Object.entries(counts.mentors_by_category)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => ({ label: label(MENTOR_CATEGORY_LABELS, k), value: n })),
    menteeCategories: Object.entries(counts.mentees_by_category)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => ({ label: label(MENTEE_CATEGORY_LABELS, k), value: n })),
  };
}

export type CountsView = NonNullable<ReturnType<typeof countsView>>;
