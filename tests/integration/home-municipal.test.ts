import { describe, expect, it } from 'vitest';
import { todayIso } from '../../src/lib/dates.js';
import { installCatalogue } from '../../src/modules/indicators/install.js';
import { signedIn, textOf } from '../helpers/app.js';
import { addPair } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/**
 * The department's and the coordinator's home (issue 14): it leads with what they act on — the
 * indicators against this year's targets, the overdue roadmap items counted per roadmap, the pairs
 * without meetings per school — and leaves the account counts to the administration pages.
 */

const t = useWorld();
const year = Number(todayIso().slice(0, 4));

async function addOverdueItems(roadmapId: number, count: number, dueOn: string) {
  for (let n = 0; n < count; n++) {
    await t.database.db
      .insertInto('roadmap_items')
      .values({
        roadmap_id: roadmapId,
        kind: 'item',
        number: `2.${n + 1}`,
        position: 10 + n,
        activity: `Просроченное мероприятие ${n + 1}`,
        deadline_text: `до ${dueOn}`,
        deadline: JSON.stringify({ kind: 'date', date: dueOn }),
      })
      .execute();
  }
}

describe('the municipal home', () => {
  for (const login of ['department', 'coordinator']) {
    it(`${login}: the indicators against this year's targets lead, linking to the dashboard; no account counts`, async () => {
      const codes = await installCatalogue(t.database.db, t.world.a.id, [t.world.a.school]);
      await t.database.db
        .insertInto('indicator_targets')
        .values({ indicator_id: codes.get('М1') as number, organization_id: t.world.a.id, year, value: 70, wording: '70' })
        .onConflict((oc) => oc.columns(['indicator_id', 'organization_id', 'year']).doUpdateSet({ value: 70, wording: '70' }))
        .execute();
      const client = await signedIn(t.app, login, PASSWORD);
      const home = await client.get('/');
      expect(home.statusCode).toBe(200);
      const text = textOf(home.body);
      // The first section after the greeting is the indicators'.
      expect(text.indexOf(`Показатели ${year} года против целей`)).toBeGreaterThan(-1);
      expect(text.indexOf(`Показатели ${year} года против целей`)).toBeLessThan(text.indexOf('Просроченные мероприятия'));
      expect(home.body).toContain(`href="/dashboard?year=${year}"`);
      // No contingent: «нет данных» against the target, never 0 %.
      expect(text).toMatch(/М1 Доля детей в возрасте от 10 до 19 лет[\s\S]*?нет данных\s+70 %\s+— нет данных/);
      expect(text).not.toContain('Учётные записи по ролям');
      expect(text).not.toContain('активных учётных записей');
    });
  }

  it('the accounts by role are on the users page', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const users = await coordinator.get('/users');
    expect(textOf(users.body)).toMatch(/Куратор ОО\s*:\s*1\s+Наставник\s*:\s*1/);
    expect(users.body).toContain('href="/users?role=curator"');
  });

  it('the administrator keeps the accounts by role on its home', async () => {
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    const text = textOf((await admin.get('/')).body);
    expect(text).toContain('Учётные записи по ролям');
    expect(text).not.toContain('против целей');
  });

  it('counts the overdue items per roadmap, the most first, with a link to them; another municipality’s stay out', async () => {
    // The world's four roadmaps each have one item overdue since 30.08.2022; the school's gets three more.
    await addOverdueItems(t.world.roadmaps.schoolA.id, 3, '2021-05-20');
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const home = await coordinator.get('/');
    const text = textOf(home.body);
    expect(text).toContain('Всего 5 мероприятий в 2 дорожных картах.');
    expect(text).toMatch(/Школа А1, 2022–2024 гг\.\s+4 — открыть просроченные мероприятия\s+20\.05\.2021/);
    expect(text).toMatch(/Муниципальная дорожная карта, 2022–2024 гг\.\s+1 — открыть просроченные мероприятия\s+30\.08\.2022/);
    expect(text.indexOf('Школа А1, 2022')).toBeLessThan(text.indexOf('Муниципальная дорожная карта, 2022'));
    expect(home.body).toContain(`href="/roadmaps/${t.world.roadmaps.schoolA.id}?status=overdue"`);
    expect(home.body).not.toContain(`href="/roadmaps/${t.world.roadmaps.schoolB.id}`);
    // Overdue items are counted, not listed one by one.
    expect(text).not.toContain('Просроченное мероприятие 1');

    // Done, they leave the count.
    await t.database.db.updateTable('roadmap_items').set({ status: 'done', completed_on: '2022-08-29' }).execute();
    expect(textOf((await coordinator.get('/')).body)).toContain('Просроченных мероприятий нет.');
  });

  it('counts the active pairs without meetings for 30 days per school, linking to the list', async () => {
    const department = await signedIn(t.app, 'department', PASSWORD);
    expect(textOf((await department.get('/')).body)).toContain('У всех действующих пар были встречи за последние 30 дней.');
    await addPair(t.database.db, t.world, 'a');
    await addPair(t.database.db, t.world, 'a', { linkAccounts: false, meetings: [{ type: 'introduction', daysAgo: 5 }] });
    await addPair(t.database.db, t.world, 'b');
    const home = await department.get('/');
    const text = textOf(home.body);
    expect(text).toContain('Всего 1 пара в 1 школе.');
    expect(text).toMatch(/Школа А1\s+1 — открыть список пар\s+2/);
    expect(home.body).toContain(`href="/pairs?school=${t.world.a.school}&amp;status=active&amp;stale=on"`);
    expect(text).not.toContain('Школа Б1');
  });

  it('lists the ten roadmaps with the most overdue items and links to the rest', async () => {
    const { db } = t.database;
    const a = t.world.a;
    for (let n = 1; n <= 11; n++) {
      const school = await db
        .insertInto('organizations')
        .values({
          type: 'school',
          school_kind: 'general',
          full_name: `Средняя школа № ${100 + n}`,
          short_name: `СШ № ${100 + n}`,
          parent_id: a.id,
          municipality_id: a.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const roadmap = await db
        .insertInto('roadmaps')
        .values({ organization_id: school.id, title: 'Дорожная карта', period_from: 2022, period_to: 2024 })
        .returning('id')
        .executeTakeFirstOrThrow();
      // School n has n overdue items: the eleventh has the most, the first the fewest.
      await addOverdueItems(roadmap.id, n, '2021-05-20');
    }
    const text = textOf((await (await signedIn(t.app, 'coordinator', PASSWORD)).get('/')).body);
    expect(text).toContain('СШ № 111, 2022–2024 гг.');
    expect(text).toContain('СШ № 102, 2022–2024 гг.');
    expect(text).not.toContain('СШ № 101, 2022–2024 гг.');
    // The municipality's plan and school A1's (one overdue item each) are among the rest.
    expect(text).toContain(
      'Показаны 10 дорожных карт с наибольшим числом просрочек; ещё 3 дорожные карты — в перечне дорожных карт',
    );
  });
});
