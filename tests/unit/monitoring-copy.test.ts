import { describe, expect, it } from 'vitest';
import { nextYearTitle } from '../../src/modules/monitoring/service.js';

describe('the title of a copied campaign', () => {
  it('moves the years of a title on by one', () => {
    expect(nextYearTitle('Мониторинг за 2025 год')).toBe('Мониторинг за 2026 год');
    expect(nextYearTitle('Мониторинг за 2025/26 учебный год')).toBe('Мониторинг за 2026/27 учебный год');
    expect(nextYearTitle('Приказ № 1234 за 2099/00 учебный год')).toBe('Приказ № 1234 за 2100/01 учебный год');
    expect(nextYearTitle('Мониторинг наставничества')).toBe('Мониторинг наставничества');
  });
});
