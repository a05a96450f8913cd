import { describe, expect, it } from 'vitest';
import { type ApprovedRow, changesSince } from '../../src/modules/roadmaps/approvals.js';

const row = (id: number, number: string, activity: string, extra: Partial<ApprovedRow> = {}): ApprovedRow => ({
  id,
  kind: 'item',
  number,
  parent_id: null,
  activity,
  result: null,
  expected: null,
  deadline_text: 'до 30.08.2022',
  responsible: 'куратор ОО',
  ...extra,
});

describe('what changed since the approval', () => {
  it('nothing: no change', () => {
    const rows = [row(1, '1.1', 'Положение'), row(2, '1.2', 'Приказ')];
    expect(
      changesSince(
        rows,
        rows.map((r) => ({ ...r })),
      ),
    ).toEqual([]);
  });

  it('added, changed and removed rows by id, in the order of the rows now, the removed last', () => {
    const approved = [row(1, '1.1', 'Положение'), row(2, '1.2', 'Приказ'), row(3, '1.3', 'База наставников')];
    const now = [
      row(1, '1.1', 'Положение', { deadline_text: 'до 15.09.2022', responsible: null }),
      row(4, '1.2', 'Новое мероприятие'),
      row(2, '1.3', 'Приказ'),
    ];
    expect(changesSince(approved, now)).toEqual([
      { kind: 'changed', row: now[0], before: approved[0], fields: ['deadline_text', 'responsible'] },
      { kind: 'added', row: now[1] },
      { kind: 'changed', row: now[2], before: approved[1], fields: ['number'] },
      { kind: 'removed', row: approved[2] },
    ]);
  });

  it('a row moved to another section, a renamed section', () => {
    const approved = [row(10, '1', 'Раздел', { kind: 'section', deadline_text: null }), row(1, '1.1', 'Положение')];
    const now = [
      row(10, '1', 'Нормативная база', { kind: 'section', deadline_text: null }),
      row(1, '1.1', 'Положение', { parent_id: 10 }),
    ];
    expect(changesSince(approved, now).map((c) => (c.kind === 'changed' ? c.fields : c.kind))).toEqual([
      ['activity'],
      ['parent_id'],
    ]);
  });
});
