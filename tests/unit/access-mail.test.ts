import { describe, expect, it } from 'vitest';
import { type EmailSubject, mayGetEmail, noEmailReason } from '../../src/access/policy.js';
import { ROLES } from '../../src/db/types.js';
import { normalizeEmail } from '../../src/lib/email.js';

/** Who may be sent e-mail (access/rules/mail.ts): minors and participants of unknown age may not. */

const TODAY = '2026-12-07';

describe('mayGetEmail', () => {
  it('staff are adults by their office; mentors and mentees need a linked record', () => {
    const table = ROLES.map((role) => `${role}:${noEmailReason({ role, people: [] }, TODAY) ?? 'yes'}`);
    expect(table).toEqual([
      'admin:yes',
      'department:yes',
      'coordinator:yes',
      'school_head:yes',
      'curator:yes',
      'mentor:age_unknown',
      'mentee:age_unknown',
      'region:yes',
    ]);
  });

  const cases: Array<[string, EmailSubject, ReturnType<typeof noEmailReason>]> = [
    ['a young teacher', { role: 'mentee', people: [{ category: 'young_specialist', birthDate: '2001-05-01' }] }, null],
    ['a teacher without a birth date', { role: 'mentor', people: [{ category: 'teacher', birthDate: null }] }, null],
    ['a pupil mentee', { role: 'mentee', people: [{ category: 'student', birthDate: '2012-01-01' }] }, 'minor'],
    ['a pupil mentee without a birth date', { role: 'mentee', people: [{ category: 'student', birthDate: null }] }, 'minor'],
    [
      'a pupil mentor aged 19 still counts as a pupil',
      { role: 'mentor', people: [{ category: 'student', birthDate: '2007-01-01' }] },
      'minor',
    ],
    [
      '17 the day before the 18th birthday',
      { role: 'mentee', people: [{ category: 'trainee', birthDate: '2008-12-08' }] },
      'minor',
    ],
    ['18 on the birthday', { role: 'mentee', people: [{ category: 'trainee', birthDate: '2008-12-07' }] }, null],
    [
      'one record of a minor among several',
      {
        role: 'mentor',
        people: [
          { category: 'teacher', birthDate: null },
          { category: 'university_student', birthDate: '2009-06-01' },
        ],
      },
      'minor',
    ],
  ];
  it.each(cases)('%s', (_name, subject, expected) => {
    expect(noEmailReason(subject, TODAY)).toBe(expected);
    expect(mayGetEmail(subject, TODAY)).toBe(expected === null);
  });
});

describe('normalizeEmail', () => {
  it.each([
    ['  Ivanova@School.RU ', 'Ivanova@school.ru'],
    ['a.b+c@mail.example.ru', 'a.b+c@mail.example.ru'],
    ['ivanova@Школа.РФ', 'ivanova@школа.рф'],
    ['ivanova', null],
    ['ivanova@', null],
    ['@school.ru', null],
    ['ivanova@school', null],
    ['ivanova@school..ru', null],
    ['ivanova@-school.ru', null],
    ['иванова@school.ru', null],
    ['iva nova@school.ru', null],
    [`${'a'.repeat(250)}@x.ru`, null],
  ])('%s', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });
});
