import { describe, expect, it } from 'vitest';
import { canViewCampaignSummary } from '../../src/access/policy.js';
import type { CurrentUser } from '../../src/auth/sessions.js';
import { ROLES, type Role } from '../../src/db/types.js';
import type { MatrixLine } from '../../src/modules/monitoring/matrix.js';
import type { FieldRow } from '../../src/modules/monitoring/queries.js';
import type { FrozenFigures } from '../../src/modules/monitoring/submission.js';
import { buildSummary } from '../../src/modules/monitoring/summary.js';
import { xlsxHeaders, xlsxValues } from '../../src/modules/monitoring/summary-xlsx.js';

const user = (role: Role, municipalityId: number | null = 100): CurrentUser => ({
  id: 1,
  login: role,
  fullName: role,
  position: null,
  role,
  organizationId: 10,
  organizationName: 'Организация',
  organizationType: 'school',
  municipalityId,
});

describe('canViewCampaignSummary', () => {
  it.each(ROLES)('%s: only the coordinator and the department of the campaign’s municipality', (role) => {
    const allowed = role === 'coordinator' || role === 'department';
    expect(canViewCampaignSummary(user(role), { municipality_id: 100 })).toBe(allowed);
    expect(canViewCampaignSummary(user(role), { municipality_id: 200 })).toBe(false);
    expect(canViewCampaignSummary(user(role, null), { municipality_id: 100 })).toBe(false);
  });
});

const field = (id: number, kind: FieldRow['kind'], options: string[] = [], code: string | null = null): FieldRow => ({
  id,
  position: id,
  kind,
  indicator_code: code,
  label: `Поле ${id}`,
  hint: null,
  required: false,
  options,
});

const FIELDS = [
  field(1, 'indicator', [], 'Ш3'),
  field(2, 'indicator', [], 'М1'),
  field(3, 'number'),
  field(4, 'percent'),
  field(5, 'yes_no'),
  field(6, 'choice', ['А', 'Б']),
  field(7, 'table', ['x']),
  field(8, 'text'),
];

const line = (id: number, state: MatrixLine['state']): MatrixLine => ({
  organization_id: id,
  short_name: `Школа ${id}`,
  status: state === 'overdue' ? 'filling' : state,
  state,
  deadline: '2026-12-25',
  deadline_override: null,
  updated_at: new Date(),
});

function figures(
  ш3: [number, number] | null,
  count: number,
  entered: Record<number, string | string[][]>,
): { figures: FrozenFigures; acceptedAt: Date } {
  return {
    acceptedAt: new Date('2026-12-01T10:00:00Z'),
    figures: {
      computed: [
        {
          field_id: 1,
          code: 'Ш3',
          label: 'Поле 1',
          unit: 'percent',
          value: ш3 ? String(Math.round((ш3[0] / ш3[1]) * 1000) / 10) : null,
          numerator: ш3 ? String(ш3[0]) : null,
          denominator: ш3 ? String(ш3[1]) : null,
        },
        {
          field_id: 2,
          code: 'М1',
          label: 'Поле 2',
          unit: 'count',
          value: String(count),
          numerator: String(count),
          denominator: null,
        },
      ],
      entered: Object.entries(entered).map(([id, value]) => ({
        field_id: Number(id),
        label: `Поле ${id}`,
        kind: FIELDS[Number(id) - 1]?.kind ?? 'text',
        value,
      })),
      documents: [],
    },
  };
}

describe('buildSummary', () => {
  const summary = buildSummary({
    fields: FIELDS,
    lines: [line(1, 'accepted'), line(2, 'accepted'), line(3, 'overdue'), line(4, 'sent'), line(5, 'accepted')],
    snapshots: new Map([
      [1, figures([3, 4], 10, { 3: '12', 4: '40', 5: 'yes', 6: 'А', 7: [['a'], ['b']], 8: 'Трудно' })],
      [2, figures([1, 16], 5, { 3: '1 250', 4: '25,5', 5: 'no', 6: 'А', 7: [], 8: '' })],
      // Accepted with optional fields left empty and no figure for Ш3: left out of those totals, not counted as 0.
      [5, figures(null, 0, { 3: '', 4: '', 5: '', 6: '', 7: [] })],
      // A snapshot of a school whose submission is not accepted (superseded data): never used.
      [4, figures([100, 100], 999, { 3: '999' })],
    ]),
  });
  const total = (n: number) => summary.totals[summary.columns.findIndex((c) => c.field_id === n)];

  it('totals only accepted schools, and says how many', () => {
    expect(summary.accepted).toBe(3);
    expect(summary.total).toBe(5);
    expect(summary.lead).toBe('Итоги по 3 из 5 школ (принятые сведения)');
    expect(summary.pending).toEqual([
      { organization_id: 3, short_name: 'Школа 3', state: 'просрочен' },
      { organization_id: 4, short_name: 'Школа 4', state: 'не принят (отправлен)' },
    ]);
  });

  it('makes each kind’s total as the page says', () => {
    // 3 из 4 and 1 из 16: 4 из 20 = 20 % (the mean of 75 % and 6,3 % would be 40,6 %).
    expect(total(1)).toMatchObject({ value: 20, numerator: 4, denominator: 20, text: '20 %' });
    expect(total(2)).toMatchObject({ value: 15, text: '15' });
    expect(total(3)).toMatchObject({ value: 1262, text: '1 262 (в среднем 631 по 2 школам)' });
    expect(total(4)).toMatchObject({ value: 32.8, text: '32,8 % (среднее по 2 школам)' });
    expect(total(5)).toMatchObject({ value: 1, text: 'да: 1 из 2' });
    expect(total(6)).toMatchObject({ counts: [2, 0], text: 'А — 2; Б — 0' });
    expect(total(7)).toMatchObject({ value: 2, text: '2' });
    expect(summary.columns.some((c) => c.kind === 'text')).toBe(false);
    expect(summary.texts).toEqual([{ label: 'Поле 8', answers: [{ short_name: 'Школа 1', text: 'Трудно' }] }]);
  });

  it('writes every figure as numbers in the workbook’s columns', () => {
    const ш3 = summary.columns[0];
    const choice = summary.columns.find((c) => c.kind === 'choice');
    if (!ш3 || !choice) throw new Error('columns');
    expect(xlsxHeaders(ш3)).toEqual(['Ш3. Поле 1, %', 'Ш3. Поле 1: числитель', 'Ш3. Поле 1: знаменатель']);
    expect(xlsxValues(ш3, summary.totals[0], true)).toEqual([20, 4, 20]);
    expect(xlsxValues(ш3, summary.rows[0]?.cells[0], false)).toEqual([75, 3, 4]);
    expect(xlsxHeaders(choice)).toEqual(['Поле 6: А', 'Поле 6: Б']);
    const i = summary.columns.indexOf(choice);
    expect(xlsxValues(choice, summary.rows[0]?.cells[i], false)).toEqual([1, 0]);
    expect(xlsxValues(choice, summary.rows[2]?.cells[i], false)).toEqual([null, null]);
    expect(xlsxValues(choice, summary.totals[i], true)).toEqual([2, 0]);
  });
});
