import { describe, expect, it } from 'vitest';
import { answersFromForm, formValuesOf, parseNumber, sendProblems, tableRowCount } from '../../src/modules/monitoring/answers.js';
import { campaignPeriod } from '../../src/modules/monitoring/period.js';
import type { FieldRow } from '../../src/modules/monitoring/queries.js';
import { isOverdue } from '../../src/modules/monitoring/submission.js';

const field = (id: number, kind: FieldRow['kind'], label: string, required = false, options: string[] = []): FieldRow => ({
  id,
  position: id,
  kind,
  indicator_code: kind === 'indicator' ? 'Ш1' : null,
  label,
  hint: null,
  required,
  options,
});

const FIELDS = [
  field(1, 'indicator', 'Доля молодых специалистов'),
  field(2, 'number', 'Число наставников', true),
  field(3, 'percent', 'Доля охвата'),
  field(4, 'choice', 'Форма', false, ['очная', 'заочная']),
  field(5, 'yes_no', 'Есть положение', true),
  field(6, 'table', 'Мероприятия', true, ['Название', 'Дата']),
];

describe('the answers of a submission', () => {
  it('reads scalar fields as typed and a table as its non-empty rows, skipping computed indicators', () => {
    const answers = answersFromForm(FIELDS, {
      f_1: '99',
      f_2: ' 12 ',
      f_3: '50,5',
      f_6_0_0: 'Семинар',
      f_6_0_1: '10.10.2026',
      f_6_1_0: '',
      f_6_1_1: '',
      f_6_2_0: 'Конкурс',
      f_6_2_1: '',
    });
    expect(answers.has(1)).toBe(false);
    expect(answers.get(2)).toBe('12');
    expect(answers.get(3)).toBe('50,5');
    expect(answers.get(4)).toBe('');
    expect(answers.get(6)).toEqual([
      ['Семинар', '10.10.2026'],
      ['Конкурс', ''],
    ]);
    // Shown back: the filled rows and two empty ones.
    const values = formValuesOf(FIELDS, answers);
    expect(values.f_6_1_0).toBe('Конкурс');
    expect(tableRowCount(FIELDS[5] as FieldRow, values)).toBe(4);
  });

  it('reads numbers as people type them', () => {
    expect(parseNumber('1 250')).toBe(1250);
    expect(parseNumber('12,5')).toBe(12.5);
    expect(parseNumber('12 человек')).toBeNull();
    expect(parseNumber('')).toBeNull();
  });

  it('names every reason a submission cannot be sent, and none when it can', () => {
    const documents = [
      { id: 7, position: 1, title: 'Приказ', required: true },
      { id: 8, position: 2, title: 'Фотоотчёт', required: false },
    ];
    const bad = new Map<number, string | string[][]>([
      [2, 'двенадцать'],
      [3, '120'],
      [4, 'дистанционная'],
      [5, ''],
      [6, []],
    ]);
    expect(sendProblems(FIELDS, bad, documents, new Set())).toEqual({
      f_2: 'Поле «Число наставников»: укажите число цифрами, например 12 или 12,5',
      f_3: 'Поле «Доля охвата»: укажите процент числом от 0 до 100',
      f_4: 'Поле «Форма»: выберите один из вариантов списка',
      f_5: 'Заполните поле «Есть положение»',
      f_6: 'Таблица «Мероприятия»: добавьте хотя бы одну строку',
      doc_7: 'Приложите документ «Приказ»',
    });
    const good = new Map<number, string | string[][]>([
      [2, '12'],
      [3, '33,3'],
      [4, 'очная'],
      [5, 'no'],
      [6, [['Семинар', '']]],
    ]);
    expect(sendProblems(FIELDS, good, documents, new Set([7]))).toEqual({});
  });

  it('calls an unsent submission overdue after its deadline, a sent one never', () => {
    expect(isOverdue('filling', '2026-12-01', '2026-12-02')).toBe(true);
    expect(isOverdue('not_started', '2026-12-01', '2026-12-01')).toBe(false);
    expect(isOverdue('returned', '2026-12-01', '2026-12-05')).toBe(true);
    expect(isOverdue('sent', '2026-12-01', '2026-12-05')).toBe(false);
    expect(isOverdue('accepted', '2026-12-01', '2026-12-05')).toBe(false);
  });
});

describe('the period of a campaign', () => {
  it('a calendar year, an academic year and a half-year, before 2022 too', () => {
    expect(campaignPeriod('calendar_year', 2021)).toEqual({
      kind: 'calendar_year',
      start: '2021-01-01',
      end: '2021-12-31',
      label: '2021 год',
    });
    expect(campaignPeriod('academic_year', 2024)).toEqual({
      kind: 'academic_year',
      start: '2024-09-01',
      end: '2025-08-31',
      label: '2024/25 учебный год',
    });
    expect(campaignPeriod('academic_year', 2099).label).toBe('2099/00 учебный год');
    expect(campaignPeriod('half_year', 2026, 2)).toEqual({
      kind: 'half_year',
      start: '2026-07-01',
      end: '2026-12-31',
      label: 'II полугодие 2026 года',
    });
  });
});

describe('the campaign matrix', () => {
  it('counts sent (sent, approved, accepted), accepted and overdue, and filters by state', async () => {
    const { buildMatrix } = await import('../../src/modules/monitoring/matrix.js');
    const row = (
      organization_id: number,
      status: import('../../src/db/types.js').MonitoringStatus,
      deadline_override: string | null = null,
    ) => ({
      organization_id,
      short_name: `Школа ${organization_id}`,
      status,
      deadline_override,
      updated_at: new Date(),
    });
    const rows = [
      row(1, 'sent'),
      row(2, 'approved'),
      row(3, 'accepted'),
      row(4, 'filling'),
      row(5, 'not_started', '2026-12-20'),
      row(6, 'returned'),
    ];
    const m = buildMatrix({ deadline: '2026-12-10' }, rows, '2026-12-11');
    expect([m.total, m.sent, m.accepted, m.overdue]).toEqual([6, 3, 1, 2]);
    expect(m.byState.not_started).toBe(1);
    expect(buildMatrix({ deadline: '2026-12-10' }, rows, '2026-12-11', 'overdue').lines.map((l) => l.organization_id)).toEqual([
      4, 6,
    ]);
  });
});
