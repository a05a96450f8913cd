/**
 * The exports for the region (issue 15: «in the layouts it asks for»), built from accepted
 * snapshots only: one school a row, the municipality's campaign named on each row, a sheet naming
 * the sources (campaign, period, how many schools were accepted). Nothing personal: schools and
 * figures only. A snapshot frozen before the counts were taken reads «нет данных» in (b) and (c).
 */

import { formatDate, formatDateTime } from '../../lib/ru.js';
import { type OutValue, type SheetData, writeWorkbook } from '../../lib/spreadsheet.js';
import type { FrozenCounts } from '../monitoring/counts.js';
import type { FrozenFigures } from '../monitoring/submission.js';
import { MENTEE_CATEGORY_LABELS, MENTOR_CATEGORY_LABELS, MENTORING_FORM_LABELS } from '../people/labels.js';
import type { AcceptedSnapshotRow, CampaignHead } from './queries.js';

export const EXPORT_LAYOUTS = ['indicators', 'participants', 'counts'] as const;
export type ExportLayout = (typeof EXPORT_LAYOUTS)[number];

export const LAYOUT_TITLES: Record<ExportLayout, string> = {
  indicators: 'Показатели по школам',
  participants: 'Участники по формам и категориям',
  counts: 'Наставники, пары и программы',
};

const NO_DATA = 'нет данных';

const num = (value: string | null | undefined): OutValue => (value == null ? NO_DATA : Number(value));

interface Line {
  head: CampaignHead;
  row: AcceptedSnapshotRow;
  figures: FrozenFigures;
}

function linesOf(heads: readonly CampaignHead[], rows: readonly AcceptedSnapshotRow[]): Line[] {
  return heads.flatMap((head) =>
    rows.filter((r) => r.campaign_id === head.id).map((row) => ({ head, row, figures: row.figures as FrozenFigures })),
  );
}

function sourcesSheet(heads: readonly CampaignHead[], stamp: string): SheetData {
  return {
    name: 'Источник',
    title: [stamp, 'Только принятые отчёты школ: данные, зафиксированные при приёме; последующие изменения их не меняют.'],
    header: ['Муниципалитет', 'Мониторинг', 'Период', 'Школ в мониторинге', 'Отчётов принято'],
    rows: heads.map((h) => [h.municipality_name, h.title, h.period_label, h.schools, h.accepted]),
  };
}

/** (a) Indicators × schools: value, numerator and denominator of each computed indicator of the forms. */
function indicatorsSheets(lines: readonly Line[], title: string): SheetData[] {
  const labels = new Map<string, string>();
  for (const l of lines) for (const c of l.figures.computed) if (!labels.has(c.code)) labels.set(c.code, c.label);
  const codes = [...labels.keys()];
  const header = ['Муниципалитет', 'Школа'];
  for (const code of codes) header.push(`${code}: значение`, `${code}: числитель`, `${code}: знаменатель`);
  const rows = lines.map((l) => {
    const row: OutValue[] = [l.head.municipality_name, l.row.school_name];
    for (const code of codes) {
      const c = l.figures.computed.find((x) => x.code === code);
      if (!c) row.push('нет в форме', null, null);
      else
        row.push(
          num(c.value),
          c.numerator == null ? null : Number(c.numerator),
          c.denominator == null ? null : Number(c.denominator),
        );
    }
    return row;
  });
  return [
    { name: 'Показатели по школам', title: [title], header, rows },
    { name: 'Перечень показателей', header: ['Код', 'Наименование'], rows: codes.map((code) => [code, labels.get(code) ?? '']) },
  ];
}

/** Sums of counts: a municipality's is the sum of its accepted schools'. */
function sumCounts(list: ReadonlyArray<FrozenCounts | undefined>): FrozenCounts | undefined {
  const present = list.filter((c): c is FrozenCounts => c !== undefined);
  if (present.length === 0) return undefined;
  const add = (a: Record<string, number>, b: Record<string, number>) => {
    for (const [k, v] of Object.entries(b)) a[k] = (a[k] ?? 0) + v;
  };
  const total: FrozenCounts = {
    period_start: present[0]?.period_start ?? '',
    period_end: present[0]?.period_end ?? '',
    pairs: 0,
    groups: 0,
    mentors: 0,
    mentees: 0,
    programmes: 0,
    by_form: {},
    mentors_by_category: {},
    mentees_by_category: {},
  };
  for (const c of present) {
    total.pairs += c.pairs;
    total.groups += c.groups;
    total.mentors += c.mentors;
    total.mentees += c.mentees;
    total.programmes += c.programmes;
    for (const [form, f] of Object.entries(c.by_form)) {
      const t = total.by_form[form] ?? { pairs: 0, mentors: 0, mentees: 0 };
      total.by_form[form] = t;
      t.pairs += f.pairs;
      t.mentors += f.mentors;
      t.mentees += f.mentees;
    }
    add(total.mentors_by_category, c.mentors_by_category);
    add(total.mentees_by_category, c.mentees_by_category);
  }
  return total;
}

/** The rows of one school (or a total), and under each municipality its total («всего»): the schools' counts summed. */
function withTotals(
  lines: readonly Line[],
  heads: readonly CampaignHead[],
  rowsOf: (municipality: string, school: string, counts: FrozenCounts | undefined) => OutValue[][],
): OutValue[][] {
  const out: OutValue[][] = [];
  for (const head of heads) {
    const own = lines.filter((l) => l.head.id === head.id);
    if (own.length === 0) continue;
    for (const l of own) out.push(...rowsOf(head.municipality_name, l.row.school_name, l.figures.counts));
    const missing = own.some((l) => l.figures.counts === undefined);
    out.push(
      ...rowsOf(
        head.municipality_name,
        missing ? 'всего по принятым отчётам (не у всех школ есть данные)' : 'всего по принятым отчётам',
        sumCounts(own.map((l) => l.figures.counts)),
      ),
    );
  }
  return out;
}

/** (b) Participants by form of mentoring and by category of mentor and mentee. */
function participantsSheets(lines: readonly Line[], heads: readonly CampaignHead[], title: string): SheetData[] {
  const byForm = withTotals(lines, heads, (m, school, c) =>
    Object.entries(MENTORING_FORM_LABELS).map(([form, label]) => {
      const f = c?.by_form[form];
      return c
        ? [m, school, label, f?.pairs ?? 0, f?.mentors ?? 0, f?.mentees ?? 0]
        : [m, school, label, NO_DATA, NO_DATA, NO_DATA];
    }),
  );
  const byCategory = withTotals(lines, heads, (m, school, c) => [
    ...Object.entries(MENTOR_CATEGORY_LABELS).map(([k, label]): OutValue[] => [
      m,
      school,
      'наставник',
      label,
      c ? (c.mentors_by_category[k] ?? 0) : NO_DATA,
    ]),
    ...Object.entries(MENTEE_CATEGORY_LABELS).map(([k, label]): OutValue[] => [
      m,
      school,
      'наставляемый',
      label,
      c ? (c.mentees_by_category[k] ?? 0) : NO_DATA,
    ]),
  ]);
  return [
    {
      name: 'По формам',
      title: [title],
      header: ['Муниципалитет', 'Школа', 'Форма наставничества', 'Пар и групп', 'Наставников', 'Наставляемых'],
      rows: byForm,
    },
    {
      name: 'По категориям',
      title: [title],
      header: ['Муниципалитет', 'Школа', 'Участник', 'Категория', 'Человек'],
      rows: byCategory,
    },
  ];
}

/** (c) Numbers of mentors, mentees, pairs and groups, programmes. */
function countsSheets(lines: readonly Line[], heads: readonly CampaignHead[], title: string): SheetData[] {
  const rows = withTotals(lines, heads, (m, school, c) => [
    c
      ? [m, school, c.mentors, c.mentees, c.pairs, c.groups, c.programmes]
      : [m, school, NO_DATA, NO_DATA, NO_DATA, NO_DATA, NO_DATA],
  ]);
  if (heads.length > 1) {
    const all = sumCounts(lines.map((l) => l.figures.counts));
    rows.push(
      all
        ? ['Всего по региону', '', all.mentors, all.mentees, all.pairs, all.groups, all.programmes]
        : ['Всего по региону', '', NO_DATA, NO_DATA, NO_DATA, NO_DATA, NO_DATA],
    );
  }
  return [
    {
      name: 'Численность',
      title: [title],
      header: ['Муниципалитет', 'Школа', 'Наставников', 'Наставляемых', 'Пар и групп', 'из них групп', 'Программ наставничества'],
      rows,
    },
  ];
}

/** One export of the campaigns `heads` (one per municipality) from their accepted snapshots. */
export function exportWorkbook(
  layout: ExportLayout,
  scope: string,
  heads: readonly CampaignHead[],
  rows: readonly AcceptedSnapshotRow[],
  today: string,
  now: Date,
): Promise<Buffer> {
  const lines = linesOf(heads, rows);
  const title = `${LAYOUT_TITLES[layout]}: ${scope}`;
  const stamp = `Сформировано ${formatDate(today)} (${formatDateTime(now)})`;
  const sheets =
    layout === 'indicators'
      ? indicatorsSheets(lines, title)
      : layout === 'participants'
        ? participantsSheets(lines, heads, title)
        : countsSheets(lines, heads, title);
  return writeWorkbook([...sheets, sourcesSheet(heads, stamp)]);
}
