import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The demo's notifications (seeds/notifications.ts) as seedDemo creates them on a fresh database. */

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
  app = await createTestApp(database);
}, 240_000);
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

async function noticesOf(login: string) {
  return database.db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    .select(['notifications.kind', 'notifications.read_at'])
    .where('users.login', '=', login)
    .execute();
}

describe('demo notifications', () => {
  it('the curator, the head and the coordinator have notifications of several kinds, read and one unread; the bell counts it', async () => {
    const summary: Record<string, { kinds: string[]; read: number; unread: number }> = {};
    for (const login of ['curator', 'head', 'coordinator', 'department', 'mentor', 'mentee']) {
      const rows = await noticesOf(login);
      summary[login] = {
        kinds: [...new Set(rows.map((r) => r.kind))].sort(),
        read: rows.filter((r) => r.read_at !== null).length,
        unread: rows.filter((r) => r.read_at === null).length,
      };
    }
    for (const login of ['curator', 'head', 'coordinator']) {
      expect(summary[login]?.kinds.length, login).toBeGreaterThanOrEqual(2);
      expect(summary[login]?.read, login).toBeGreaterThan(0);
      expect(summary[login]?.unread, login).toBe(1);
    }
    // The school's head: its school's roadmap changed after an approval, asked to approve again, and
    // then sent to it for approval twice (read: approved since); a report to approve and the report
    // accepted (read); the campaigns opened since, told by the reminders job (the newest unread).
    expect(summary.head?.kinds).toEqual([
      'monitoring_accepted',
      'monitoring_opened',
      'monitoring_sent',
      'roadmap_approval_asked',
      'roadmap_approval_needed',
    ]);
    // The department: the municipal roadmap changed after its approval (read: approved again since).
    expect(summary.department).toEqual({ kinds: ['roadmap_approval_needed'], read: 1, unread: 0 });
    // Mentors act on none of these objects; a mentee with an account is asked for its feedback only.
    expect(summary.mentor?.kinds).toEqual([]);
    expect(summary.mentee?.kinds.filter((k) => k !== 'meeting_feedback_waiting')).toEqual([]);

    // The reminders job's kinds (notifications/reminders.ts) among them, read and unread.
    const reminders = await database.db
      .selectFrom('notifications')
      .select(['kind', 'read_at'])
      .where('kind', 'in', ['monitoring_opened', 'monitoring_due', 'monitoring_schools_late', 'pair_quiet_curator'])
      .execute();
    expect(new Set(reminders.map((r) => r.kind)).size).toBeGreaterThanOrEqual(3);
    expect(reminders.some((r) => r.read_at === null)).toBe(true);
    expect(reminders.some((r) => r.read_at !== null)).toBe(true);

    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const page = await curator.get('/notifications');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain(`Уведомления (${summary.curator?.unread})`);
  });

  it("the head opens its unread notice and lands on the page where it acts; every notice's link opens for its person", async () => {
    const head = await signedIn(app, 'head', DEMO_PASSWORD);
    const list = await head.get('/notifications');
    expect(textOf(list.body)).toContain('Уведомления (1)');
    const unread = /<form method="post" action="(\/notifications\/\d+\/open)"/.exec(list.body)?.[1];
    expect(unread).toBeDefined();
    const opened = await head.post(unread ?? '');
    expect(opened.statusCode).toBe(303);
    const target = await head.get(String(opened.headers.location));
    expect(target.statusCode).toBe(200);
    expect(textOf(target.body)).toContain('Уведомления');
    expect(textOf(target.body)).not.toContain('Уведомления (');
    for (const login of ['head', 'curator', 'coordinator', 'department']) {
      const client = await signedIn(app, login, DEMO_PASSWORD);
      const links = await database.db
        .selectFrom('notifications')
        .innerJoin('users', 'users.id', 'notifications.user_id')
        .select('notifications.link')
        .distinct()
        .where('users.login', '=', login)
        .execute();
      for (const { link } of links) expect((await client.get(link)).statusCode, `${login} ${link}`).toBe(200);
    }
  });
});
