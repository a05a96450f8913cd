import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

/** Real names, none a typo of another: first names and patronymics chosen so that each search below finds one person. */
const PEOPLE = [
  'Павлова Наталья Игоревна',
  'Тестов Иван Олегович',
  'Юнова Дарья Андреевна',
  'Смирнов Глеб Юрьевич',
  'Кузнецова Ксения Олеговна',
  'Соловьёв Дмитрий Антонович',
  'Васильев Михаил Борисович',
  'Григорьева Алёна Денисовна',
  'Королёв Максим Олегович',
  'Перевощиков Артём Ильич',
  'Наговицын Роман Глебович',
  'Сергеев Лев Антонович',
  'Корепанов Степан Борисович',
  'Римская-Корсакова Вера Глебовна',
];

/** What a user types, and whom it must find: the usual slips in Russian names. */
const TYPOS: Array<[typed: string, slip: string, person: string]> = [
  ['Павлава', 'о typed as а', 'Павлова Наталья Игоревна'],
  ['Тестав', 'о typed as а', 'Тестов Иван Олегович'],
  ['юнав', 'о as а, the beginning only', 'Юнова Дарья Андреевна'],
  ['Саловьев', 'о as а, ё as е', 'Соловьёв Дмитрий Антонович'],
  ['Смернов', 'и typed as е', 'Смирнов Глеб Юрьевич'],
  ['Кузницова', 'е typed as и', 'Кузнецова Ксения Олеговна'],
  ['Грегорьева', 'и typed as е', 'Григорьева Алёна Денисовна'],
  ['Перевощеков', 'и typed as е', 'Перевощиков Артём Ильич'],
  ['Наговицин', 'ы typed as и', 'Наговицын Роман Глебович'],
  ['Королев', 'ё as е', 'Королёв Максим Олегович'],
  ['Васильв', 'a letter dropped', 'Васильев Михаил Борисович'],
  ['Королв', 'a letter dropped', 'Королёв Максим Олегович'],
  ['Сергев', 'a letter dropped', 'Сергеев Лев Антонович'],
  ['Корепаннов', 'a letter doubled', 'Корепанов Степан Борисович'],
  ['Тесстов', 'a letter doubled', 'Тестов Иван Олегович'],
  ['Смиирнов', 'a letter doubled', 'Смирнов Глеб Юрьевич'],
  ['Кузнецоова', 'a letter added', 'Кузнецова Ксения Олеговна'],
  ['Перевошиков', 'a letter changed', 'Перевощиков Артём Ильич'],
  ['Наталя', 'ь dropped', 'Павлова Наталья Игоревна'],
  ['Ксенья', 'и typed as ь', 'Кузнецова Ксения Олеговна'],
  ['Дмитрей', 'и typed as е', 'Соловьёв Дмитрий Антонович'],
  ['Миххаил', 'a letter doubled', 'Васильев Михаил Борисович'],
  ['Максм', 'a letter dropped', 'Королёв Максим Олегович'],
  ['Алена', 'ё as е', 'Григорьева Алёна Денисовна'],
  ['павлава наталя', 'two words, each with a slip', 'Павлова Наталья Игоревна'],
  ['Корсокова', 'о typed as а, a part of a double surname', 'Римская-Корсакова Вера Глебовна'],
  ['Римская-Карсакова', 'о typed as а, the whole double surname', 'Римская-Корсакова Вера Глебовна'],
];

/** Names near none of PEOPLE: nobody is found. */
const UNRELATED = ['Зайцев', 'Петров', 'Лебедева', 'Морозов', 'Сидоренко', 'Павлава Дарья'];

async function curatorWithPeople() {
  const { db } = t.database;
  await db
    .insertInto('mentees')
    .values(
      PEOPLE.map((name) => {
        const [last_name, first_name, middle_name] = name.split(' ') as [string, string, string];
        return { organization_id: t.world.a.school, last_name, first_name, middle_name, category: 'student' as const };
      }),
    )
    .execute();
  return signedIn(t.app, 'curator', PASSWORD);
}

/** The people of PEOPLE a search page lists. */
async function found(curator: Awaited<ReturnType<typeof curatorWithPeople>>, q: string): Promise<string[]> {
  const response = await curator.get(`/mentees?q=${encodeURIComponent(q)}`);
  expect(response.statusCode).toBe(200);
  const text = textOf(response.body);
  return PEOPLE.filter((name) => text.includes(name));
}

describe('the search of the bases forgives the usual typos in Russian names', () => {
  it('finds each person from the name typed with a slip (о/а, е/и, ё/е, ы/и, ь, a letter dropped, doubled, added or changed), and nobody else', async () => {
    const curator = await curatorWithPeople();
    const misses: string[] = [];
    for (const [typed, slip, person] of TYPOS) {
      const list = await found(curator, typed);
      if (list.length !== 1 || list[0] !== person) misses.push(`«${typed}» (${slip}): ${JSON.stringify(list)}, not «${person}»`);
    }
    expect(misses).toEqual([]);
  });

  it('finds nobody for names that are not there, however close in sound to «ов» and «ева»', async () => {
    const curator = await curatorWithPeople();
    for (const typed of UNRELATED) expect(await found(curator, typed), typed).toEqual([]);
  });

  it('shows exact matches alone when there are any, and finds people added or renamed after the first search', async () => {
    const curator = await curatorWithPeople();
    expect(await found(curator, 'Смирнов')).toEqual(['Смирнов Глеб Юрьевич']);
    expect(await found(curator, 'Зайцева')).toEqual([]);
    await t.database.db.updateTable('mentees').set({ last_name: 'Зайцева' }).where('last_name', '=', 'Юнова').execute();
    const text = textOf((await curator.get(`/mentees?q=${encodeURIComponent('Зайцива')}`)).body);
    expect(text).toContain('Зайцева Дарья Андреевна');
  });
});

describe("an erased person's name leaves the typo search's dictionary", () => {
  it('removes the words of the erased name that nobody else has, and keeps those others share', async () => {
    const curator = await curatorWithPeople();
    const { db } = t.database;
    const keyWords = async (name: string) =>
      (await sql<{ w: string[] }>`select people_search_words(people_search_key(${name})) as w`.execute(db)).rows[0]?.w ?? [];
    const erasedWords = await keyWords('Перевощиков Артём Ильич');
    const stored = async () =>
      (await db.selectFrom('people_name_words').select('word').where('word', 'in', erasedWords).execute())
        .map((r) => r.word)
        .sort();
    // «Ильич» is also the patronymic of another person of the base.
    await db
      .insertInto('mentees')
      .values({
        organization_id: t.world.a.school,
        last_name: 'Ильин',
        first_name: 'Пётр',
        middle_name: 'Ильич',
        category: 'student',
      })
      .execute();
    expect(await stored()).toEqual([...erasedWords].sort());
    const person = await db.selectFrom('mentees').select('id').where('last_name', '=', 'Перевощиков').executeTakeFirstOrThrow();
    const erased = await curator.post(`/mentees/${person.id}/erase`, {});
    expect(erased.statusCode).toBe(303);
    expect(await stored()).toEqual(await keyWords('Ильич'));
    // The erased person is found neither as typed nor with a slip.
    expect(await found(curator, 'Перевощиков')).toEqual([]);
    expect(textOf((await curator.get(`/mentees?q=${encodeURIComponent('Перевощеков')}`)).body)).not.toContain('Перевощиков');
  });
});
