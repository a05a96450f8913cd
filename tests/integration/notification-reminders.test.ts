import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database, MonitoringStatus } from '../../src/db/types.js';
import { runJobsOnce } from '../../src/cli/jobs.js';
import {
  remindCampaigns,
  remindFeedback,
  remindQuietPairs,
  remindRoadmapItems,
  runReminders,
} from '../../src/modules/notifications/reminders.js';
import { reviewProgramme } from '../../src/modules/programmes/service.js';
import { signedIn, testConfig, textOf } from '../helpers/app.js';
import { actorOfLogin, addCampaign, campaignInput } from '../helpers/monitoring.js';
import { updateCampaign } from '../../src/modules/monitoring/service.js';
import { addPair, daysAgo } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/**
 * The reminders and the remaining event notifications (issue 16), as a matrix: for each kind the
 * situation is built in a world with every role in school A1, the curator and head of A's other
 * school A2, municipality A's bodies and the same in municipality B; the producer runs at a fixed
 * moment, and the exact set of people told is compared ('login:kind'). A second run stores nothing
 * new; a deactivated curator of A1 and a curator moved from A1 to A2 are told nothing of A1.
 */

const t = useWorld();

/** 09:00 in Moscow on 10 March 2026: the municipality's day is 2026-03-10. */
const NOW = new Date('2026-03-10T06:00:00Z');
const TODAY = '2026-03-10';
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);
/** TODAY shifted by `days`. */
function day(days: number, from = TODAY): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Beside the world's accounts: a second curator of A1, a deactivated curator of A1, the curator and
 * head of A2, and a curator who worked in A1 and was moved to A2.
 */
async function morePeople(db: Kysely<Database>): Promise<void> {
  const add = (login: string, organizationId: number, role: 'curator' | 'school_head', active = true) =>
    db
      .insertInto('users')
      .values({ login, full_name: `Тестов ${login} Иванович`, organization_id: organizationId, role, is_active: active })
      .execute();
  await add('curator2', t.world.a.school, 'curator');
  await add('curator.inactive', t.world.a.school, 'curator', false);
  await add('curator.other', t.world.a.otherSchool, 'curator');
  await add('school_head.other', t.world.a.otherSchool, 'school_head');
  await add('curator.moved', t.world.a.school, 'curator');
  await db.updateTable('users').set({ organization_id: t.world.a.otherSchool }).where('login', '=', 'curator.moved').execute();
}

/** Who was told which kind after the notification `after` (or of these kinds), as 'login:kind', sorted. */
async function toldSince(after: number): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    .select(['users.login', 'notifications.kind'])
    .where('notifications.id', '>', after)
    .execute();
  return rows.map((r) => `${r.login}:${r.kind}`).sort();
}

async function lastId(): Promise<number> {
  const row = await t.database.db
    .selectFrom('notifications')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

async function told(act: () => Promise<unknown>): Promise<string[]> {
  const before = await lastId();
  await act();
  return toldSince(before);
}

/** A campaign straight in the tables (the launch's own checks are not this test's), with each school's status. */
async function campaign(
  municipalityId: number,
  dates: { opens: string; deadline: string },
  schools: Array<[number, MonitoringStatus, string?]>,
): Promise<number> {
  const db = t.database.db;
  const row = await db
    .insertInto('monitoring_campaigns')
    .values({
      municipality_id: municipalityId,
      title: 'Мониторинг 2025',
      level: 'municipal',
      period_kind: 'calendar_year',
      period_start: '2025-01-01',
      period_end: '2025-12-31',
      period_label: '2025 год',
      as_of: '2025-12-31',
      opens_on: dates.opens,
      deadline: dates.deadline,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('monitoring_submissions')
    .values(
      schools.map(([organization_id, status, override]) => ({
        campaign_id: row.id,
        organization_id,
        status,
        deadline_override: override ?? null,
      })),
    )
    .execute();
  return row.id;
}

describe('monitoring campaigns', () => {
  it('opened at launch: the curators and heads of every addressed school — nobody else, and not again by the job', async () => {
    await morePeople(t.database.db);
    let id = 0;
    expect(
      await told(async () => {
        id = await addCampaign(t.database.db, 'coordinator');
      }),
    ).toEqual([
      'curator.moved:monitoring_opened',
      'curator.other:monitoring_opened',
      'curator2:monitoring_opened',
      'curator:monitoring_opened',
      'school_head.other:monitoring_opened',
      'school_head:monitoring_opened',
    ]);
    const row = await t.database.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['notifications.title', 'notifications.body', 'notifications.link'])
      .where('users.login', '=', 'curator')
      .executeTakeFirstOrThrow();
    expect(row.title).toBe('Открыт мониторинг «Мониторинг наставничества»');
    expect(row.body).toMatch(/^Заполните отчёт \(Школа А1\) и отправьте его руководителю на утверждение до \d\d\.\d\d\.\d{4}\.$/);
    expect(row.link).toBe(`/monitoring/${id}/schools/${t.world.a.school}`);
    // The job finds the same campaign opened within the week: the same key, nothing new.
    expect((await told(() => remindCampaigns(t.database.db, new Date()))).filter((k) => k.endsWith('monitoring_opened'))).toEqual(
      [],
    );
  });

  it('opening later: nobody at launch; the job tells the schools on the opening day, once', async () => {
    await morePeople(t.database.db);
    expect(
      await told(() => addCampaign(t.database.db, 'coordinator', { opens_on: daysAgo(-3), deadline: daysAgo(-20) })),
    ).toEqual([]);
    expect(await told(() => remindCampaigns(t.database.db, new Date(Date.now() + 2 * DAY)))).toEqual([]);
    const opening = new Date(Date.now() + 3 * DAY);
    expect(await told(() => remindCampaigns(t.database.db, opening))).toEqual([
      'curator.moved:monitoring_opened',
      'curator.other:monitoring_opened',
      'curator2:monitoring_opened',
      'curator:monitoring_opened',
      'school_head.other:monitoring_opened',
      'school_head:monitoring_opened',
    ]);
    expect(await told(() => remindCampaigns(t.database.db, opening))).toEqual([]);
  });

  it('an opening day moved to today by an edit: the schools are told at once', async () => {
    await morePeople(t.database.db);
    const db = t.database.db;
    const id = await addCampaign(db, 'coordinator', { opens_on: daysAgo(-3), deadline: daysAgo(-20) });
    const coordinator = await actorOfLogin(db, 'coordinator');
    const edit = (opens: string) =>
      updateCampaign(db, coordinator, id, campaignInput({ opens_on: opens, deadline: daysAgo(-20) }));
    expect(await told(() => edit(daysAgo(-1)))).toEqual([]);
    expect(await told(() => edit(daysAgo(0)))).toEqual([
      'curator.moved:monitoring_opened',
      'curator.other:monitoring_opened',
      'curator2:monitoring_opened',
      'curator:monitoring_opened',
      'school_head.other:monitoring_opened',
      'school_head:monitoring_opened',
    ]);
  });

  it('due in 7 days, then in 1 day: whoever must act next; overdue: the late schools and one notice to the coordinator', async () => {
    await morePeople(t.database.db);
    const { a, b } = t.world;
    const deadline = day(5);
    await campaign(a.id, { opens: day(-20), deadline }, [
      [a.school, 'filling'],
      [a.otherSchool, 'sent'],
    ]);
    // Another municipality's campaign: its first school's report returned, its other school's approved.
    await campaign(b.id, { opens: day(-20), deadline }, [
      [b.school, 'returned'],
      [b.otherSchool, 'approved'],
    ]);

    expect(await told(() => remindCampaigns(t.database.db, NOW))).toEqual([
      'curator.b:monitoring_due',
      'curator2:monitoring_due',
      'curator:monitoring_due',
      'school_head.other:monitoring_due',
    ]);
    expect(await told(() => remindCampaigns(t.database.db, at(1)))).toEqual([]);
    expect(await told(() => remindCampaigns(t.database.db, at(4)))).toEqual([
      'curator.b:monitoring_due',
      'curator2:monitoring_due',
      'curator:monitoring_due',
      'school_head.other:monitoring_due',
    ]);
    expect(await told(() => remindCampaigns(t.database.db, at(5)))).toEqual([]);
    expect(await told(() => remindCampaigns(t.database.db, at(6)))).toEqual([
      'coordinator.b:monitoring_schools_late',
      'coordinator:monitoring_schools_late',
      'curator.b:monitoring_overdue',
      'curator.moved:monitoring_overdue',
      'curator.other:monitoring_overdue',
      'curator2:monitoring_overdue',
      'curator:monitoring_overdue',
      'school_head.b:monitoring_overdue',
      'school_head.other:monitoring_overdue',
      'school_head:monitoring_overdue',
    ]);
    expect(await told(() => remindCampaigns(t.database.db, at(7)))).toEqual([]);

    const texts = await t.database.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['users.login', 'notifications.kind', 'notifications.title', 'notifications.body'])
      .where('users.login', 'in', ['coordinator', 'school_head.other'])
      .orderBy('notifications.id')
      .execute();
    expect(texts.map((r) => [r.login, r.title, r.body])).toEqual([
      [
        'school_head.other',
        `Срок сдачи отчёта по мониторингу «Мониторинг 2025» — 15.03.2026`,
        'До срока осталось 5 дней. Отчёт отправлен куратором и ждёт вашего утверждения.',
      ],
      [
        'school_head.other',
        `Срок сдачи отчёта по мониторингу «Мониторинг 2025» — 15.03.2026`,
        'До срока остался 1 день. Отчёт отправлен куратором и ждёт вашего утверждения.',
      ],
      [
        'school_head.other',
        'Истёк срок сдачи отчёта по мониторингу «Мониторинг 2025»',
        'Срок был 15.03.2026, а отчёт (Школа А2) ещё не утверждён руководителем. Завершите его как можно скорее.',
      ],
      [
        'coordinator',
        '«Мониторинг 2025»: 2 школы не сдали отчёты в срок',
        'Срок сдачи был 15.03.2026. На странице мониторинга видно, чьи отчёты ещё не утверждены.',
      ],
    ]);
  });

  it("a school's extended deadline: its reminders follow the extension; approved reports tell nobody", async () => {
    await morePeople(t.database.db);
    const { a } = t.world;
    await campaign(a.id, { opens: day(-20), deadline: day(-1) }, [
      [a.school, 'returned', day(3)],
      [a.otherSchool, 'approved'],
    ]);
    expect(await told(() => remindCampaigns(t.database.db, NOW))).toEqual(['curator2:monitoring_due', 'curator:monitoring_due']);
    // The campaign's own deadline passed, but its only unfinished school has until its extension: no one is late.
    expect(await told(() => remindCampaigns(t.database.db, at(4)))).toEqual([
      'coordinator:monitoring_schools_late',
      'curator2:monitoring_overdue',
      'curator:monitoring_overdue',
      'school_head:monitoring_overdue',
    ]);
  });

  it("the municipality's own calendar: a deadline in Moscow is a day later in Kamchatka", async () => {
    await morePeople(t.database.db);
    const { a } = t.world;
    await t.database.db.updateTable('organizations').set({ time_zone: 'Asia/Kamchatka' }).where('id', '=', a.id).execute();
    await campaign(a.id, { opens: day(-20), deadline: day(0) }, [[a.school, 'filling']]);
    // 23:30 in Moscow on the deadline is 08:30 of the next day in Kamchatka (UTC+12): overdue there.
    const lateEvening = new Date(`${TODAY}T20:30:00Z`);
    expect(await told(() => remindCampaigns(t.database.db, lateEvening))).toEqual([
      'coordinator:monitoring_schools_late',
      'curator2:monitoring_overdue',
      'curator:monitoring_overdue',
      'school_head:monitoring_overdue',
    ]);
  });
});

describe('roadmap items', () => {
  /** The world's four roadmaps made current, their items due `dueIn` days from TODAY, with these responsible links. */
  async function dueItems(dueIn: number, links: string[]): Promise<void> {
    const db = t.database.db;
    await db.updateTable('roadmaps').set({ period_from: 2025, period_to: 2027 }).execute();
    await db
      .updateTable('roadmap_items')
      .set({ deadline: JSON.stringify({ kind: 'date', date: day(dueIn) }), responsible_links: links })
      .execute();
  }

  it('due in 7 days: the responsible people of each roadmap; overdue: again, once', async () => {
    await morePeople(t.database.db);
    await dueItems(6, ['method_center', 'schools']);
    // The school roadmaps' items: their curators and heads; the municipal ones: the coordinator and
    // (issue 17: addressed to the schools, no part done) every school's curators and head again,
    // under a key of their own — A2's too, with the curator moved there.
    const due = [
      'coordinator.b:roadmap_item_due',
      'coordinator:roadmap_item_due',
      'curator.b:roadmap_item_due',
      'curator.b:roadmap_item_due',
      'curator.moved:roadmap_item_due',
      'curator.other:roadmap_item_due',
      'curator2:roadmap_item_due',
      'curator2:roadmap_item_due',
      'curator:roadmap_item_due',
      'curator:roadmap_item_due',
      'school_head.b:roadmap_item_due',
      'school_head.b:roadmap_item_due',
      'school_head.other:roadmap_item_due',
      'school_head:roadmap_item_due',
      'school_head:roadmap_item_due',
    ];
    expect(await told(() => remindRoadmapItems(t.database.db, NOW))).toEqual(due);
    expect(await told(() => remindRoadmapItems(t.database.db, at(3)))).toEqual([]);
    expect(await told(() => remindRoadmapItems(t.database.db, at(7)))).toEqual(
      due.map((k) => k.replace('roadmap_item_due', 'roadmap_item_overdue')),
    );
    expect(await told(() => remindRoadmapItems(t.database.db, at(8)))).toEqual([]);
    const row = await t.database.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['notifications.title', 'notifications.body', 'notifications.link'])
      .where('users.login', '=', 'curator')
      .where('notifications.kind', '=', 'roadmap_item_overdue')
      .where('notifications.entity_id', '=', t.world.roadmaps.schoolA.item)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      title: 'Просрочено мероприятие 1.1 дорожной карты «Дорожная карта школы А1»',
      body: '«Разработка положения о наставничестве». Срок был 16.03.2026. Выполните мероприятие и отметьте это в дорожной карте.',
      link: `/roadmaps/${t.world.roadmaps.schoolA.id}#item-${t.world.roadmaps.schoolA.item}`,
    });
  });

  it('the department and the heads when named; nobody with an account named: the authors (curators, coordinator)', async () => {
    await morePeople(t.database.db);
    await dueItems(2, ['department', 'school_heads']);
    // The municipal items name the heads, so they are addressed to every school (issue 17): each
    // school's curators and head are reminded of their part too.
    expect(await told(() => remindRoadmapItems(t.database.db, NOW))).toEqual([
      'curator.b:roadmap_item_due',
      'curator.moved:roadmap_item_due',
      'curator.other:roadmap_item_due',
      'curator2:roadmap_item_due',
      'curator:roadmap_item_due',
      'department.b:roadmap_item_due',
      'department:roadmap_item_due',
      'school_head.b:roadmap_item_due',
      'school_head.b:roadmap_item_due',
      'school_head.other:roadmap_item_due',
      'school_head:roadmap_item_due',
      'school_head:roadmap_item_due',
    ]);
    await t.database.db.deleteFrom('notifications').execute();
    await dueItems(2, []);
    expect(await told(() => remindRoadmapItems(t.database.db, NOW))).toEqual([
      'coordinator.b:roadmap_item_due',
      'coordinator:roadmap_item_due',
      'curator.b:roadmap_item_due',
      'curator2:roadmap_item_due',
      'curator:roadmap_item_due',
    ]);
  });

  it('done, cancelled, far off or long overdue items, and templates, tell nobody', async () => {
    await morePeople(t.database.db);
    await dueItems(6, ['schools']);
    const { schoolA, schoolB, municipalA, municipalB } = t.world.roadmaps;
    await t.database.db.updateTable('roadmap_items').set({ status: 'done' }).where('id', '=', schoolA.item).execute();
    await t.database.db.updateTable('roadmap_items').set({ status: 'cancelled' }).where('id', '=', schoolB.item).execute();
    await t.database.db.updateTable('roadmaps').set({ kind: 'template' }).where('id', '=', municipalA.id).execute();
    await t.database.db
      .updateTable('roadmap_items')
      .set({ deadline: JSON.stringify({ kind: 'date', date: day(9) }) })
      .where('id', '=', municipalB.item)
      .execute();
    expect(await told(() => remindRoadmapItems(t.database.db, NOW))).toEqual([]);
    expect(await told(() => remindRoadmapItems(t.database.db, at(60)))).toEqual([]);
  });

  it('a recurring item: each yearly occurrence is told of on its own, a tracked one done tells nobody', async () => {
    await morePeople(t.database.db);
    const db = t.database.db;
    await dueItems(0, ['curators']);
    const recurring = { kind: 'recurring', occurrences: [{ type: 'by', month: 3, day: 15 }], fromYear: 2025, toYear: 2027 };
    const { schoolA } = t.world.roadmaps;
    await db
      .updateTable('roadmap_items')
      .set({ deadline: JSON.stringify({ kind: 'continuous', note: 'постоянно' }) })
      .execute();
    await db
      .updateTable('roadmap_items')
      .set({ deadline: JSON.stringify(recurring) })
      .where('id', '=', schoolA.item)
      .execute();
    expect(await told(() => remindRoadmapItems(db, NOW))).toEqual(['curator2:roadmap_item_due', 'curator:roadmap_item_due']);
    await db.insertInto('roadmap_occurrences').values({ item_id: schoolA.item, due_on: '2026-03-15', status: 'done' }).execute();
    expect(await told(() => remindRoadmapItems(db, at(6)))).toEqual([]);
    expect(await told(() => remindRoadmapItems(db, at(365)))).toEqual(['curator2:roadmap_item_due', 'curator:roadmap_item_due']);
  });
});

describe('a municipal item addressed to schools (issue 17)', () => {
  /** Only A's municipal item is due (the others have no date), with these links and deadline. */
  async function municipalDue(deadline: object, links: string[]): Promise<number> {
    const db = t.database.db;
    await db.updateTable('roadmaps').set({ period_from: 2025, period_to: 2027 }).execute();
    await db
      .updateTable('roadmap_items')
      .set({ deadline: JSON.stringify({ kind: 'continuous', note: 'постоянно' }) })
      .execute();
    const { municipalA } = t.world.roadmaps;
    await db
      .updateTable('roadmap_items')
      .set({ deadline: JSON.stringify(deadline), responsible_links: links })
      .where('id', '=', municipalA.item)
      .execute();
    return municipalA.item;
  }

  async function part(itemId: number, schoolId: number, status: 'done' | 'in_progress' | 'cancelled', due: string | null = null) {
    await t.database.db
      .insertInto('roadmap_school_parts')
      .values({ item_id: itemId, organization_id: schoolId, status, due_on: due })
      .execute();
  }

  const A2 = ['curator.moved:roadmap_item_due', 'curator.other:roadmap_item_due', 'school_head.other:roadmap_item_due'];

  it('the schools whose part is not done are reminded (curators and head), a school done is not; the coordinator keeps its own', async () => {
    await morePeople(t.database.db);
    const { a } = t.world;
    const item = await municipalDue({ kind: 'date', date: day(6) }, ['method_center', 'schools']);
    await part(item, a.school, 'done');
    expect(await told(() => remindRoadmapItems(t.database.db, NOW))).toEqual(['coordinator:roadmap_item_due', ...A2].sort());
    expect(await told(() => remindRoadmapItems(t.database.db, at(1)))).toEqual([]);
    // Overdue: the same people, once.
    expect(await told(() => remindRoadmapItems(t.database.db, at(7)))).toEqual(
      ['coordinator:roadmap_item_overdue', ...A2.map((k) => k.replace('_due', '_overdue'))].sort(),
    );
    expect(await told(() => remindRoadmapItems(t.database.db, at(8)))).toEqual([]);
    const row = await t.database.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['notifications.title', 'notifications.body', 'notifications.link'])
      .where('users.login', '=', 'curator.other')
      .where('notifications.kind', '=', 'roadmap_item_overdue')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      title: 'Просрочено мероприятие 1.1 дорожной карты «Дорожная карта округа А»',
      body: '«Разработка положения о наставничестве». Срок был 16.03.2026. Ваша школа ещё не отметила свою часть: выполните её и отметьте статус и подтверждение.',
      link: `/roadmaps/${t.world.roadmaps.municipalA.id}/items/${item}/schools`,
    });
    // The reminder opens the school's part for its curator (given the world's password).
    const { password_hash } = await t.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('login', '=', 'curator')
      .executeTakeFirstOrThrow();
    await t.database.db.updateTable('users').set({ password_hash }).where('login', '=', 'curator.other').execute();
    const curator = await signedIn(t.app, 'curator.other', PASSWORD);
    expect((await curator.get(row.link)).statusCode).toBe(200);
  });

  it('a part in progress is reminded, a cancelled one is not; an item addressed to chosen schools reminds only those', async () => {
    await morePeople(t.database.db);
    const db = t.database.db;
    const { a } = t.world;
    const item = await municipalDue({ kind: 'date', date: day(3) }, ['method_center', 'schools']);
    await part(item, a.school, 'in_progress');
    await part(item, a.otherSchool, 'cancelled');
    expect(await told(() => remindRoadmapItems(db, NOW))).toEqual([
      'coordinator:roadmap_item_due',
      'curator2:roadmap_item_due',
      'curator:roadmap_item_due',
      'school_head:roadmap_item_due',
    ]);
    // «Ответственные» name only the centre; the coordinator addressed the item to A2.
    await db.deleteFrom('notifications').execute();
    await db.deleteFrom('roadmap_school_parts').execute();
    await municipalDue({ kind: 'date', date: day(3) }, ['method_center']);
    expect(await told(() => remindRoadmapItems(db, NOW))).toEqual(['coordinator:roadmap_item_due']);
    await db.deleteFrom('notifications').execute();
    await db.insertInto('roadmap_item_addressees').values({ item_id: item, organization_id: a.otherSchool }).execute();
    expect(await told(() => remindRoadmapItems(db, NOW))).toEqual(['coordinator:roadmap_item_due', ...A2].sort());
  });

  it('a recurring item: each school is reminded by its part of that occurrence; an occurrence the coordinator closed reminds nobody', async () => {
    await morePeople(t.database.db);
    const db = t.database.db;
    const { a } = t.world;
    const recurring = { kind: 'recurring', occurrences: [{ type: 'by', month: 3, day: 15 }], fromYear: 2025, toYear: 2027 };
    const item = await municipalDue(recurring, ['schools']);
    // A1 did its part of March 2026; A2 only of March 2025.
    await part(item, a.school, 'done', '2026-03-15');
    await part(item, a.otherSchool, 'done', '2025-03-15');
    // «Ответственные» name no one with an account of the municipality: the coordinator, as the author.
    expect(await told(() => remindRoadmapItems(db, NOW))).toEqual(['coordinator:roadmap_item_due', ...A2].sort());
    const link = await db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select('notifications.link')
      .where('users.login', '=', 'school_head.other')
      .executeTakeFirstOrThrow();
    expect(link.link).toBe(`/roadmaps/${t.world.roadmaps.municipalA.id}/items/${item}/schools?due=2026-03-15`);
    // A year later: March 2027 is nobody's done part.
    expect(await told(() => remindRoadmapItems(db, at(365)))).toEqual(
      [
        'coordinator:roadmap_item_due',
        'curator2:roadmap_item_due',
        'curator:roadmap_item_due',
        'school_head:roadmap_item_due',
        ...A2,
      ].sort(),
    );
    // The coordinator closed the occurrence of March 2027 before it was overdue: nobody is told of it again.
    await db.insertInto('roadmap_occurrences').values({ item_id: item, due_on: '2027-03-15', status: 'done' }).execute();
    expect(await told(() => remindRoadmapItems(db, at(372)))).toEqual([]);
  });
});

describe('pairs without meetings', () => {
  it('21 days: the mentor with an account; 30 days: also the curators of its school; a new quiet spell tells again', async () => {
    await morePeople(t.database.db);
    const now = new Date();
    const quiet = await addPair(t.database.db, t.world, 'a', { meetings: [{ type: 'joint_work', daysAgo: 22 }] });
    await addPair(t.database.db, t.world, 'b', { meetings: [{ type: 'joint_work', daysAgo: 31 }] });
    expect(await told(() => remindQuietPairs(t.database.db, now))).toEqual([
      'curator.b:pair_quiet_curator',
      'mentor.b:pair_quiet_mentor',
      'mentor:pair_quiet_mentor',
    ]);
    expect(await told(() => remindQuietPairs(t.database.db, now))).toEqual([]);
    expect(await told(() => remindQuietPairs(t.database.db, new Date(now.getTime() + 8 * DAY)))).toEqual([
      'curator2:pair_quiet_curator',
      'curator:pair_quiet_curator',
    ]);
    const row = await t.database.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['notifications.title', 'notifications.body', 'notifications.link'])
      .where('users.login', '=', 'curator')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      title: 'В паре наставника Наставникова М. нет встреч 30 дней',
      body: `Программа «Программа наставничества A». Последняя встреча — ${daysAgo(22).split('-').reverse().join('.')}. Узнайте у наставника, что мешает работе пары.`,
      link: `/pairs/${quiet.id}`,
    });
    // A meeting today, then 21 quiet days again: a new spell, told again.
    await t.database.db
      .insertInto('meetings')
      .values({
        pair_id: quiet.id,
        type: 'joint_work',
        held_on: daysAgo(0),
        duration_minutes: 45,
        format: 'in_person',
        topic: 'Разбор урока',
      })
      .execute();
    expect(await told(() => remindQuietPairs(t.database.db, new Date(now.getTime() + 20 * DAY)))).toEqual([]);
    expect(await told(() => remindQuietPairs(t.database.db, new Date(now.getTime() + 21 * DAY)))).toEqual([
      'mentor:pair_quiet_mentor',
    ]);
  });

  it('a mentor without an account, a pair not active, a deactivated mentor: nobody', async () => {
    const db = t.database.db;
    await addPair(db, t.world, 'a', { linkAccounts: false, meetings: [{ type: 'joint_work', daysAgo: 25 }] });
    await addPair(db, t.world, 'b', { status: 'completed', meetings: [{ type: 'joint_work', daysAgo: 40 }] });
    expect(await told(() => remindQuietPairs(db, new Date()))).toEqual([]);
    await db.deleteFrom('pair_mentors').execute();
    await addPair(db, t.world, 'a', { meetings: [{ type: 'joint_work', daysAgo: 25 }] });
    await db.updateTable('users').set({ is_active: false }).where('login', '=', 'mentor').execute();
    expect(await told(() => remindQuietPairs(db, new Date()))).toEqual([]);
  });
});

describe("a mentee's feedback", () => {
  it('waits from the day after the meeting: the mentee with an account, once; given feedback tells nobody', async () => {
    await morePeople(t.database.db);
    const db = t.database.db;
    const now = new Date();
    const a = await addPair(db, t.world, 'a', {
      meetings: [
        { type: 'joint_work', daysAgo: 2 },
        { type: 'joint_work', daysAgo: 0 },
        { type: 'joint_work', daysAgo: 20 },
      ],
    });
    const b = await addPair(db, t.world, 'b', { meetings: [{ type: 'joint_work', daysAgo: 1 }] });
    await db
      .insertInto('meeting_feedback')
      .values({ meeting_id: b.meetings[0]!, mentee_id: b.teacherMenteeId, text: 'Полезно', via: 'account' })
      .execute();
    expect(await told(() => remindFeedback(db, now))).toEqual(['mentee:meeting_feedback_waiting']);
    expect(await told(() => remindFeedback(db, now))).toEqual([]);
    const row = await db
      .selectFrom('notifications')
      .select(['title', 'body', 'link'])
      .where('kind', '=', 'meeting_feedback_waiting')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      title: `Встреча ${daysAgo(2).split('-').reverse().join('.')} ждёт вашего отзыва`,
      body: 'Откройте страницу пары и расскажите, как прошла встреча: ваш отзыв поможет наставнику.',
      link: `/pairs/${a.id}#meeting-${a.meetings[0]}`,
    });
    // The next day, today's meeting waits too.
    expect(await told(() => remindFeedback(db, new Date(now.getTime() + DAY)))).toEqual(['mentee:meeting_feedback_waiting']);
  });
});

describe('programmes', () => {
  it('returned, then accepted into the bank: the curators of its school — not the coordinator who decided', async () => {
    await morePeople(t.database.db);
    const db = t.database.db;
    const coordinator = await actorOfLogin(db, 'coordinator');
    const id = t.world.programmes.a;
    await db
      .updateTable('programmes')
      .set({ bank_status: 'submitted', bank_submitted_at: new Date() })
      .where('id', '=', id)
      .execute();
    expect(await told(() => reviewProgramme(db, coordinator, id, 'return', 'Добавьте план мероприятий.'))).toEqual([
      'curator2:programme_returned',
      'curator:programme_returned',
    ]);
    await db.updateTable('programmes').set({ bank_status: 'submitted' }).where('id', '=', id).execute();
    expect(await told(() => reviewProgramme(db, coordinator, id, 'accept', null))).toEqual([
      'curator2:programme_accepted',
      'curator:programme_accepted',
    ]);
    const rows = await db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['notifications.title', 'notifications.body'])
      .where('users.login', '=', 'curator')
      .orderBy('notifications.id')
      .execute();
    expect(rows).toEqual([
      {
        title: 'Программа «Программа школы А1» возвращена на доработку',
        body: 'Комментарий методического центра: Добавьте план мероприятий.',
      },
      {
        title: 'Программа «Программа школы А1» принята в банк эффективных программ',
        body: 'Теперь её видят и могут взять за основу другие школы муниципалитета.',
      },
    ]);
  });
});

describe('the reminders job', () => {
  it('runs every kind through npm run jobs -- --once, and a second run stores nothing new', async () => {
    await morePeople(t.database.db);
    const db = t.database.db;
    await addPair(db, t.world, 'a', { meetings: [{ type: 'joint_work', daysAgo: 2 }] });
    await campaign(t.world.a.id, { opens: daysAgo(20), deadline: daysAgo(-3) }, [[t.world.a.school, 'filling']]);
    const config = testConfig().jobs;
    const now = new Date();
    const first = await runJobsOnce(db, config, { now });
    expect(first.find((o) => o.name === 'reminders')).toMatchObject({
      status: 'succeeded',
      result: { campaigns: 2, roadmapItems: 0, quietPairs: 0, feedback: 1 },
    });
    expect(await toldSince(0)).toEqual(['curator2:monitoring_due', 'curator:monitoring_due', 'mentee:meeting_feedback_waiting']);
    expect(await runReminders(db, now)).toEqual({ campaigns: 0, roadmapItems: 0, quietPairs: 0, feedback: 0 });
  });

  it('the list shows the new kinds in its filter, and a reminder opens the page where one acts', async () => {
    await morePeople(t.database.db);
    await addPair(t.database.db, t.world, 'a', { meetings: [{ type: 'joint_work', daysAgo: 23 }] });
    await remindQuietPairs(t.database.db, new Date());
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    const page = await mentor.get('/notifications');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('В вашей паре нет встреч 23 дня');
    expect(text).toContain('Пара: давно нет встреч');
  });
});
