import { describe, expect, it } from 'vitest';
import { type AnswerTarget, answerState, todayOf } from '../../src/modules/surveys/answers.js';

/**
 * A survey opens and closes on its municipality's calendar, also for a personal link opened
 * without a session (no request municipality to take the zone from).
 */
const target = (timeZone: string): AnswerTarget => ({
  invitationId: 1,
  organizationId: 2,
  schoolName: 'МБОУ «СОШ № 1»',
  answeredOn: null,
  timeZone,
  survey: {
    id: 3,
    title: 'Удовлетворённость программой',
    opens_on: '2026-12-07',
    closes_on: '2026-12-20',
    municipality_id: 4,
    template_id: 5,
    audience: 'mentee',
    description: null,
  },
  person: { firstName: 'Алиса', category: 'student', birthDate: null },
});

describe("a survey's day", () => {
  // 14:30 UTC on 6 December: 17:30 of the 6th in Moscow, 00:30 of the 7th in Vladivostok.
  const now = new Date('2026-12-06T14:30:00Z');

  it("is the day of the survey's municipality, not the server's", () => {
    expect(todayOf(target('Europe/Moscow'), now)).toBe('2026-12-06');
    expect(todayOf(target('Asia/Vladivostok'), now)).toBe('2026-12-07');
  });

  it('opens a survey starting on the 7th in Vladivostok already, in Moscow not yet', () => {
    const vladivostok = target('Asia/Vladivostok');
    const moscow = target('Europe/Moscow');
    expect(answerState(vladivostok, todayOf(vladivostok, now))).toBe('open');
    expect(answerState(moscow, todayOf(moscow, now))).toBe('planned');
  });
});
