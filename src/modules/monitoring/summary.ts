/**
 * The municipal summary of a campaign: every field and computed indicator of its form × every
 * addressed school, with the municipality's value (the total), made only from the frozen figures
 * of accepted submissions; the schools not accepted yet are listed with their state.
 *
 * How a column's total is made (the page and the workbook say it too):
 * - a computed count: the sum over the schools;
 * - a computed percentage: the sum of the numerators over the sum of the denominators (never the
 *   mean of the schools' percentages), with both sums shown;
 * - a number typed by the school: the sum (the mean is shown beside it);
 * - a percentage typed by the school: the mean over the schools that gave one (its base is not
 *   asked, so nothing better can be made of it);
 * - yes / no: «да: N из M»; a choice: the number of schools per option;
 * - a table: the number of rows, summed; a text: not totalled, listed per school below the table.
 * `buildSummary` is pure; `campaignSummary` loads what it needs in four queries.
 */

import type { Kysely } from 'kysely';
import { canViewCampaignSummary, readsSnapshotOnly } from '../../access/policy.js';
import type { Database, MonitoringFieldKind } from '../../db/types.js';
import { NotFoundError } from '../../http/errors.js';
import { todayIso } from '../../lib/dates.js';
import { plural } from '../../lib/ru.js';
import type { Actor } from '../audit/service.js';
import type { CampaignBasis } from '../indicators/report-campaign.js';
import { percentOf } from '../indicators/status.js';
import { type Answer, parseNumber } from './answers.js';
import { OVERDUE_LABEL, STATUS_LABELS } from './labels.js';
import { buildMatrix, type MatrixLine } from './matrix.js';
import {
  acceptedSnapshots,
  type CampaignRow,
  campaignFields,
  campaignMatrix,
  campaignsWithAccepted,
  type FieldRow,
  type ReportCampaignRow,
} from './queries.js';
import { getCampaign } from './service.js';
import type { FrozenFigures } from './submission.js';

/** How a column is totalled. */
export type SummaryRule = 'sum' | 'ratio' | 'sum_mean' | 'mean' | 'yes_no' | 'choice' | 'rows';

export const RULE_LABELS: Record<SummaryRule, string> = {
  sum: 'сумма по школам',
  ratio: 'сумма числителей, делённая на сумму знаменателей (не среднее процентов школ)',
  sum_mean: 'сумма по школам; в скобках — среднее на школу',
  mean: 'среднее арифметическое по школам, указавшим значение',
  yes_no: 'число школ, ответивших «да», из ответивших',
  choice: 'число школ, выбравших вариант',
  rows: 'число строк таблиц, сумма по школам',
};

export interface SummaryColumn {
  field_id: number;
  kind: MonitoringFieldKind;
  /** The indicator's code for a computed column. */
  code: string | null;
  label: string;
  /** A computed indicator's unit, as the snapshots have it. */
  unit: 'percent' | 'count' | null;
  rule: SummaryRule;
  /** A choice's options. */
  options: string[];
}

/** One figure of a school (or the total): the text the page shows and the numbers the workbook writes. */
export interface SummaryCell {
  text: string;
  /** The value as a number (a percentage as 40 for 40 %; yes/no as 1/0; a table as its rows), null when none. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** A choice's answer (a school) or the count per option (the total). */
  choice: string | null;
  counts: number[];
}

export interface SummaryRow {
  organization_id: number;
  short_name: string;
  acceptedAt: Date;
  cells: SummaryCell[];
}

export interface SummaryText {
  label: string;
  answers: Array<{ short_name: string; text: string }>;
}

export interface Summary {
  columns: SummaryColumn[];
  rows: SummaryRow[];
  totals: SummaryCell[];
  texts: SummaryText[];
  /** The addressed schools whose figures are not in the totals, with their state. */
  pending: Array<{ organization_id: number; short_name: string; state: string }>;
  accepted: number;
  total: number;
  /** «Итоги по 9 из 18 школ (принятые сведения)». */
  lead: string;
}

const blank = (text = '—'): SummaryCell => ({ text, value: null, numerator: null, denominator: null, choice: null, counts: [] });

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
/** A number as the page prints it: «12», «12,5», «1 250» (one formatter: making one per call costs ~0.3 ms). */
const NUMBER_FORMAT = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2, useGrouping: true });
export const numberText = (value: number) => NUMBER_FORMAT.format(round(value, 2)).replace(/\u00a0|\u202f/g, ' ');

function ruleOf(field: FieldRow, unit: 'percent' | 'count' | null): SummaryRule {
  switch (field.kind) {
    case 'indicator':
      return unit === 'percent' ? 'ratio' : 'sum';
    case 'number':
      return 'sum_mean';
    case 'percent':
      return 'mean';
    case 'yes_no':
      return 'yes_no';
    case 'choice':
      return 'choice';
    default:
      return 'rows';
  }
}

const toNumber = (value: string | null | undefined): number | null =>
  value === null || value === undefined || value === '' || !Number.isFinite(Number(value)) ? null : Number(value);

type Computed = FrozenFigures['computed'][number];

function computedCell(figure: Computed | undefined): SummaryCell {
  if (!figure) return blank();
  const value = toNumber(figure.value);
  if (value === null) return blank('нет данных');
  const numerator = toNumber(figure.numerator);
  const denominator = toNumber(figure.denominator);
  if (figure.unit === 'percent')
    return {
      ...blank(),
      text: `${numberText(value)} %`,
      value,
      numerator,
      denominator,
    };
  return { ...blank(), text: numberText(value), value };
}

function enteredCell(column: SummaryColumn, answer: Answer | undefined): SummaryCell {
  if (answer === undefined) return blank();
  if (Array.isArray(answer)) return { ...blank(), text: numberText(answer.length), value: answer.length };
  if (answer === '') return blank();
  switch (column.kind) {
    case 'number':
    case 'percent': {
      const n = parseNumber(answer);
      if (n === null) return blank(answer);
      return { ...blank(), text: `${numberText(n)}${column.kind === 'percent' ? ' %' : ''}`, value: n };
    }
    case 'yes_no':
      return answer === 'yes' || answer === 'no'
        ? { ...blank(), text: answer === 'yes' ? 'да' : 'нет', value: answer === 'yes' ? 1 : 0 }
        : blank(answer);
    case 'choice':
      return { ...blank(), text: answer, choice: answer };
    default:
      return blank(answer);
  }
}

const schoolsWord = (n: number) => plural(n, ['школе', 'школам', 'школам']);

/** The municipality's value of a column over the accepted schools' cells. */
export function totalOf(column: SummaryColumn, cells: readonly SummaryCell[]): SummaryCell {
  const given = cells.filter((c) => c.value !== null);
  const sum = given.reduce((s, c) => s + (c.value ?? 0), 0);
  switch (column.rule) {
    case 'sum':
    case 'rows':
      return given.length ? { ...blank(), text: numberText(sum), value: sum } : blank('нет данных');
    case 'sum_mean':
      return given.length
        ? {
            ...blank(),
            text: `${numberText(sum)} (в среднем ${numberText(round(sum / given.length))} по ${given.length} ${schoolsWord(given.length)})`,
            value: sum,
          }
        : blank('нет данных');
    case 'mean': {
      if (!given.length) return blank('нет данных');
      const mean = round(sum / given.length);
      return { ...blank(), text: `${numberText(mean)} % (среднее по ${given.length} ${schoolsWord(given.length)})`, value: mean };
    }
    case 'ratio': {
      const based = cells.filter((c) => c.numerator !== null && c.denominator !== null);
      const numerator = based.reduce((s, c) => s + (c.numerator ?? 0), 0);
      const denominator = based.reduce((s, c) => s + (c.denominator ?? 0), 0);
      const value = based.length ? percentOf(numerator, denominator) : null;
      if (value === null)
        return {
          ...blank('нет данных'),
          numerator: based.length ? numerator : null,
          denominator: based.length ? denominator : null,
        };
      return { ...blank(), text: `${numberText(value)} %`, value, numerator, denominator };
    }
    case 'yes_no': {
      const yes = given.filter((c) => c.value === 1).length;
      return given.length
        ? { ...blank(), text: `да: ${yes} из ${given.length}`, value: yes, denominator: given.length }
        : blank('нет данных');
    }
    case 'choice': {
      const counts = column.options.map((o) => cells.filter((c) => c.choice === o).length);
      const text = column.options.map((o, i) => `${o} — ${counts[i]}`).join('; ');
      return { ...blank(), text: text || 'нет данных', counts };
    }
  }
}

export interface SummarySource {
  fields: readonly FieldRow[];
  /** The campaign's matrix lines (every addressed school with its state). */
  lines: readonly MatrixLine[];
  /** The current snapshot of each accepted school. */
  snapshots: ReadonlyMap<number, { figures: FrozenFigures; acceptedAt: Date }>;
}

export function buildSummary(source: SummarySource): Summary {
  const units = new Map<number, 'percent' | 'count'>();
  for (const { figures } of source.snapshots.values())
    for (const c of figures.computed) if (c.unit && !units.has(c.field_id)) units.set(c.field_id, c.unit);
  const scalar = source.fields.filter((f) => f.kind !== 'text');
  const columns: SummaryColumn[] = scalar.map((f) => {
    const unit = f.kind === 'indicator' ? (units.get(f.id) ?? null) : null;
    return {
      field_id: f.id,
      kind: f.kind,
      code: f.indicator_code,
      label: f.label,
      unit,
      rule: ruleOf(f, unit),
      options: f.kind === 'choice' ? f.options : [],
    };
  });
  const rows: SummaryRow[] = [];
  const pending: Summary['pending'] = [];
  const texts: SummaryText[] = source.fields.filter((f) => f.kind === 'text').map((f) => ({ label: f.label, answers: [] }));
  const textFields = source.fields.filter((f) => f.kind === 'text');
  for (const line of source.lines) {
    const snapshot = line.state === 'accepted' ? source.snapshots.get(line.organization_id) : undefined;
    if (!snapshot) {
      const state = line.state === 'overdue' ? OVERDUE_LABEL : `не принят (${STATUS_LABELS[line.state]})`;
      pending.push({ organization_id: line.organization_id, short_name: line.short_name, state });
      continue;
    }
    const computed = new Map(snapshot.figures.computed.map((c) => [c.field_id, c]));
    const entered = new Map(snapshot.figures.entered.map((e) => [e.field_id, e.value]));
    rows.push({
      organization_id: line.organization_id,
      short_name: line.short_name,
      acceptedAt: snapshot.acceptedAt,
      cells: columns.map((c) =>
        c.kind === 'indicator' ? computedCell(computed.get(c.field_id)) : enteredCell(c, entered.get(c.field_id)),
      ),
    });
    textFields.forEach((f, i) => {
      const answer = entered.get(f.id);
      if (typeof answer === 'string' && answer !== '') texts[i]?.answers.push({ short_name: line.short_name, text: answer });
    });
  }
  const totals = columns.map((c, i) =>
    totalOf(
      c,
      rows.map((r) => r.cells[i] ?? blank()),
    ),
  );
  const total = source.lines.length;
  return {
    columns,
    rows,
    totals,
    texts,
    pending,
    accepted: rows.length,
    total,
    lead: `Итоги по ${rows.length} из ${total} ${plural(total, ['школы', 'школ', 'школ'])} (принятые сведения)`,
  };
}

export interface CampaignSummary {
  campaign: CampaignRow;
  summary: Summary;
  /** The schools' text answers are left out (the regional operator: free text may name people). */
  textsWithheld: boolean;
}

/** The summary of a campaign for the municipality's coordinator and department and its region's operator; 404 for everyone else. */
export async function campaignSummary(db: Kysely<Database>, actor: Actor, campaignId: number): Promise<CampaignSummary> {
  const campaign = await getCampaign(db, actor, campaignId);
  if (!canViewCampaignSummary(actor.user, campaign)) throw new NotFoundError();
  const summary = await summaryOf(db, campaign);
  const textsWithheld = readsSnapshotOnly(actor.user);
  return { campaign, summary: textsWithheld ? { ...summary, texts: [] } : summary, textsWithheld };
}

/** The summary of a campaign the caller may read (the analytical report uses it too). */
export async function summaryOf(db: Kysely<Database>, campaign: CampaignRow): Promise<Summary> {
  const [fields, matrixRows, snapshots] = await Promise.all([
    campaignFields(db, campaign.id),
    campaignMatrix(db, campaign.id),
    acceptedSnapshots(db, campaign.id),
  ]);
  return buildSummary({
    fields,
    lines: buildMatrix(campaign, matrixRows, todayIso()).lines,
    snapshots: new Map(
      snapshots.map((s) => [s.organization_id, { figures: s.figures as FrozenFigures, acceptedAt: s.created_at }]),
    ),
  });
}

/**
 * A campaign of the user's municipality as the source of the analytical report; 404 as for the
 * summary. The report counts calendar years, so only a campaign over a calendar year is a source
 * (its frozen figures are of that year); another period's campaign is 404 here.
 */
export async function campaignBasis(db: Kysely<Database>, actor: Actor, campaignId: number): Promise<CampaignBasis> {
  const { campaign, summary } = await campaignSummary(db, actor, campaignId);
  if (campaign.period_kind !== 'calendar_year') throw new NotFoundError();
  return {
    id: campaign.id,
    title: campaign.title,
    asOf: campaign.as_of,
    year: Number(campaign.period_start.slice(0, 4)),
    summary,
  };
}

/** The campaigns the analytical report offers as its source: the user's municipality's, with accepted submissions. */
export function reportCampaigns(db: Kysely<Database>, actor: Actor): Promise<ReportCampaignRow[]> {
  return actor.user.municipalityId === null ? Promise.resolve([]) : campaignsWithAccepted(db, actor.user.municipalityId);
}
