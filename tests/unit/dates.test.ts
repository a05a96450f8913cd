import { describe, expect, it } from 'vitest';
import { todayIso } from '../../src/lib/dates.js';

describe('todayIso', () => {
  it('is the Moscow calendar day, turning at Moscow midnight (21:00 UTC), whatever was asked before', () => {
    expect(todayIso(new Date('2026-11-23T20:59:59.999Z'))).toBe('2026-11-23');
    expect(todayIso(new Date('2026-11-23T21:00:00.000Z'))).toBe('2026-11-24');
    expect(todayIso(new Date('2026-11-23T20:59:30.000Z'))).toBe('2026-11-23');
    expect(todayIso(new Date('2027-01-01T00:00:00.000Z'))).toBe('2027-01-01');
    expect(todayIso(new Date('2026-12-31T21:00:05.000Z'))).toBe('2027-01-01');
  });
});
