import { describe, expect, it } from 'vitest';
import { type QuestionnaireResult, questionnaireLines, responseRate } from '../../src/modules/monitoring/questionnaire.js';

const base: QuestionnaireResult = {
  survey_id: 1,
  title: 'Мониторинг удовлетворённости наставников, 2026',
  template_title: 'Анкета удовлетворённости наставника',
  audience: 'mentor',
  opens_on: '2026-11-01',
  closes_on: '2026-12-25',
  included: true,
  invited: 16,
  answered: 9,
  hidden: false,
  min_group: 3,
  questions: [
    { number: 1, text: 'Насколько вы удовлетворены?', kind: 'scale', answers: 9, hidden: false, mean: 8.1, distribution: [] },
    { number: 2, text: 'Насколько удобен портал?', kind: 'scale', answers: 2, hidden: true, mean: null, distribution: [] },
    { number: 3, text: 'Что было самым полезным?', kind: 'text', answers: 6, hidden: false, mean: null, distribution: [] },
  ],
};

describe('the справка lines of a questionnaire', () => {
  it('the rate, then a line per question: the mean, a hidden question, a counted free text', () => {
    expect(questionnaireLines(base)).toEqual([
      'Приглашено: 16, ответили: 9 (56,3 %).',
      '1. Насколько вы удовлетворены? — средняя оценка 8,1 из 10 (ответов: 9).',
      '2. Насколько удобен портал? — недостаточно ответов для показа (ответов: 2).',
      '3. Что было самым полезным? — свободных ответов: 6 (тексты в справку не включаются).',
    ]);
  });

  it('below the threshold the counts only; a school outside the survey says so; nobody invited has no rate', () => {
    expect(questionnaireLines({ ...base, answered: 2, hidden: true, questions: [] })).toEqual([
      'Приглашено: 16, ответили: 2 (12,5 %).',
      'Результаты не показываются: недостаточно ответов для показа (нужно не меньше 3).',
    ]);
    expect(questionnaireLines({ ...base, included: false })).toEqual(['Школа не участвовала в этом анкетировании.']);
    expect(responseRate({ invited: 0, answered: 0 })).toBeNull();
    expect(responseRate({ invited: 3, answered: 2 })).toBe(66.7);
  });
});
