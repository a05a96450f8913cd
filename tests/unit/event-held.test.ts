import { describe, expect, it } from 'vitest';
import { countsAsTraining, evidenceLine, mergedEvidence } from '../../src/modules/events/held.js';
import { yearsBefore } from '../../src/modules/people/queries.js';

describe('what a held event adds', () => {
  it('courses, seminars and webinars are training; contests, meetings and the rest are not', () => {
    expect(['course', 'seminar', 'webinar'].every((k) => countsAsTraining(k as never))).toBe(true);
    for (const k of ['meeting', 'conference', 'forum', 'festival', 'open_lessons', 'contest', 'other'])
      expect(countsAsTraining(k as never), k).toBe(false);
  });

  it('the evidence line names the event, its day and the attendance', () => {
    expect(evidenceLine('Семинар «Старт»', '2026-11-12', 34)).toBe(
      'Проведено мероприятие «Семинар «Старт»» 12.11.2026, участников: 34',
    );
  });

  it('the evidence is set when empty, added below a hand-written comment, never twice; a given link stays', () => {
    const line = 'Проведено мероприятие «А» 12.11.2026, участников: 3';
    const link = 'https://portal.example/events/7';
    expect(mergedEvidence({ evidence_comment: null, evidence_link: null }, line, link)).toEqual({
      evidence_comment: line,
      evidence_link: link,
    });
    expect(mergedEvidence({ evidence_comment: 'Приказ № 5', evidence_link: 'https://x.example/order' }, line, link)).toEqual({
      evidence_comment: `Приказ № 5\n${line}`,
      evidence_link: 'https://x.example/order',
    });
    expect(mergedEvidence({ evidence_comment: `Приказ № 5\n${line}`, evidence_link: null }, line, link)).toBeNull();
    expect(mergedEvidence({ evidence_comment: 'Другое', evidence_link: link }, line, link)).toBeNull();
  });

  it('three years back is the same calendar day, 29 February falling back to 28', () => {
    expect(yearsBefore('2026-12-07', 3)).toBe('2023-12-07');
    expect(yearsBefore('2028-02-29', 3)).toBe('2025-02-28');
    expect(yearsBefore('2028-02-29', 4)).toBe('2024-02-29');
  });
});
