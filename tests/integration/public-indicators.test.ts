import { describe, expect, it } from 'vitest';
import { Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';
import { todayIso } from '../../src/lib/dates.js';

/** Issue 19: the indicators' values the department publishes on the public pages. */

const t = useWorld();

const LAST_YEAR = Number(todayIso().slice(0, 4)) - 1;

function anonymous(): Client {
  return new Client(t.app);
}

async function addIndicator(
  code: string,
  name: string,
  unit: 'percent' | 'count',
  over: { is_public?: boolean; level?: 'municipality' | 'school' | 'both'; municipality_id?: number } = {},
): Promise<number> {
  const row = await t.database.db
    .insertInto('indicators')
    .values({
      municipality_id: t.world.a.id,
      code,
      name,
      unit,
      level: 'both',
      method: 'manual',
      direction: 'higher',
      position: Number(code.replace(/\D/g, '')) || 1,
      ...over,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addValue(
  indicatorId: number,
  organizationId: number,
  year: number,
  value: number,
  denominator: number | null,
  numerator = value,
) {
  await t.database.db
    .insertInto('indicator_results')
    .values({ indicator_id: indicatorId, organization_id: organizationId, year, numerator, denominator, value })
    .execute();
}

const page = async (path: string) => {
  const response = await anonymous().get(path);
  expect(response.statusCode).toBe(200);
  return textOf(response.body);
};

describe('the values on the public pages', () => {
  it('shows a public indicator’s value of the last complete year, never a non-public one', async () => {
    const shown = await addIndicator('П1', 'Число наставников-педагогов', 'count', { is_public: true });
    const hidden = await addIndicator('П2', 'Закрытый показатель наставничества', 'count');
    await addValue(shown, t.world.a.id, LAST_YEAR, 37, null);
    await addValue(shown, t.world.a.id, LAST_YEAR + 1, 99, null);
    await addValue(hidden, t.world.a.id, LAST_YEAR, 12, null);
    const text = await page('/p/okrug-a');
    expect(text).toContain('Показатели наставничества');
    expect(text).toContain(`Значения за ${LAST_YEAR} год`);
    expect(text).toContain('Число наставников-педагогов количество 37');
    expect(text).not.toContain('99');
    expect(text).not.toContain('Закрытый показатель');
  });

  it('shows a count below 5 as «менее 5», a share of fewer than 10 as too little data, no value as «нет данных»', async () => {
    const small = await addIndicator('П1', 'Малый счёт', 'count', { is_public: true });
    const share = await addIndicator('П2', 'Доля на малой базе', 'percent', { is_public: true });
    const wide = await addIndicator('П3', 'Доля на широкой базе', 'percent', { is_public: true });
    await addIndicator('П4', 'Показатель без значения', 'count', { is_public: true });
    await addValue(small, t.world.a.id, LAST_YEAR, 3, null);
    await addValue(share, t.world.a.id, LAST_YEAR, 37.5, 8);
    await addValue(wide, t.world.a.id, LAST_YEAR, 42.5, 40, 17);
    // Two pupils of forty: a wide base, but a share of so few people is not shown.
    const few = await addIndicator('П5', 'Доля немногих', 'percent', { is_public: true });
    await addValue(few, t.world.a.id, LAST_YEAR, 5, 40, 2);
    const text = await page('/p/okrug-a');
    expect(text).toContain('Малый счёт количество менее 5');
    expect(text).not.toMatch(/Малый счёт количество 3/);
    expect(text).toContain('Доля на малой базе доля, % недостаточно данных для показа');
    expect(text).not.toContain('37,5');
    expect(text).toContain('Доля на широкой базе доля, % 42,5 %');
    expect(text).toContain('Доля немногих доля, % недостаточно данных для показа');
    expect(text).toContain('Показатель без значения количество нет данных');
  });

  it('a school’s page shows the school’s own value of indicators counted for schools only', async () => {
    const both = await addIndicator('П1', 'Наставляемые школы', 'count', { is_public: true });
    const municipal = await addIndicator('П2', 'Предприятия-партнёры', 'count', { is_public: true, level: 'municipality' });
    await addValue(both, t.world.a.id, LAST_YEAR, 120, null);
    await addValue(both, t.world.a.school, LAST_YEAR, 17, null);
    await addValue(municipal, t.world.a.id, LAST_YEAR, 8, null);
    const text = await page('/p/okrug-a/shkola-a1');
    expect(text).toContain('Наставляемые школы количество 17');
    expect(text).not.toContain('120');
    expect(text).not.toContain('Предприятия-партнёры');
    expect(await page('/p/okrug-a')).toContain('Предприятия-партнёры количество 8');
  });

  it('never shows another municipality’s published indicator', async () => {
    const foreign = await addIndicator('П1', 'Показатель округа Б', 'count', { is_public: true, municipality_id: t.world.b.id });
    await addValue(foreign, t.world.b.id, LAST_YEAR, 50, null);
    expect(await page('/p/okrug-a')).not.toContain('Показатель округа Б');
    expect(await page('/p/okrug-b')).toContain('Показатель округа Б количество 50');
  });
});

describe('the department’s choice', () => {
  it('the department ticks an indicator public and unticks it, each change audited', async () => {
    const id = await addIndicator('П1', 'Число наставников-педагогов', 'count');
    const department = await signedIn(t.app, 'department', PASSWORD);
    expect((await department.get('/indicators')).body).toContain(
      'Показывать<span class="visually-hidden"> значения показателя П1',
    );
    // The stored value as the recount left it (opening the catalogue may have recounted).
    await addValue(id, t.world.a.id, LAST_YEAR, 37, null);
    expect((await department.post(`/indicators/${id}/public`, { public: 'on' })).statusCode).toBe(303);
    expect(await page('/p/okrug-a')).toContain('Число наставников-педагогов количество 37');
    // Ticking it again changes nothing and writes no second line.
    expect((await department.post(`/indicators/${id}/public`, { public: 'on' })).statusCode).toBe(303);
    expect((await department.post(`/indicators/${id}/public`, {})).statusCode).toBe(303);
    expect(await page('/p/okrug-a')).not.toContain('Число наставников-педагогов');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'changed_fields', 'entity_id'])
      .where('entity_type', '=', 'indicator')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'publish_public', changed_fields: ['is_public'], entity_id: String(id) },
      { action: 'unpublish_public', changed_fields: ['is_public'], entity_id: String(id) },
    ]);
  });

  it('refuses every other role, and another municipality’s department finds nothing', async () => {
    const id = await addIndicator('П1', 'Число наставников-педагогов', 'count');
    for (const login of ['coordinator', 'curator', 'school_head', 'admin', 'mentor']) {
      const user = await signedIn(t.app, login, PASSWORD);
      expect((await user.post(`/indicators/${id}/public`, { public: 'on' })).statusCode, login).toBe(403);
    }
    const foreign = await signedIn(t.app, 'department.b', PASSWORD);
    expect((await foreign.post(`/indicators/${id}/public`, { public: 'on' })).statusCode).toBe(404);
    expect((await signedIn(t.app, 'coordinator', PASSWORD).then((c) => c.get('/indicators'))).body).not.toContain('/public"');
    const row = await t.database.db.selectFrom('indicators').select('is_public').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.is_public).toBe(false);
  });

  it('refuses a malformed tick with a message naming the field', async () => {
    const id = await addIndicator('П1', 'Число наставников-педагогов', 'count');
    const department = await signedIn(t.app, 'department', PASSWORD);
    const response = await department.post(`/indicators/${id}/public`, { public: 'yes' });
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('Показывать на публичной странице');
  });
});
