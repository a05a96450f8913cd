import { describe, expect, it } from 'vitest';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { addPair } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/**
 * «Кого касается» of the document form (issue 17): a school of up to 50 people and pairs chooses
 * from a select of them all; a bigger one searches (a submit button «Найти», no JavaScript) and
 * chooses among those found and the one already chosen; the form keeps what was typed; the value
 * sent is still checked to be of the school.
 */

const t = useWorld();

const as = (login: string): Promise<Client> => signedIn(t.app, login, PASSWORD);

/** School A1 grows to 60 mentees («Ученикова 1» … «Ученикова 60»). */
async function bigSchool(): Promise<void> {
  await t.database.db
    .insertInto('mentees')
    .values(
      Array.from({ length: 60 }, (_, i) => ({
        organization_id: t.world.a.school,
        last_name: 'Ученикова',
        first_name: `Анна${i + 1}`,
        category: 'new_teacher' as const,
      })),
    )
    .execute();
}

const optionOf = (body: string, value: string) => body.includes(`<option value="${value}"`);

describe('«Кого касается» of the document form', () => {
  it('a small school chooses from a select of every person and pair, with no search', async () => {
    const curator = await as('curator');
    const form = await curator.get('/documents/new');
    expect(form.statusCode).toBe(200);
    expect(optionOf(form.body, `mentee:${t.world.people.menteeA}`)).toBe(true);
    expect(optionOf(form.body, `mentor:${t.world.people.mentorA}`)).toBe(true);
    expect(form.body).not.toContain('name="concerns_q"');
  });

  it('a big school searches: the form comes back with the people found and what was typed, nothing saved', async () => {
    await bigSchool();
    const curator = await as('curator');
    const form = await curator.get('/documents/new');
    expect(form.body).toContain('name="concerns_q"');
    expect(optionOf(form.body, `mentee:${t.world.people.menteeA}`)).toBe(false);
    expect(form.body).not.toContain('Ученикова');

    const found = await curator.post('/documents', {
      type: 'consent',
      number: '7',
      title: 'Согласие подопечного',
      status: 'active',
      concerns_q: 'подопечн',
      find: '1',
    });
    expect(found.statusCode).toBe(200);
    expect(optionOf(found.body, `mentee:${t.world.people.menteeA}`)).toBe(true);
    expect(found.body).not.toContain('Ученикова');
    expect(found.body).toContain('value="Согласие подопечного"');
    expect(found.body).toContain('value="подопечн"');
    expect(textOf(found.body)).toContain('Найдено: 1 вариант — выберите в списке ниже.');
    expect(await t.database.db.selectFrom('school_documents').select('id').execute()).toEqual([]);

    const many = textOf(
      (await curator.post('/documents', { type: 'consent', status: 'active', concerns_q: 'ученикова', find: '1' })).body,
    );
    expect(many).toContain('Найдено: 20 вариантов');
    expect(many).toContain('Показаны первые; уточните запрос');
    const none = textOf(
      (await curator.post('/documents', { type: 'consent', status: 'active', concerns_q: 'Нетакого', find: '1' })).body,
    );
    expect(none).toContain('По запросу «Нетакого» никого не найдено.');

    const saved = await curator.post('/documents', {
      type: 'consent',
      status: 'active',
      document_date: '2026-09-01',
      concerns: `mentee:${t.world.people.menteeA}`,
    });
    expect(saved.statusCode, textOf(saved.body).slice(0, 400)).toBe(303);
    const id = Number(/\/documents\/(\d+)$/.exec(String(saved.headers.location))?.[1]);
    const row = await t.database.db
      .selectFrom('school_documents')
      .select('mentee_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.mentee_id).toBe(t.world.people.menteeA);

    // The edit form lists the one chosen without a search.
    const edit = await curator.get(`/documents/${id}/edit`);
    expect(optionOf(edit.body, `mentee:${t.world.people.menteeA}`)).toBe(true);
    expect(edit.body).not.toContain('Ученикова');
  });

  it('finds a pair by its number; a person of another school is refused whatever the form sent', async () => {
    await bigSchool();
    const pair = await addPair(t.database.db, t.world, 'a', { status: 'forming' });
    const curator = await as('curator');
    const found = await curator.post('/documents', { type: 'other', status: 'draft', concerns_q: `№ ${pair.id}`, find: '1' });
    expect(optionOf(found.body, `pair:${pair.id}`)).toBe(true);
    expect(optionOf(found.body, `mentee:${t.world.people.menteeA}`)).toBe(false);
    const foreign = await curator.post('/documents', {
      type: 'consent',
      status: 'active',
      document_date: '2026-09-01',
      concerns: `mentee:${t.world.people.menteeB}`,
    });
    expect(foreign.statusCode).toBe(400);
    expect(textOf(foreign.body)).toContain('Кого касается: выберите наставника, наставляемого или пару своей школы из списка');
  });
});
