import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { CurrentUser } from '../../src/auth/sessions.js';
import { todayIso } from '../../src/lib/dates.js';
import { erasePerson } from '../../src/modules/people/service.js';
import { listPairs, pairCounts, pairsBySchool, staleSince } from '../../src/modules/pairs/queries.js';
import { signedIn } from '../helpers/app.js';
import { addPair, daysAgo } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

// A pair's meeting count and last meeting are kept on the pair by a trigger on meetings (migration
// 0009); the lists, the per-school overview and the home pages read them. These tests hold them to
// what counting the meetings gives, through every way a meeting changes.

const t = useWorld();

function coordinatorA(): CurrentUser {
  const w = t.world;
  return {
    id: w.users.coordinator!,
    login: 'coordinator',
    fullName: 'Координатор',
    position: null,
    role: 'coordinator',
    organizationId: w.a.center,
    organizationName: 'ИМЦ А',
    organizationType: 'method_center',
    municipalityId: w.a.id,
  };
}

function curatorA(): CurrentUser {
  const w = t.world;
  return {
    id: w.users.curator!,
    login: 'curator',
    fullName: 'Куратор',
    position: null,
    role: 'curator',
    organizationId: w.a.school,
    organizationName: 'Школа А1',
    organizationType: 'school',
    municipalityId: w.a.id,
  };
}

/** What the pair keeps, and what counting its meetings gives. */
async function figures(pairId: number) {
  const kept = await t.database.db
    .selectFrom('pairs')
    .select(['meeting_count', 'last_meeting_on'])
    .where('id', '=', pairId)
    .executeTakeFirstOrThrow();
  const { rows } = await sql<{
    n: number;
    last: string | null;
  }>`select count(*)::int as n, max(held_on) as last from meetings where pair_id = ${pairId}`.execute(t.database.db);
  return { kept: { count: kept.meeting_count, last: kept.last_meeting_on }, counted: { count: rows[0]!.n, last: rows[0]!.last } };
}

async function expectExact(pairId: number, count: number, last: string | null) {
  const { kept, counted } = await figures(pairId);
  expect(counted).toEqual({ count, last });
  expect(kept).toEqual(counted);
}

const jointWork = (heldOn: string) => ({
  type: 'joint_work',
  held_on: heldOn,
  duration_minutes: '45',
  format: 'in_person',
  topic: 'Разбор урока',
  summary: 'Разобрали урок',
  mentor_feedback: 'Хорошо',
});

describe('the meeting figures kept on a pair', () => {
  it('follow a meeting logged, moved to another date, moved to another pair and deleted', async () => {
    const db = t.database.db;
    const pair = await addPair(db, t.world, 'a', {
      meetings: [
        { type: 'introduction', daysAgo: 20 },
        { type: 'planning', daysAgo: 10 },
      ],
    });
    await expectExact(pair.id, 2, daysAgo(10));

    // Logged and corrected through the portal, as the mentor does.
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    await mentor.get(`/pairs/${pair.id}/meetings/new`);
    const logged = await mentor.post(`/pairs/${pair.id}/meetings/new`, jointWork(daysAgo(1)));
    expect(logged.statusCode).toBe(303);
    await expectExact(pair.id, 3, daysAgo(1));
    const meetingId = Number(/#meeting-(\d+)$/.exec(String(logged.headers.location))![1]);
    await mentor.get(`/pairs/${pair.id}/meetings/${meetingId}/edit`);
    expect((await mentor.post(`/pairs/${pair.id}/meetings/${meetingId}/edit`, jointWork(daysAgo(15)))).statusCode).toBe(303);
    await expectExact(pair.id, 3, daysAgo(10));
    // A correction that keeps the date changes nothing of the figures.
    await db.updateTable('meetings').set({ topic: 'Другая тема' }).where('id', '=', meetingId).execute();
    await expectExact(pair.id, 3, daysAgo(10));

    // Moved to a later date, moved to another pair, deleted.
    await db
      .updateTable('meetings')
      .set({ held_on: daysAgo(5) })
      .where('id', '=', pair.meetings[0]!)
      .execute();
    await expectExact(pair.id, 3, daysAgo(5));
    const other = await addPair(db, t.world, 'a', {
      studentLastName: 'Другая',
      meetings: [{ type: 'introduction', daysAgo: 30 }],
    });
    await db.updateTable('meetings').set({ pair_id: other.id }).where('id', '=', pair.meetings[0]!).execute();
    await expectExact(pair.id, 2, daysAgo(10));
    await expectExact(other.id, 2, daysAgo(5));
    await db.deleteFrom('meetings').where('id', '=', pair.meetings[1]!).execute();
    await expectExact(pair.id, 1, daysAgo(15));
    await db.deleteFrom('meetings').where('pair_id', '=', pair.id).execute();
    await expectExact(pair.id, 0, null);
    await expectExact(other.id, 2, daysAgo(5));
  });

  it('two meetings logged at once for the same pair both count', async () => {
    const db = t.database.db;
    const pair = await addPair(db, t.world, 'a', { meetings: [{ type: 'introduction', daysAgo: 20 }] });
    const insert = (daysBack: number) =>
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('meetings')
          .values({
            pair_id: pair.id,
            type: 'joint_work',
            held_on: daysAgo(daysBack),
            duration_minutes: 45,
            format: 'in_person',
            topic: 'Встреча',
            mentor_feedback: 'Хорошо',
          })
          .execute();
        // Hold the transaction open a little, so that on a server the two overlap.
        await sql`select pg_sleep(0.05)`.execute(trx);
      });
    await Promise.all([insert(3), insert(2), insert(7)]);
    await expectExact(pair.id, 4, daysAgo(2));
  });

  it('a deleted pair takes its meetings; erasing a participant keeps the figures', async () => {
    const db = t.database.db;
    const gone = await addPair(db, t.world, 'a', {
      meetings: [
        { type: 'introduction', daysAgo: 9 },
        { type: 'planning', daysAgo: 4 },
      ],
    });
    const kept = await addPair(db, t.world, 'a', { studentLastName: 'Вторая', meetings: [{ type: 'introduction', daysAgo: 8 }] });
    await db.deleteFrom('pairs').where('id', '=', gone.id).execute();
    expect(await db.selectFrom('meetings').select('id').where('pair_id', '=', gone.id).execute()).toEqual([]);
    await expectExact(kept.id, 1, daysAgo(8));

    await db
      .updateTable('pairs')
      .set({ status: 'completed', completed_on: daysAgo(1) })
      .where('id', '=', kept.id)
      .execute();
    await erasePerson(db, { user: curatorA(), ip: '127.0.0.1' }, 'mentees', kept.studentId);
    await expectExact(kept.id, 1, daysAgo(8));
  });

  it('a meeting marks the municipality stale once; an edit of the pair itself still does', async () => {
    const db = t.database.db;
    const pair = await addPair(db, t.world, 'a', { meetings: [{ type: 'introduction', daysAgo: 9 }] });
    const version = async () =>
      Number(
        (
          await db
            .selectFrom('indicator_freshness')
            .select('version')
            .where('municipality_id', '=', t.world.a.id)
            .executeTakeFirstOrThrow()
        ).version,
      );
    const before = await version();
    await db
      .insertInto('meetings')
      .values({
        pair_id: pair.id,
        type: 'planning',
        held_on: daysAgo(3),
        duration_minutes: 45,
        format: 'in_person',
        topic: 'План',
      })
      .execute();
    expect(await version()).toBe(before + 1);
    await db.updateTable('pairs').set({ goals: 'Новые цели' }).where('id', '=', pair.id).execute();
    expect(await version()).toBe(before + 2);
  });

  it('a school moved to another municipality takes its pairs into that municipality’s lists', async () => {
    const db = t.database.db;
    const pair = await addPair(db, t.world, 'a', { meetings: [{ type: 'introduction', daysAgo: 9 }] });
    const today = todayIso();
    const page = { page: 1, perPage: 25 };
    expect((await listPairs(db, coordinatorA(), {}, today, page)).rows.map((r) => r.id)).toEqual([pair.id]);
    await db
      .updateTable('organizations')
      .set({ municipality_id: t.world.b.id, parent_id: t.world.b.id })
      .where('id', '=', t.world.a.school)
      .execute();
    expect(await db.selectFrom('pairs').select('municipality_id').where('id', '=', pair.id).executeTakeFirstOrThrow()).toEqual({
      municipality_id: t.world.b.id,
    });
    expect((await listPairs(db, coordinatorA(), {}, today, page)).total).toBe(0);
    const coordinatorB = {
      ...coordinatorA(),
      id: t.world.users['coordinator.b']!,
      organizationId: t.world.b.center,
      municipalityId: t.world.b.id,
    };
    expect((await listPairs(db, coordinatorB, {}, today, page)).rows.map((r) => r.id)).toEqual([pair.id]);
  });
});

describe('the lists read the kept figures', () => {
  it('the list, the per-school overview and the home counts show what counting the meetings gives, and follow a new meeting', async () => {
    const db = t.database.db;
    const today = todayIso();
    const since = staleSince(today);
    // A: a pair met lately, one that went quiet 40 days ago, one never met since it started 60 days ago;
    // the other school of A: one pair met lately.
    const recent = await addPair(db, t.world, 'a', {
      meetings: [
        { type: 'introduction', daysAgo: 50 },
        { type: 'planning', daysAgo: 3 },
      ],
    });
    const quiet = await addPair(db, t.world, 'a', {
      studentLastName: 'Тихая',
      meetings: [{ type: 'introduction', daysAgo: 40 }],
    });
    const silent = await addPair(db, t.world, 'a', { studentLastName: 'Молчащая' });
    const elsewhere = await addPair(db, t.world, 'a', {
      studentLastName: 'Соседняя',
      meetings: [{ type: 'introduction', daysAgo: 2 }],
    });
    await db.updateTable('pairs').set({ organization_id: t.world.a.otherSchool }).where('id', '=', elsewhere.id).execute();

    const check = async () => {
      const { rows: truth } = await sql<{ id: number; school: number; n: number; last: string | null; stale: boolean }>`
        select p.id, p.organization_id as school, count(m.id)::int as n, max(m.held_on) as last,
          p.status = 'active' and coalesce(max(m.held_on), p.activated_at::date, p.planned_start) < ${since}::date as stale
        from pairs p left join meetings m on m.pair_id = p.id group by p.id`.execute(db);
      const list = await listPairs(db, coordinatorA(), {}, today, { page: 1, perPage: 25 });
      expect(list.total).toBe(truth.length);
      expect(
        list.rows
          .map((r) => ({ id: r.id, n: r.meeting_count, last: r.last_meeting, stale: r.stale }))
          .sort((a, b) => a.id - b.id),
      ).toEqual(truth.map((r) => ({ id: r.id, n: r.n, last: r.last, stale: r.stale })).sort((a, b) => a.id - b.id));
      // A full page: the total is counted (and kept under the data version), not read off the page.
      expect((await listPairs(db, coordinatorA(), {}, today, { page: 1, perPage: 2 })).total).toBe(truth.length);
      expect((await listPairs(db, coordinatorA(), { stale: true }, today, { page: 1, perPage: 1 })).total).toBe(
        truth.filter((r) => r.stale).length,
      );
      const staleList = await listPairs(db, coordinatorA(), { stale: true }, today, { page: 1, perPage: 25 });
      expect(staleList.rows.map((r) => r.id).sort()).toEqual(
        truth
          .filter((r) => r.stale)
          .map((r) => r.id)
          .sort(),
      );
      expect(staleList.total).toBe(truth.filter((r) => r.stale).length);
      const overview = await pairsBySchool(db, t.world.a.id, today);
      for (const school of [t.world.a.school, t.world.a.otherSchool]) {
        const mine = truth.filter((r) => r.school === school);
        expect(overview.find((s) => s.school_id === school)).toMatchObject({
          active: mine.length,
          meetings: mine.reduce((sum, r) => sum + r.n, 0),
          stale: mine.filter((r) => r.stale).length,
        });
      }
      expect(await pairCounts(db, coordinatorA(), today)).toEqual({
        active: truth.length,
        forming: 0,
        stale: truth.filter((r) => r.stale).length,
      });
      const school = truth.filter((r) => r.school === t.world.a.school);
      expect(await pairCounts(db, curatorA(), today)).toEqual({
        active: school.length,
        forming: 0,
        stale: school.filter((r) => r.stale).length,
      });
      return truth;
    };
    const first = await check();
    expect(
      first
        .filter((r) => r.stale)
        .map((r) => r.id)
        .sort(),
    ).toEqual([quiet.id, silent.id].sort());

    // The quiet pair meets again (through the portal, as its mentor): no longer stale, everywhere at once.
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    await mentor.get(`/pairs/${quiet.id}/meetings/new`);
    expect((await mentor.post(`/pairs/${quiet.id}/meetings/new`, jointWork(daysAgo(1)))).statusCode).toBe(303);
    const second = await check();
    expect(second.filter((r) => r.stale).map((r) => r.id)).toEqual([silent.id]);
    expect(second.find((r) => r.id === recent.id)).toMatchObject({ n: 2, last: daysAgo(3) });

    // The coordinator's page shows the school's figures as counted.
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const page = (await coordinator.get('/pairs')).body;
    expect(page).toContain(`<a href="/pairs?school=${t.world.a.school}&amp;stale=on"><strong>1</strong>`);
  });
});
