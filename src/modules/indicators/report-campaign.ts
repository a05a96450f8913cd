/**
 * The analytical report «по итогам мониторинга …»: the live report with the figures of the schools
 * (and the municipality's value of the indicators in the campaign's form) taken from the
 * campaign's summary, that is from the snapshots frozen when the schools' submissions were
 * accepted. The other sections (participants, roadmaps) stay the portal's live data. Pure.
 */

import { formatDate, plural } from '../../lib/ru.js';
import type { Summary, SummaryCell } from '../monitoring/summary.js';
import type { Cell, IndicatorLine, SchoolMatrix } from './dashboard.js';
import { targetStatus } from './status.js';

/** A campaign chosen as the report's source, with its summary. */
export interface CampaignBasis {
  id: number;
  title: string;
  asOf: string;
  /** The calendar year whose figures the campaign froze. */
  year: number;
  summary: Summary;
}

/** «по итогам мониторинга «…» по состоянию на 01.12.2026, принято 9 из 18 школ». */
export function basisText(b: CampaignBasis): string {
  const total = b.summary.total;
  return `по итогам мониторинга «${b.title}» по состоянию на ${formatDate(b.asOf)}, принято ${b.summary.accepted} из ${total} ${plural(total, ['школы', 'школ', 'школ'])}`;
}

export interface FrozenFigure {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}

const figureOf = (c: SummaryCell | undefined): FrozenFigure => ({
  value: c?.value ?? null,
  numerator: c?.numerator ?? null,
  denominator: c?.denominator ?? null,
});

/** The campaign's computed figures by indicator code: each accepted school's and the municipality's (the total). */
export function frozenByCode(summary: Summary): Map<string, { schools: Map<number, FrozenFigure>; municipal: FrozenFigure }> {
  const out = new Map<string, { schools: Map<number, FrozenFigure>; municipal: FrozenFigure }>();
  summary.columns.forEach((column, i) => {
    if (column.kind !== 'indicator' || column.code === null) return;
    out.set(column.code, {
      schools: new Map(summary.rows.map((r) => [r.organization_id, figureOf(r.cells[i])])),
      municipal: figureOf(summary.totals[i]),
    });
  });
  return out;
}

const frozenCell = (cell: Cell, figure: FrozenFigure, direction: 'higher' | 'lower'): Cell => ({
  ...cell,
  value: figure.value,
  numerator: figure.numerator,
  denominator: figure.denominator,
  status: targetStatus(figure.value, cell.target, direction),
});

/**
 * The report's indicator lines and schools' matrix with the campaign's figures: a line of an
 * indicator in the form gets the municipality's value of the campaign; the matrix has the form's
 * indicators for the accepted schools (status against the same targets as the live report).
 */
export function withCampaign(
  lines: readonly IndicatorLine[],
  matrix: SchoolMatrix,
  basis: CampaignBasis,
): { lines: IndicatorLine[]; matrix: SchoolMatrix } {
  const frozen = frozenByCode(basis.summary);
  const newLines = lines.map((l) => {
    const f = frozen.get(l.indicator.code);
    return f ? { ...l, cell: frozenCell(l.cell, f.municipal, l.indicator.direction) } : l;
  });
  const keep = matrix.indicators.map((indicator, n) => ({ indicator, n })).filter((x) => frozen.has(x.indicator.code));
  const liveRows = new Map(matrix.rows.map((r) => [r.school.id, r]));
  const rows = basis.summary.rows.map((r) => {
    const live = liveRows.get(r.organization_id);
    return {
      school: live?.school ?? { id: r.organization_id, name: r.short_name },
      cells: keep.map(({ indicator, n }) => {
        const base: Cell = live?.cells[n] ?? {
          value: null,
          numerator: null,
          denominator: null,
          target: null,
          targetWording: null,
          targetOwner: null,
          status: 'no_data',
        };
        const figure = frozen.get(indicator.code)?.schools.get(r.organization_id) ?? {
          value: null,
          numerator: null,
          denominator: null,
        };
        return frozenCell(base, figure, indicator.direction);
      }),
    };
  });
  return { lines: newLines, matrix: { indicators: keep.map((x) => x.indicator), rows } };
}
