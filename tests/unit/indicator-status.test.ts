import { describe, expect, it } from 'vitest';
import { countChart, rankingChart, trendChart } from '../../src/modules/indicators/charts.js';
import { yearsToCompute } from '../../src/modules/indicators/compute.js';
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

  it('offers the years from the model’s first one to the current one', () => {
    expect(yearsToCompute('2026-11-23')).toEqual([2022, 2023, 2024, 2025, 2026]);
    expect(yearsToCompute('2022-01-01')).toEqual([2022]);
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
