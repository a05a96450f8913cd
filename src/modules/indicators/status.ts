import type { IndicatorDirection } from '../../db/types.js';

/**
 * The target a value is held against: the organisation's own for the year, else — for a school —
 * the municipality's. `find` looks a target up by organisation.
 */
export function targetFor<T>(
  find: (organizationId: number) => T | undefined,
  organizationId: number,
  municipalityId: number,
): { target: T | null; owner: 'own' | 'municipality' | null } {
  const own = find(organizationId);
  if (own !== undefined) return { target: own, owner: 'own' };
  const inherited = organizationId === municipalityId ? undefined : find(municipalityId);
  return inherited !== undefined ? { target: inherited, owner: 'municipality' } : { target: null, owner: null };
}

/** A value against its target, in words and a symbol, never by colour alone. */
export type TargetStatus = 'achieved' | 'close' | 'missed' | 'no_data' | 'no_target';

export const STATUS_LABELS: Record<TargetStatus, string> = {
  achieved: 'достигнут',
  close: 'близко',
  missed: 'не достигнут',
  no_data: 'нет данных',
  no_target: 'цель не задана',
};

export const STATUS_SYMBOLS: Record<TargetStatus, string> = {
  achieved: '✓',
  close: '≈',
  missed: '✗',
  no_data: '—',
  no_target: '○',
};

/** «Близко»: within a tenth of the target (90 % of it, or 110 % of a lower-is-better target). */
export const CLOSE_SHARE = 0.1;

export function targetStatus(value: number | null, target: number | null, direction: IndicatorDirection): TargetStatus {
  if (value === null) return 'no_data';
  if (target === null) return 'no_target';
  if (direction === 'higher') {
    if (value >= target) return 'achieved';
    return value >= target * (1 - CLOSE_SHARE) ? 'close' : 'missed';
  }
  if (value <= target) return 'achieved';
  return value <= target * (1 + CLOSE_SHARE) ? 'close' : 'missed';
}

/** A share in percent with one decimal, or null when there is no denominator to take it of. */
export function percentOf(numerator: number, denominator: number | null): number | null {
  if (denominator === null || denominator <= 0) return null;
  return Math.round((numerator / denominator) * 1000) / 10;
}
