import { describe, expect, it } from 'vitest';
import { canViewPortfolio, ownsPortfolio, seesPortfolioMenteeName } from '../../src/access/policy.js';
import { bandsText, hoursText, menteeLabel, ratingsText, satisfactionText } from '../../src/modules/portfolio/labels.js';
import { A, B, EVERY_ROLE, OWN_SCHOOL, userOf } from '../helpers/signed-in.js';

/** The portfolio's rules (issue 18) and how it words its counts and its mentees. */

const own = { organization_id: OWN_SCHOOL, municipality_id: A, user_id: null };
const sameMunicipality = { organization_id: 111, municipality_id: A, user_id: null };
const foreign = { organization_id: 210, municipality_id: B, user_id: null };
const linked = { ...own, user_id: 1 };

describe('who reads a mentor’s portfolio', () => {
  const table: Array<[string, boolean, boolean, boolean, boolean]> = [
    // role, own school, another school of the municipality, another municipality, the record of the user's account
    ['admin', false, false, false, false],
    ['region', false, false, false, false],
    ['department', true, true, false, true],
    ['coordinator', true, true, false, true],
    ['school_head', true, false, false, true],
    ['curator', true, false, false, true],
    ['mentor', false, false, false, true],
    ['mentee', false, false, false, false],
  ];
  it.each(table)('%s', (role, ownSchool, sameMun, foreignMun, ownRecord) => {
    const user = userOf(role as Parameters<typeof userOf>[0]);
    expect(canViewPortfolio(user, own)).toBe(ownSchool);
    expect(canViewPortfolio(user, sameMunicipality)).toBe(sameMun);
    expect(canViewPortfolio(user, foreign)).toBe(foreignMun);
    expect(canViewPortfolio(user, linked)).toBe(ownRecord);
  });

  it('the menu offers «Портфолио» to the mentor only', () => {
    expect(EVERY_ROLE.filter((r) => ownsPortfolio(userOf(r)))).toEqual(['mentor']);
  });

  it('a mentee is named to its mentor and to the staff whose scope holds it', () => {
    const elsewhere = { organization_id: 111, municipality_id: A, category: 'student' };
    expect(seesPortfolioMenteeName(userOf('mentor'), elsewhere)).toBe(true);
    expect(seesPortfolioMenteeName(userOf('curator'), elsewhere)).toBe(false);
    expect(seesPortfolioMenteeName(userOf('curator'), { ...elsewhere, organization_id: OWN_SCHOOL })).toBe(true);
    expect(seesPortfolioMenteeName(userOf('coordinator'), elsewhere)).toBe(true);
    expect(seesPortfolioMenteeName(userOf('department'), { ...elsewhere, municipality_id: B })).toBe(false);
  });
});

describe('the portfolio’s words', () => {
  it('hours of meetings', () => {
    expect(hoursText(0)).toBe('0 ч');
    expect(hoursText(45)).toBe('45 мин');
    expect(hoursText(90)).toBe('1 ч 30 мин');
    expect(hoursText(120)).toBe('2 ч');
  });

  it('satisfaction as counts per band, the empty bands left out', () => {
    expect(bandsText([10, 9, 8, 3])).toBe(
      '2 — очень довольны (9–10 баллов), 1 — довольны (7–8 баллов), 1 — недовольны (1–4 балла)',
    );
    expect(satisfactionText([10, 6], 3)).toBe(
      'оценили 2 из 3: 1 — очень довольны (9–10 баллов), 1 — отчасти довольны (5–6 баллов)',
    );
    expect(satisfactionText([], 2)).toBe('оценок пока нет');
    expect(ratingsText([7, 8])).toBe('2 оценки встреч: 2 — довольны (7–8 баллов)');
    expect(ratingsText([9, 9, 9, 9, 9])).toBe('5 оценок встреч: 5 — очень довольны (9–10 баллов)');
  });

  it('a student is never named on the printable document; a teacher is', () => {
    const student = {
      last_name: 'Ученикова',
      first_name: 'Алиса',
      middle_name: null,
      category: 'student',
      class_name: '7Б',
      position: null,
      erased_at: null,
    };
    const teacher = {
      ...student,
      last_name: 'Белов',
      first_name: 'Кирилл',
      category: 'young_specialist',
      class_name: null,
      position: 'учитель информатики',
    };
    expect(menteeLabel(student, true, false)).toBe('Ученикова Алиса (7Б класс)');
    expect(menteeLabel(student, true, true)).toBe('обучающийся, 7Б класс');
    expect(menteeLabel(student, false, false)).toBe('обучающийся, 7Б класс');
    expect(menteeLabel({ ...student, class_name: null }, true, true)).toBe('обучающийся');
    expect(menteeLabel(teacher, true, true)).toBe('Белов Кирилл (учитель информатики)');
    expect(menteeLabel(teacher, false, false)).toBe('молодой специалист (стаж 0–3 года)');
    expect(menteeLabel({ ...teacher, erased_at: new Date() }, true, false)).toBe('молодой специалист (стаж 0–3 года)');
  });
});
