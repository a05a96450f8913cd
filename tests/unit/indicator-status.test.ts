import { describe, expect, it } from 'vitest';
import { countChart, rankingChart, trendChart } from '../../src/modules/indicators/charts.js';
import {
  academicCodes,
  calendarCodes,
  firstYearOf,
  parsePeriodParam,
  periodOfCode,
  periodsToCompute,
} from '../../src/modules/indicators/periods.js';
import { percentOf, targetStatus, targetFor } from '../../src/modules/indicators/status.js';

describe('a value against its target', () => {
  it('is achieved at or above a higher-is-better target, close within a tenth, missed below', () => {
    expect(targetStatus(70, 70, 'higher')).toBe('achieved');
    expect(targetStatus(63, 70, 'higher')).toBe('close');
    expect(targetStatus(62.9, 70, 'higher')).toBe('missed');
    // A target of 0 (the regulation's 2022 target for student mentors) is met by any value.
    expect(targetStatus(0, 0, 'higher')).toBe('achieved');
  });

  it('reads a lower-is-better target the other way round', () => {
    expect(targetStatus(5, 5, 'lower')).toBe('achieved');
    expect(targetStatus(5.5, 5, 'lower')).toBe('close');
    expect(targetStatus(6, 5, 'lower')).toBe('missed');
  });

  it('says «нет данных» without a value and «цель не задана» without a target', () => {
    expect(targetStatus(null, 70, 'higher')).toBe('no_data');
    expect(targetStatus(null, null, 'higher')).toBe('no_data');
    expect(targetStatus(12, null, 'higher')).toBe('no_target');
  });

  it('takes no share of a missing or zero denominator', () => {
    expect(percentOf(3, 40)).toBe(7.5);
    expect(percentOf(2, 3)).toBe(66.7);
    expect(percentOf(0, 10)).toBe(0);
    expect(percentOf(3, null)).toBeNull();
    expect(percentOf(3, 0)).toBeNull();
  });

  it('counts the years from the data’s first one to the current one, never before 2018', () => {
    expect(calendarCodes(2021, '2026-11-23')).toEqual([2021, 2022, 2023, 2024, 2025, 2026]);
    expect(calendarCodes(2022, '2022-01-01')).toEqual([2022]);
    expect(firstYearOf(1900, '2026-11-23')).toBe(2018);
    expect(firstYearOf(2030, '2026-11-23')).toBe(2026);
    expect(firstYearOf(null, '2026-11-23')).toBe(2026);
    expect(periodsToCompute(firstYearOf(1900, '2026-11-23'), '2026-11-23')).toHaveLength(9 + 10);
  });

  it('counts the academic years that overlap those years, the running one last', () => {
    expect(academicCodes(2024, '2026-08-31')).toEqual([202324, 202425, 202526]);
    expect(academicCodes(2024, '2026-09-01')).toEqual([202324, 202425, 202526, 202627]);
  });

  it('names periods by codes, and reads ?year= as old links and the choice write it', () => {
    expect(periodOfCode(202425)).toMatchObject({
      kind: 'academic',
      year: 2024,
      start: '2024-09-01',
      end: '2025-08-31',
      label: '2024/25 учебный год',
      param: '2024-25',
    });
    expect(periodOfCode(209900)).toMatchObject({ label: '2099/00 учебный год', end: '2100-08-31' });
    expect(periodOfCode(2025)).toMatchObject({
      kind: 'calendar',
      label: '2025 год',
      genitive: '2025 года',
      prepositional: '2025 году',
    });
    expect(periodOfCode(20242)).toMatchObject({
      kind: 'half',
      start: '2024-07-01',
      end: '2024-12-31',
      label: 'II полугодие 2024 года',
    });
    expect(periodOfCode(202426)).toBeNull();
    expect(periodOfCode(20243)).toBeNull();
    expect(parsePeriodParam('2025')).toBe(2025);
    expect(parsePeriodParam('2024-25')).toBe(202425);
    expect(parsePeriodParam('2024/25')).toBe(202425);
    expect(parsePeriodParam('2024-26')).toBeNull();
    expect(parsePeriodParam('x')).toBeNull();
  });
});

describe('charts rendered on the server', () => {
  it('are SVG images with an accessible name, and draw the values they are given', () => {
    const svg = trendChart(
      [
        { year: 2024, value: 12.5, target: 70 },
        { year: 2025, value: null, target: 70 },
      ],
      '%',
      'М1 по годам',
    );
    expect(svg.startsWith('<svg role="img" aria-label="М1 по годам"')).toBe(true);
    expect(svg).toContain('12.5');
    expect(svg).not.toContain('<script');
    const bars = rankingChart([{ name: 'МБОУ «СОШ № 1»', value: 40 }], '%', 50, 'Школы');
    expect(bars).toContain('МБОУ «СОШ № 1»');
    expect(bars).toContain('цель 50');
    expect(countChart([{ name: 'педагог – педагог', value: 7 }], 'Пары').includes('>7<')).toBe(true);
  });

  it('carry nothing an interactive chart needs and a static page cannot use, and no attribute the CSP blocks', () => {
    const svgs = [
      trendChart([{ year: 2024, value: 12.5, target: 70 }], '%', 'М1'),
      rankingChart([{ name: 'МБОУ «СОШ № 1»', value: 40 }], '%', 50, 'Школы'),
      countChart([{ name: 'педагог – педагог', value: 7 }], 'Пары'),
    ];
    for (const svg of svgs) {
      expect(svg).not.toMatch(/ecmeta_|pointer-events|zr\d+-cls-|<style|:hover/);
      expect(svg).not.toMatch(/ style="/);
      // Every attribute is whole: name="value" pairs only, no stray quotes.
      for (const tag of svg.match(/<[a-zA-Z][^>]*>/g) ?? []) {
        expect(tag.replace(/\s[\w:-]+="[^"]*"/g, '')).toMatch(/^<[a-zA-Z]+ ?\/?>$/);
      }
      expect(svg).toContain('<text');
    }
  });

  it('escape the accessible name', () => {
    expect(countChart([], 'a "quoted" <name>')).toContain('aria-label="a &quot;quoted&quot; &lt;name&gt;"');
  });
});

describe('targetFor', () => {
  const targets = new Map([
    [1, 'municipality 70'],
    [2, 'school 5'],
  ]);
  const find = (org: number) => targets.get(org);
  it('is the school’s own target, else the municipality’s, else none', () => {
    expect(targetFor(find, 2, 1)).toEqual({ target: 'school 5', owner: 'own' });
    expect(targetFor(find, 3, 1)).toEqual({ target: 'municipality 70', owner: 'municipality' });
    expect(targetFor(find, 1, 1)).toEqual({ target: 'municipality 70', owner: 'own' });
    expect(targetFor(find, 3, 9)).toEqual({ target: null, owner: null });
  });
});
