/**
 * The municipal summary of a campaign as an .xlsx: one sheet of figures (a school a row, the
 * municipality's value last; every figure a numeric cell: a percentage as its value with its
 * numerator and denominator in columns of their own, yes/no as 1/0, a choice as 1/0 per option, a
 * table as its number of rows), and a sheet of the text answers. Laid out by writeWorkbook (bold
 * frozen header, column widths, the school column frozen too).
 */

import { todayIso } from '../../lib/dates.js';
import { formatDate, formatDateTime } from '../../lib/ru.js';
import { type OutValue, writeWorkbook } from '../../lib/spreadsheet.js';
import type { CampaignRow } from './queries.js';
import { RULE_LABELS, type Summary, type SummaryCell, type SummaryColumn } from './summary.js';

/** The heading of a column's cells in the workbook (a computed indicator with its code). */
const nameOf = (c: SummaryColumn) => (c.code ? `${c.code}. ${c.label}` : c.label);

/** The workbook's columns of one summary column. */
export function xlsxHeaders(c: SummaryColumn): string[] {
  const name = nameOf(c);
  switch (c.rule) {
    case 'ratio':
      return [`${name}, %`, `${name}: числитель`, `${name}: знаменатель`];
    case 'mean':
      return [`${name}, %`];
    case 'yes_no':
      return [`${name} (1 — да, 0 — нет)`];
    case 'choice':
      return c.options.map((o) => `${name}: ${o}`);
    case 'rows':
      return [`${name}: строк`];
    default:
      return [name];
  }
}

/** A cell's numbers in the workbook's columns of its summary column. */
export function xlsxValues(c: SummaryColumn, cell: SummaryCell | undefined, total: boolean): OutValue[] {
  if (c.rule === 'ratio') return [cell?.value ?? null, cell?.numerator ?? null, cell?.denominator ?? null];
  if (c.rule === 'choice')
    return total
      ? c.options.map((_, i) => cell?.counts[i] ?? 0)
      : c.options.map((o) => (cell?.choice ? (cell.choice === o ? 1 : 0) : null));
  return [cell?.value ?? null];
}

export function summaryWorkbook(campaign: CampaignRow, summary: Summary): Promise<Buffer> {
  const header = ['Школа', 'Состояние', ...summary.columns.flatMap(xlsxHeaders)];
  const rows: OutValue[][] = summary.rows.map((r) => [
    r.short_name,
    `принят ${formatDateTime(r.acceptedAt)}`,
    ...summary.columns.flatMap((c, i) => xlsxValues(c, r.cells[i], false)),
  ]);
  rows.push([
    'Муниципалитет (итог)',
    `принято ${summary.accepted} из ${summary.total}`,
    ...summary.columns.flatMap((c, i) => xlsxValues(c, summary.totals[i], true)),
  ]);
  for (const p of summary.pending) rows.push([p.short_name, p.state]);
  const rules = [...new Set(summary.columns.map((c) => c.rule))].map((rule) => RULE_LABELS[rule]);
  const title = [
    `${campaign.title}: сводка по муниципалитету`,
    `Период: ${campaign.period_label}; по состоянию на ${formatDate(campaign.as_of)}. ${summary.lead}; сформировано ${formatDate(todayIso())}.`,
    `Итог: ${rules.join('; ')}. Да/нет в итоге — число ответов «да»; выбор — число школ по вариантам.`,
  ];
  const texts: OutValue[][] = summary.texts.flatMap((t) => t.answers.map((a) => [a.short_name, t.label, a.text]));
  return writeWorkbook([
    { name: 'Сводка', title, header, rows, freezeColumns: 1 },
    { name: 'Текстовые ответы', title: [title[0] ?? ''], header: ['Школа', 'Поле', 'Ответ'], rows: texts },
  ]);
}
