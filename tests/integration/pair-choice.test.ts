import { describe, expect, it } from 'vitest';
import { signedIn, textOf } from '../helpers/app.js';
import { insertManyMentees } from '../helpers/many-mentees.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/**
 * Choosing mentees for a pair in a school with thousands of them: a search by name, filters,
 * a page of the found ones, the chosen ones apart and kept through every search and page.
 */
const t = useWorld();

/** The mentees found on a page (the checkboxes of the list, not the chosen ones). */
function foundIds(html: string): number[] {
  const list = html.includes('data-mentee-results') ? html.slice(html.indexOf('data-mentee-results')) : html;
  return [...list.matchAll(/type="checkbox" id="mentee-\d+" name="mentee_ids" value="(\d+)">/g)].map((m) => Number(m[1]));
}

/** The chosen mentees: the checked boxes. */
function chosenIds(html: string): number[] {
  return [...html.matchAll(/name="mentee_ids" value="(\d+)" checked>/g)].map((m) => Number(m[1]));
}

async function idOf(lastName: string): Promise<number> {
  const row = await t.database.db.selectFrom('mentees').select('id').where('last_name', '=', lastName).executeTakeFirstOrThrow();
  return row.id;
}

describe('choosing mentees for a pair among 5 000', () => {
  it('shows a page of them, searches, filters, and keeps the chosen ones apart; the page stays small', async () => {
    await insertManyMentees(t.database.db, t.world.a.school, 5000);
    const client = await signedIn(t.app, 'curator', PASSWORD);

    let page = await client.get('/pairs/new');
    expect(page.statusCode).toBe(200);
    expect(Buffer.byteLength(page.body)).toBeLessThan(100 * 1024);
    expect(foundIds(page.body)).toHaveLength(20);
    expect(textOf(page.body)).toContain('Найдено: 5 001, показаны 1–20');
    expect(textOf(page.body)).toContain('Страница 1 из 251');

    // The search by name: a part of the surname, «ё» typed as «е».
    page = await client.get(`/pairs/new?q=${encodeURIComponent('федоров-1239')}`);
    const fedorov = await idOf('Фёдоров-1239');
    expect(foundIds(page.body)).toContain(fedorov);
    expect(textOf(page.body)).toContain('Фёдоров-1239');
    // A typo finds the look-alikes, and says so.
    page = await client.get(`/pairs/new?q=${encodeURIComponent('Подопечный')}`);
    expect(foundIds(page.body)).toContain(t.world.people.menteeA);
    page = await client.get(`/pairs/new?q=${encodeURIComponent('Подопечнный')}`);
    expect(foundIds(page.body)).toContain(t.world.people.menteeA);
    expect(textOf(page.body)).toContain('точных совпадений нет');
    // The bases' typo rule (migration 0012): a vowel written as heard, as in «Подопечнай».
    page = await client.get(`/pairs/new?q=${encodeURIComponent('Подапечный')}`);
    expect(foundIds(page.body)).toContain(t.world.people.menteeA);
    page = await client.get(`/pairs/new?q=${encodeURIComponent('Щщщщщщ')}`);
    expect(textOf(page.body)).toContain('Никого не найдено');

    // Filters: category, class, «без пары».
    page = await client.get('/pairs/new?category=new_teacher');
    expect(foundIds(page.body)).toEqual([t.world.people.menteeA]);
    page = await client.get(`/pairs/new?class_name=${encodeURIComponent('7В')}`);
    const classes = await t.database.db
      .selectFrom('mentees')
      .select('id')
      .where('class_name', '=', '7В')
      .where('organization_id', '=', t.world.a.school)
      .execute();
    expect(textOf(page.body)).toContain(`Найдено: ${classes.length}`);
    expect(textOf(page.body)).toContain('7В класс');
    expect(textOf(page.body)).not.toContain('5А класс');

    // Chosen: shown checked apart, left out of the list, kept through a search and a page.
    const ivanov = await idOf('Иванов-0');
    page = await client.get(`/pairs/new?mentee_ids=${fedorov}&mentee_ids=${ivanov}&q=${encodeURIComponent('иванов')}&page=3`);
    expect(new Set(chosenIds(page.body))).toEqual(new Set([fedorov, ivanov]));
    expect(foundIds(page.body)).not.toContain(ivanov);
    expect(textOf(page.body)).toContain('Страница 3 из');
    // The page buttons are inside the same GET form as the chosen ones: they carry them.
    expect(page.body).toMatch(
      /<form method="get" action="\/pairs\/new"[^>]*data-mentee-picker[\s\S]*name="mentee_ids" value="\d+" checked[\s\S]*name="page" value="4"[\s\S]*<\/form>/,
    );
    expect(Buffer.byteLength(page.body)).toBeLessThan(100 * 1024);
  });

  it('filters by a request and by «без пары»', async () => {
    const client = await signedIn(t.app, 'curator', PASSWORD);
    const request = await t.database.db
      .insertInto('tags')
      .values({ municipality_id: t.world.a.id, kind: 'request', name: 'адаптация в коллективе' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const other = await t.database.db
      .insertInto('mentees')
      .values({ organization_id: t.world.a.school, last_name: 'Запросова', first_name: 'Ольга', category: 'new_teacher' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db.insertInto('mentee_tags').values({ mentee_id: other.id, tag_id: request.id }).execute();
    let page = await client.get('/pairs/new');
    expect(textOf(page.body)).toContain('адаптация в коллективе');
    page = await client.get(`/pairs/new?request=${request.id}`);
    expect(foundIds(page.body)).toEqual([other.id]);

    // menteeA in a forming pair: marked in the list, and gone with «без пары».
    const pair = await t.database.db
      .insertInto('pairs')
      .values({
        organization_id: t.world.a.school,
        programme_id: t.world.programmes.a,
        form: 'teacher_teacher',
        kind: 'traditional',
        planned_start: '2026-09-01',
        planned_end: '2027-05-31',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.database.db.insertInto('pair_mentees').values({ pair_id: pair.id, mentee_id: t.world.people.menteeA }).execute();
    page = await client.get('/pairs/new');
    expect(textOf(page.body)).toContain(`уже в паре № ${pair.id}`);
    page = await client.get('/pairs/new?unpaired=on');
    expect(foundIds(page.body)).toEqual([other.id]);
  });

  it('answers the page’s script with the list alone', async () => {
    const client = await signedIn(t.app, 'curator', PASSWORD);
    const page = await client.get(
      `/pairs/new?fragment=mentees&q=${encodeURIComponent('подопеч')}&mentee_ids=${t.world.people.mentorA + 100000}`,
    );
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<html');
    expect(page.body).not.toContain('Подобрать наставников');
    expect(foundIds(page.body)).toEqual([t.world.people.menteeA]);
  });

  it('never lists another school’s mentees, nor takes them as chosen', async () => {
    const client = await signedIn(t.app, 'curator', PASSWORD);
    const page = await client.get(`/pairs/new?mentee_ids=${t.world.people.menteeB}`);
    expect(chosenIds(page.body)).toEqual([]);
    expect(foundIds(page.body)).not.toContain(t.world.people.menteeB);
  });
});

describe('the form of step 1 carries into step 2', () => {
  const selectedForm = (html: string) => {
    const step2 = html.slice(html.indexOf('<form method="post" action="/pairs"'));
    return /<select id="field-form" name="form"[\s\S]*?<option value="([a-z_]+)" selected>/.exec(step2)?.[1];
  };

  it('the form chosen in step 1 is chosen in step 2', async () => {
    const client = await signedIn(t.app, 'curator', PASSWORD);
    const page = await client.get(
      `/pairs/new?programme_id=${t.world.programmes.a}&form=head_teacher&mentee_ids=${t.world.people.menteeA}`,
    );
    expect(selectedForm(page.body)).toBe('head_teacher');
    // One control per id: the form of step 1 has an id of its own.
    expect(page.body.match(/id="field-form"/g)).toHaveLength(1);
  });

  it('without a form in step 1, the chosen programme’s form is chosen', async () => {
    const client = await signedIn(t.app, 'curator', PASSWORD);
    const programme = await t.database.db
      .selectFrom('programmes')
      .select('form')
      .where('id', '=', t.world.programmes.a)
      .executeTakeFirstOrThrow();
    const page = await client.get(`/pairs/new?programme_id=${t.world.programmes.a}&mentee_ids=${t.world.people.menteeA}`);
    expect(selectedForm(page.body)).toBe(programme.form);
  });
});
