import { describe, expect, it } from 'vitest';
import { carriedOccurrences } from '../../src/modules/roadmaps/carry.js';
import { type Deadline, parseDeadline } from '../../src/modules/roadmaps/deadline.js';

const period = { periodFrom: 2022, periodTo: 2024 };
const deadline = (text: string): Deadline => {
  const parsed = parseDeadline(text, period);
  if (parsed === null) throw new Error(`not a deadline: ${text}`);
  return parsed;
};

describe('marks of a recurring item when its deadline is edited', () => {
  it('move to the new day of the same year when each year keeps one occurrence', () => {
    const map = carriedOccurrences(deadline('ежегодно до 15 декабря'), deadline('ежегодно до 20 декабря'), [
      '2022-12-15',
      '2023-12-15',
    ]);
    expect([...map]).toEqual([
      ['2022-12-15', '2022-12-20'],
      ['2023-12-15', '2023-12-20'],
    ]);
  });

  it('stay on a day the new deadline still has, and follow their month when a year gains an occurrence', () => {
    const map = carriedOccurrences(deadline('ежегодно до 15 декабря'), deadline('ежегодно до 20 мая и до 15 декабря'), [
      '2022-12-15',
    ]);
    expect([...map]).toEqual([['2022-12-15', '2022-12-15']]);
    const moved = carriedOccurrences(deadline('ежегодно до 15 декабря'), deadline('ежегодно до 20 мая и до 25 декабря'), [
      '2023-12-15',
    ]);
    expect([...moved]).toEqual([['2023-12-15', '2023-12-25']]);
  });

  it('keep their place in the text when the new text names as many occurrences a year', () => {
    const map = carriedOccurrences(
      deadline('Декабрь, июнь в период с 2022 по 2024 г.г.'),
      deadline('Январь, июль в период с 2022 по 2024 г.г.'),
      ['2022-06-30', '2022-12-31'],
    );
    // «Декабрь» is named first, and so is «январь»; June's mark goes to July.
    expect([...map]).toEqual([
      ['2022-06-30', '2022-07-31'],
      ['2022-12-31', '2022-01-31'],
    ]);
  });

  it('leave the marks of a year the new deadline no longer covers', () => {
    const map = carriedOccurrences(
      deadline('ежегодно до 15 декабря'),
      deadline('ежегодно до 20 декабря в период с 2023 по 2024 г.г.'),
      ['2022-12-15', '2023-12-15'],
    );
    expect([...map]).toEqual([['2023-12-15', '2023-12-20']]);
  });

  it('have no place when the new deadline is not recurring, or a year or month is gone', () => {
    expect(carriedOccurrences(deadline('ежегодно до 15 декабря'), deadline('до 15.12.2024'), ['2022-12-15']).size).toBe(0);
    expect(carriedOccurrences(deadline('ежегодно до 15 декабря'), null, ['2022-12-15']).size).toBe(0);
    // Two occurrences a year become one in another month: nothing matches the June mark.
    expect([
      ...carriedOccurrences(deadline('Декабрь, июнь в период с 2022 по 2024 г.г.'), deadline('ежегодно до 15 декабря'), [
        '2022-06-30',
        '2022-12-31',
      ]),
    ]).toEqual([['2022-12-31', '2022-12-15']]);
  });

  it('never put two marks on one day, and leave a mark that was already a former one', () => {
    // 2022-11-30 was left by an earlier edit: it is no occurrence of the old deadline.
    const map = carriedOccurrences(deadline('ежегодно до 15 декабря'), deadline('ежегодно до 20 декабря'), [
      '2022-11-30',
      '2022-12-15',
      '2022-12-20',
    ]);
    expect([...map]).toEqual([['2022-12-20', '2022-12-20']]);
  });
});
