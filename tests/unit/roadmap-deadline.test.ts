import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Deadline, deadlineLabel, parseDeadline } from '../../src/modules/roadmaps/deadline.js';
import { readPastedTable } from '../../src/modules/roadmaps/table-reader.js';

const ctx = { periodFrom: 2022, periodTo: 2024 };

const date = (d: string): Deadline => ({ kind: 'date', date: d });
const range = (from: string, to: string): Deadline => ({ kind: 'range', from, to });
const continuous = (note: string): Deadline => ({ kind: 'continuous', note });
const yearlyBy = (month: number, day: number, fromYear = 2022, toYear = 2024): Deadline => ({
  kind: 'recurring',
  occurrences: [{ type: 'by', month, day }],
  fromYear,
  toYear,
});
const decemberJune: Deadline = {
  kind: 'recurring',
  occurrences: [
    { type: 'month', month: 12 },
    { type: 'month', month: 6 },
  ],
  fromYear: 2022,
  toYear: 2024,
};
const window = (from: [number, number], to: [number, number], fromYear: number, toYear: number): Deadline => ({
  kind: 'recurring',
  occurrences: [{ type: 'window', from: { month: from[0], day: from[1] }, to: { month: to[0], day: to[1] } }],
  fromYear,
  toYear,
});

/** Every distinct «Срок реализации» text of the school roadmap, as written. Period 2022–2024. */
const SCHOOL_DEADLINES: ReadonlyArray<readonly [string, Deadline | null]> = [
  ['до 30.08.2022', date('2022-08-30')],
  ['до 31.12.2022', date('2022-12-31')],
  ['Май-Сентябрь', range('2022-05-01', '2022-09-30')], // no year: the roadmap's first year
  ['до 31.12. 2022', date('2022-12-31')],
  ['в течение всего периода реализации ЦМН', continuous('в течение всего периода реализации ЦМН')],
  ['До 31.12.2022', date('2022-12-31')],
  ['август 2020 г', range('2020-08-01', '2020-08-31')], // as written, although outside the period (typo for 2022?)
  ['с 31 мая по 01 сентября ежегодно (в период с 2022 по 2024 г.г.)', window([5, 31], [9, 1], 2022, 2024)],
  ['по отдельному графику', continuous('по отдельному графику')],
  ['31 мая по 30 августа ежегодно (в период с 2020 по 2024 г.г.)', window([5, 31], [8, 30], 2020, 2024)], // «с» missing, years as written
  [
    'в соответствии со сроками реализации программ наставничества',
    continuous('в соответствии со сроками реализации программ наставничества'),
  ],
  ['в соответствии со сроками реализации программ наставничества или ежегодно до 20 мая.', yearlyBy(5, 20)],
  ['в течение всего периода внедрения ЦМН', continuous('в течение всего периода внедрения ЦМН')],
  ['Декабрь, июнь в период с 2022 по 2024 г.г.', decemberJune],
  ['В течение всего периода внедрения ЦМН', continuous('В течение всего периода внедрения ЦМН')],
];

/** Every distinct «Срок реализации» text of the Uva district roadmap, as written. Period 2022–2024. */
const DISTRICT_DEADLINES: ReadonlyArray<readonly [string, Deadline | null]> = [
  ['март 2022 г.', range('2022-03-01', '2022-03-31')],
  ['до 15 марта 2022 г.', date('2022-03-15')],
  ['до 06 апреля 2022 г.', date('2022-04-06')],
  ['март – май 2022 г.', range('2022-03-01', '2022-05-31')],
  ['в течение всего периода реализации МЦМН', continuous('в течение всего периода реализации МЦМН')],
  ['до 29 апреля 2022 г.', date('2022-04-29')],
  ['по отдельному плану', continuous('по отдельному плану')],
  ['в течение года', continuous('в течение года')],
  ['в соответствии с сроками реализации программ', continuous('в соответствии с сроками реализации программ')],
  // Item 3.6: the word spilled over from 3.5's deadline «… программ наставничества» — not a deadline.
  ['наставничества', null],
  ['в течение всего периода реализации МПМН', continuous('в течение всего периода реализации МПМН')], // МПМН: typo for МЦМН
  ['По отдельному графику', continuous('По отдельному графику')],
  ['до 24.04.2022 г.', date('2022-04-24')],
  ['сентябрь', range('2022-09-01', '2022-09-30')], // no year: the roadmap's first year
  ['ноябрь 2022 г.', range('2022-11-01', '2022-11-30')],
  [
    'в соответствии со сроками, устанавливаемыми Минпросвещения России',
    continuous('в соответствии со сроками, устанавливаемыми Минпросвещения России'),
  ],
];

/** The examples of the specification and other forms the parser supports explicitly. */
const OTHER_DEADLINES: ReadonlyArray<readonly [string, Deadline | null]> = [
  ['до 30.08.2022', date('2022-08-30')],
  ['до 20.08. 22.', date('2022-08-20')],
  ['до 20.08.22 г.', date('2022-08-20')],
  ['с 01.09 по 31.05.2023', range('2022-09-01', '2023-05-31')],
  ['30.08.2022', date('2022-08-30')],
  ['30/08/2022', date('2022-08-30')],
  ['2022-08-30', date('2022-08-30')],
  ['не позднее 15.03.2022', date('2022-03-15')],
  ['к 1 сентября 2022 года', date('2022-09-01')],
  ['в срок до 1 сентября 2023 г.', date('2023-09-01')],
  ['до 20 мая', date('2022-05-20')], // no year: the roadmap's first year
  ['до 29.02.2024', date('2024-02-29')],
  ['до конца 2022 г.', date('2022-12-31')],
  ['до конца марта 2023', date('2023-03-31')],
  ['март 2022 г.', range('2022-03-01', '2022-03-31')],
  ['Март – апрель, 2022', range('2022-03-01', '2022-04-30')],
  ['март—апрель 2022г.', range('2022-03-01', '2022-04-30')],
  ['Февраль - март', range('2022-02-01', '2022-03-31')],
  ['Декабрь – январь', range('2022-12-01', '2023-01-31')], // wraps over New Year
  ['декабрь 2022 – январь 2023', range('2022-12-01', '2023-01-31')],
  ['декабрь – январь 2023 г.', range('2022-12-01', '2023-01-31')],
  ['в марте – апреле 2023 года', range('2023-03-01', '2023-04-30')],
  ['марта – мая 2022', range('2022-03-01', '2022-05-31')],
  ['03.2022', range('2022-03-01', '2022-03-31')],
  ['2022 г.', range('2022-01-01', '2022-12-31')],
  ['в течение 2023 года', range('2023-01-01', '2023-12-31')],
  ['2022-2024 гг.', range('2022-01-01', '2024-12-31')],
  ['2022 – 2024 годы', range('2022-01-01', '2024-12-31')],
  ['с 2022 по 2024 г.г.', range('2022-01-01', '2024-12-31')],
  ['с 01.09.2022 по 31.05.2023', range('2022-09-01', '2023-05-31')],
  ['с 31 мая по 01 сентября 2022 г.', range('2022-05-31', '2022-09-01')],
  ['2022-2023 уч. г.', range('2022-09-01', '2023-08-31')],
  ['в течение 2022/23 учебного года', range('2022-09-01', '2023-08-31')],
  ['I квартал', range('2022-01-01', '2022-03-31')],
  ['IV кв. 2023 г.', range('2023-10-01', '2023-12-31')],
  ['2-й квартал 2024', range('2024-04-01', '2024-06-30')],
  ['во II полугодии 2023 г.', range('2023-07-01', '2023-12-31')],
  ['первое полугодие 2024', range('2024-01-01', '2024-06-30')],
  ['Ежегодно, не позднее 15 декабря', yearlyBy(12, 15)],
  ['ежегодно до 20 мая', yearlyBy(5, 20)],
  ['до 20 мая ежегодно', yearlyBy(5, 20)],
  ['ежегодно до 1 июня 2023 - 2024', yearlyBy(6, 1, 2023, 2024)],
  ['Декабрь, июнь в период с 2022 по 2024 г.г.', decemberJune],
  ['ежегодно в декабре и июне', decemberJune],
  [
    'ежегодно с мая по сентябрь',
    {
      kind: 'recurring',
      occurrences: [{ type: 'window', from: { month: 5, day: null }, to: { month: 9, day: null } }],
      fromYear: 2022,
      toYear: 2024,
    },
  ],
  ['в течение всего периода', continuous('в течение всего периода')],
  ['в течение всего периода реализации ЦМН', continuous('в течение всего периода реализации ЦМН')],
  ['постоянно', continuous('постоянно')],
  ['Постоянно.', continuous('Постоянно')],
  ['на постоянной основе', continuous('на постоянной основе')],
  ['по отдельному графику', continuous('по отдельному графику')],
  ['по отдельному плану', continuous('по отдельному плану')],
  ['в течение года', continuous('в течение года')],
  ['в течение учебного года', continuous('в течение учебного года')],
  ['по мере необходимости', continuous('по мере необходимости')], // decided: no date of its own
  ['согласно графику методического центра', continuous('согласно графику методического центра')],
  ['ежеквартально', continuous('ежеквартально')],
  ['в сроки, установленные приказом', continuous('в сроки, установленные приказом')],
  ['в течение года или по мере необходимости', continuous('в течение года или по мере необходимости')],
];

/** Tolerated noise: line breaks, HTML, entities, case, spaces, dashes, Latin look-alikes. */
const NOISY_DEADLINES: ReadonlyArray<readonly [string, Deadline | null]> = [
  ['до 15 марта\n2022 г.', date('2022-03-15')],
  ['  МАРТ   2022  Г. ', range('2022-03-01', '2022-03-31')],
  ['<p>до 30.08.2022</p>', date('2022-08-30')],
  ['до&nbsp;30.08.2022', date('2022-08-30')],
  ['до\u00a030.08.2022', date('2022-08-30')],
  ['мaрт 2022', range('2022-03-01', '2022-03-31')], // Latin «a»
  ['март ‒ апрель 2022', range('2022-03-01', '2022-04-30')], // figure dash
  ['2022—2024 г.г.', range('2022-01-01', '2024-12-31')],
  ['в течение всего периода\r\nреализации ЦМН', continuous('в течение всего периода реализации ЦМН')],
  ['ЕЖЕГОДНО ДО 20 МАЯ', yearlyBy(5, 20)],
  ['<p>по отдельному</p> <p>графику</p>', continuous('по отдельному графику')],
];

/** Texts the parser must not guess at. */
const NULL_DEADLINES: readonly string[] = [
  '',
  '   ',
  '<p></p>',
  'наставничества',
  'абракадабра',
  'до марта 2022', // before March or through March?
  'до 2023',
  '31.02.2022',
  '32.01.2022',
  '13.2022',
  'до 31.02.2022',
  'с 01.09.2022', // open range
  '31.12.2022 – 01.01.2022', // backwards
  'ежегодно',
  'ежегодно до 31 февраля',
  'ежегодно до 15 декабря 2022', // a yearly deadline with one year: contradictory
  'Декабрь, июнь', // neither «ежегодно» nor years
  'в течение',
  'в течение всего периода 2022', // a digit where none belongs
  'по мере необходимости, но не реже 1 раза в год',
  'до 15 марта или до 20 мая', // two concrete alternatives
  'V квартал 2022',
  'III полугодие',
  '15 мартобря 2022',
  '2022-2024 учебный год', // not one academic year
  '1850 г.',
];

function check(table: ReadonlyArray<readonly [string, Deadline | null]>): void {
  for (const [input, expected] of table) {
    expect(parseDeadline(input, ctx), JSON.stringify(input)).toEqual(expected);
  }
}

describe('parseDeadline: the real roadmaps', () => {
  it('reads every deadline text of the school roadmap', () => {
    check(SCHOOL_DEADLINES);
  });

  it('reads every deadline text of the district roadmap', () => {
    check(DISTRICT_DEADLINES);
  });

  it('has a case for every distinct deadline text found in both documents', () => {
    const domain = path.resolve(import.meta.dirname, '../fixtures/domain');
    const school = readFileSync(path.join(domain, 'school-roadmap-and-indicators.txt'), 'utf8');
    const district = readFileSync(path.join(domain, 'uva-district-regulation-and-roadmap.txt'), 'utf8');
    const texts = (text: string) =>
      new Set(
        readPastedTable(text, ctx)
          .rows.map((r) => r.deadlineText)
          .filter((t): t is string => t !== null),
      );
    const fromSchool = texts(school.slice(school.indexOf('№ п/п'), school.indexOf('**Планируемые результаты')));
    const fromDistrict = texts(district.slice(district.indexOf('№п/п\tНаименование мероприятия')));
    expect([...fromSchool].sort()).toEqual(SCHOOL_DEADLINES.map(([t]) => t).sort());
    expect([...fromDistrict].sort()).toEqual(DISTRICT_DEADLINES.map(([t]) => t).sort());
  });
});

describe('parseDeadline: forms and examples', () => {
  it('reads the specified forms', () => {
    check(OTHER_DEADLINES);
  });

  it('tolerates noise', () => {
    check(NOISY_DEADLINES);
  });

  it('returns null rather than guessing', () => {
    for (const input of NULL_DEADLINES) expect(parseDeadline(input, ctx), JSON.stringify(input)).toBeNull();
  });

  it('takes years without a year from the roadmap period', () => {
    expect(parseDeadline('сентябрь', { periodFrom: 2023, periodTo: 2025 })).toEqual(range('2023-09-01', '2023-09-30'));
    expect(parseDeadline('ежегодно до 20 мая', { periodFrom: 2023, periodTo: 2025 })).toEqual(yearlyBy(5, 20, 2023, 2025));
    // Explicit years win over the period.
    expect(parseDeadline('Декабрь, июнь в период с 2022 по 2024 г.г.', { periodFrom: 2025, periodTo: 2027 })).toEqual(
      decemberJune,
    );
  });
});

/** Forms of other municipalities' roadmaps (issue 14): years crossed, several months listed. Period 2021–2022. */
const ctx2021 = { periodFrom: 2021, periodTo: 2022 };
const periods = (...list: Array<[string, string]>): Deadline => ({
  kind: 'periods',
  periods: list.map(([from, to]) => ({ from, to })),
});
const novemberDecember = (fromYear: number, toYear: number): Deadline => ({
  kind: 'recurring',
  occurrences: [{ type: 'window', from: { month: 11, day: null }, to: { month: 12, day: null } }],
  fromYear,
  toYear,
});
const CROSSING_DEADLINES: ReadonlyArray<readonly [string, Deadline | null]> = [
  // Months that follow one another are one range, over New Year too.
  ['Декабрь 2021, январь, 2022', range('2021-12-01', '2022-01-31')],
  ['декабрь 2021 г., январь 2022 г.', range('2021-12-01', '2022-01-31')],
  ['декабрь 2021, январь', range('2021-12-01', '2022-01-31')], // after the last year: over New Year
  ['Ноябрь, декабрь 2021, январь 2022', range('2021-11-01', '2022-01-31')],
  ['сентябрь, октябрь 2021', range('2021-09-01', '2021-10-31')],
  ['сентябрь 2021 – май 2022', range('2021-09-01', '2022-05-31')],
  ['Сентябрь 2021 г. - май 2022 г.', range('2021-09-01', '2022-05-31')],
  ['в течение 2021-2022 учебного года', range('2021-09-01', '2022-08-31')],
  ['В течение 2021 – 2022 учебного года', range('2021-09-01', '2022-08-31')],
  ['в течение 2021/22 учебного года', range('2021-09-01', '2022-08-31')],
  // Months with gaps: each once.
  ['октябрь, декабрь 2021', periods(['2021-10-01', '2021-10-31'], ['2021-12-01', '2021-12-31'])],
  ['в октябре и декабре 2021', periods(['2021-10-01', '2021-10-31'], ['2021-12-01', '2021-12-31'])],
  ['декабрь, март 2022', periods(['2021-12-01', '2021-12-31'], ['2022-03-01', '2022-03-31'])], // back over New Year
  ['октябрь – ноябрь 2021, май 2022', periods(['2021-10-01', '2021-11-30'], ['2022-05-01', '2022-05-31'])],
  ['I квартал, сентябрь 2022', periods(['2022-01-01', '2022-03-31'], ['2022-09-01', '2022-09-30'])],
  // Every year.
  ['ноябрь-декабрь ежегодно', novemberDecember(2021, 2022)],
  ['Ноябрь – декабрь, ежегодно', novemberDecember(2021, 2022)],
  ['ежегодно в ноябре – декабре', novemberDecember(2021, 2022)],
  ['ноябрь-декабрь ежегодно (2021-2023 гг.)', novemberDecember(2021, 2023)],
];
/** Lists that are not read: no year anywhere, going back in time, a month twice, a day on its own. */
const CROSSING_NULL: readonly string[] = [
  'декабрь, январь', // no year: every year or once?
  'Декабрь, июнь',
  'май 2022, декабрь 2021', // backwards
  'декабрь 2021, декабрь 2021',
  'октябрь 2021, октябрь – ноябрь 2021', // overlapping
  'до 15.10.2021, до 20.12.2021',
  '15.10.2021, 20.12.2021',
  'декабрь 2021, 2022',
  'декабрь 2021, мартобрь 2022',
];

describe('parseDeadline: roadmaps of other municipalities', () => {
  it('reads deadlines that cross a year or list several months', () => {
    for (const [input, expected] of CROSSING_DEADLINES)
      expect(parseDeadline(input, ctx2021), JSON.stringify(input)).toEqual(expected);
  });

  it('does not guess at a list it cannot place in time', () => {
    for (const input of CROSSING_NULL) expect(parseDeadline(input, ctx2021), JSON.stringify(input)).toBeNull();
  });

  it('labels them in short Russian', () => {
    const label = (text: string) => {
      const d = parseDeadline(text, ctx2021);
      if (d === null) throw new Error(`not parsed: ${text}`);
      return deadlineLabel(d);
    };
    expect(label('Декабрь 2021, январь, 2022')).toBe('декабрь 2021 – январь 2022');
    expect(label('в течение 2021-2022 учебного года')).toBe('2021/2022 учебный год');
    expect(label('октябрь, декабрь 2021')).toBe('октябрь и декабрь 2021');
    expect(label('октябрь – ноябрь 2021, май 2022')).toBe('октябрь – ноябрь 2021, май 2022');
    expect(label('октябрь, декабрь 2021, март, май 2022')).toBe('октябрь и декабрь 2021, март и май 2022');
    expect(label('ноябрь-декабрь ежегодно')).toBe('ежегодно с ноября по декабрь (2021–2022)');
  });
});

describe('deadlineLabel', () => {
  const label = (text: string) => {
    const d = parseDeadline(text, ctx);
    if (d === null) throw new Error(`not parsed: ${text}`);
    return deadlineLabel(d);
  };

  it('renders each kind in short Russian', () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ['до 30.08.2022', 'до 30.08.2022'],
      ['до 15 марта 2022 г.', 'до 15.03.2022'],
      ['март 2022 г.', 'март 2022'],
      ['Март – апрель, 2022', 'март – апрель 2022'],
      ['декабрь 2022 – январь 2023', 'декабрь 2022 – январь 2023'],
      ['2022 г.', '2022 г.'],
      ['2022-2024 гг.', '2022–2024 гг.'],
      ['2022-2023 уч. г.', '2022/2023 учебный год'],
      ['с 31 мая по 01 сентября 2022 г.', 'с 31.05.2022 по 01.09.2022'],
      ['Ежегодно, не позднее 15 декабря', 'ежегодно до 15 декабря (2022–2024)'],
      ['Декабрь, июнь в период с 2022 по 2024 г.г.', 'ежегодно в декабре и июне (2022–2024)'],
      ['с 31 мая по 01 сентября ежегодно (в период с 2022 по 2024 г.г.)', 'ежегодно с 31 мая по 1 сентября (2022–2024)'],
      ['ежегодно с мая по сентябрь', 'ежегодно с мая по сентябрь (2022–2024)'],
      ['постоянно', 'постоянно'],
      ['По отдельному графику', 'по отдельному графику'],
      ['в течение всего периода реализации ЦМН', 'в течение всего периода реализации ЦМН'],
    ];
    for (const [input, expected] of cases) expect(label(input), input).toBe(expected);
  });

  it('keeps an abbreviation at the start of a note', () => {
    expect(deadlineLabel({ kind: 'continuous', note: 'МЦМН: по графику' })).toBe('МЦМН: по графику');
    expect(
      deadlineLabel({ kind: 'recurring', occurrences: [{ type: 'by', month: 5, day: 20 }], fromYear: 2023, toYear: 2023 }),
    ).toBe('ежегодно до 20 мая (2023)');
  });
});
