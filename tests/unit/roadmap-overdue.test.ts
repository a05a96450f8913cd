import { describe, expect, it } from 'vitest';
import type { Deadline } from '../../src/modules/roadmaps/deadline.js';
import {
  currentFirst,
  currentOccurrence,
  dueDate,
  isOverdue,
  occurrenceLabel,
  occurrencesOf,
  pendingDue,
} from '../../src/modules/roadmaps/overdue.js';

describe('isOverdue', () => {
  const date: Deadline = { kind: 'date', date: '2022-08-30' };
  const range: Deadline = { kind: 'range', from: '2022-09-01', to: '2022-09-30' };
  const yearly: Deadline = {
    kind: 'recurring',
    occurrences: [
      { type: 'month', month: 12 },
      { type: 'month', month: 6 },
    ],
    fromYear: 2022,
    toYear: 2024,
  };

  it('a date: after that day, unless done or cancelled', () => {
    expect(isOverdue(date, 'not_started', '2022-08-30')).toBe(false);
    expect(isOverdue(date, 'in_progress', '2022-08-31')).toBe(true);
    expect(isOverdue(date, 'done', '2023-01-01')).toBe(false);
    expect(isOverdue(date, 'cancelled', '2023-01-01')).toBe(false);
  });

  it('a range: after its last day', () => {
    expect(isOverdue(range, 'not_started', '2022-09-30')).toBe(false);
    expect(isOverdue(range, 'not_started', '2022-10-01')).toBe(true);
  });

  it('periods («октябрь, декабрь 2022»): after the last day of the last one', () => {
    const periods: Deadline = {
      kind: 'periods',
      periods: [
        { from: '2022-10-01', to: '2022-10-31' },
        { from: '2022-12-01', to: '2022-12-31' },
      ],
    };
    expect(dueDate(periods, 2022)).toBe('2022-12-31');
    expect(isOverdue(periods, 'in_progress', '2022-11-15')).toBe(false);
    expect(isOverdue(periods, 'in_progress', '2022-12-31')).toBe(false);
    expect(isOverdue(periods, 'in_progress', '2023-01-01')).toBe(true);
    expect(isOverdue(periods, 'done', '2023-01-01')).toBe(false);
  });

  it('recurring: each occurrence on its own — overdue while a passed one is not done or cancelled', () => {
    expect(dueDate(yearly, 2023)).toBe('2023-12-31');
    expect(dueDate(yearly, 2030)).toBe('2024-12-31');
    expect(isOverdue(yearly, 'not_started', '2021-12-31')).toBe(false);
    expect(isOverdue(yearly, 'not_started', '2022-06-30')).toBe(false);
    // June 2022 passed untracked.
    expect(isOverdue(yearly, 'not_started', '2022-07-01')).toBe(true);
    const tracked = new Map([
      ['2022-06-30', 'done' as const],
      ['2022-12-31', 'cancelled' as const],
      ['2023-06-30', 'in_progress' as const],
    ]);
    expect(isOverdue(yearly, 'in_progress', '2023-06-30', tracked)).toBe(false);
    expect(isOverdue(yearly, 'in_progress', '2023-07-01', tracked)).toBe(true);
    expect(pendingDue(yearly, '2023-07-01', tracked)).toBe('2023-06-30');
    expect(pendingDue(yearly, '2022-07-01', new Map([['2022-06-30', 'done' as const]]))).toBe('2022-12-31');
    // The item itself done or cancelled closes every occurrence.
    expect(isOverdue(yearly, 'done', '2025-01-01')).toBe(false);
    expect(isOverdue(yearly, 'not_started', '2025-01-01')).toBe(true);
    const by: Deadline = { kind: 'recurring', occurrences: [{ type: 'by', month: 5, day: 20 }], fromYear: 2022, toYear: 2024 };
    expect(isOverdue(by, 'in_progress', '2023-05-21')).toBe(true);
    const window: Deadline = {
      kind: 'recurring',
      occurrences: [{ type: 'window', from: { month: 12, day: 1 }, to: { month: 1, day: 31 } }],
      fromYear: 2022,
      toYear: 2024,
    };
    expect(dueDate(window, 2022)).toBe('2023-01-31');
  });

  it('continuous and unrecognised deadlines are never overdue', () => {
    expect(isOverdue({ kind: 'continuous', note: 'постоянно' }, 'not_started', '2030-01-01')).toBe(false);
    expect(isOverdue(null, 'not_started', '2030-01-01')).toBe(false);
  });
});

describe('occurrencesOf', () => {
  it("lists every year's occurrences in date order, windows over New Year ending the next year", () => {
    const yearly: Deadline = {
      kind: 'recurring',
      occurrences: [
        { type: 'month', month: 12 },
        { type: 'month', month: 6 },
      ],
      fromYear: 2022,
      toYear: 2023,
    };
    expect(occurrencesOf(yearly)).toEqual([
      { from: '2022-06-01', due: '2022-06-30', by: false },
      { from: '2022-12-01', due: '2022-12-31', by: false },
      { from: '2023-06-01', due: '2023-06-30', by: false },
      { from: '2023-12-01', due: '2023-12-31', by: false },
    ]);
    const by: Deadline = { kind: 'recurring', occurrences: [{ type: 'by', month: 12, day: 15 }], fromYear: 2022, toYear: 2024 };
    expect(occurrencesOf(by).map((o) => o.due)).toEqual(['2022-12-15', '2023-12-15', '2024-12-15']);
    // «до 15 декабря» has no start of its own: the timeline marks its month only.
    expect(occurrencesOf(by)[0]).toEqual({ from: '2022-12-01', due: '2022-12-15', by: true });
    const window: Deadline = {
      kind: 'recurring',
      occurrences: [{ type: 'window', from: { month: 5, day: 31 }, to: { month: 9, day: 1 } }],
      fromYear: 2022,
      toYear: 2022,
    };
    expect(occurrencesOf(window)).toEqual([{ from: '2022-05-31', due: '2022-09-01', by: false }]);
  });
});

describe('the current occurrence of a recurring item, and its name (issue 17)', () => {
  const halfYearly = occurrencesOf({
    kind: 'recurring',
    occurrences: [
      { type: 'month', month: 12 },
      { type: 'month', month: 6 },
    ],
    fromYear: 2026,
    toYear: 2027,
  });

  it('the first not yet due by (its last day included), else the last one; none without occurrences', () => {
    expect(currentOccurrence(halfYearly, '2026-01-10')?.due).toBe('2026-06-30');
    expect(currentOccurrence(halfYearly, '2026-06-30')?.due).toBe('2026-06-30');
    expect(currentOccurrence(halfYearly, '2026-07-01')?.due).toBe('2026-12-31');
    expect(currentOccurrence(halfYearly, '2030-01-01')?.due).toBe('2027-12-31');
    expect(currentOccurrence([], '2026-01-01')).toBeNull();
  });

  it('lists the current one first, then the others in date order', () => {
    expect(currentFirst(halfYearly, '2026-12-07').map((o) => o.due)).toEqual([
      '2026-12-31',
      '2026-06-30',
      '2027-06-30',
      '2027-12-31',
    ]);
  });

  it('names a whole month «декабрь 2026», anything else by its last day «до 20 мая 2027»', () => {
    expect(halfYearly.map(occurrenceLabel)).toEqual(['июнь 2026', 'декабрь 2026', 'июнь 2027', 'декабрь 2027']);
    const by = occurrencesOf({
      kind: 'recurring',
      occurrences: [{ type: 'by', month: 5, day: 20 }],
      fromYear: 2027,
      toYear: 2027,
    });
    expect(by.map(occurrenceLabel)).toEqual(['до 20 мая 2027']);
    const window = occurrencesOf({
      kind: 'recurring',
      occurrences: [{ type: 'window', from: { month: 5, day: 31 }, to: { month: 9, day: 1 } }],
      fromYear: 2027,
      toYear: 2027,
    });
    expect(window.map(occurrenceLabel)).toEqual(['до 1 сентября 2027']);
    // «до 31 мая» is still a day, not the month of May.
    const lastDay = occurrencesOf({
      kind: 'recurring',
      occurrences: [{ type: 'by', month: 5, day: 31 }],
      fromYear: 2027,
      toYear: 2027,
    });
    expect(lastDay.map(occurrenceLabel)).toEqual(['до 31 мая 2027']);
  });
});
