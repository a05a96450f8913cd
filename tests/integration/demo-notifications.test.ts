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
});
