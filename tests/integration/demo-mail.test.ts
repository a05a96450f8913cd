import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The demo's e-mail addresses and mail settings (seeds/mail.ts) as seedDemo creates them. */

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

describe('demo e-mail', () => {
  it('a few accounts have confirmed addresses, the curator a daily digest; the pages show it', async () => {
    const rows = await database.db
      .selectFrom('users')
      .leftJoin('mail_settings', 'mail_settings.user_id', 'users.id')
      .select(['users.login', 'users.email', 'users.email_confirmed_at', 'mail_settings.mode'])
      .where('users.email', 'is not', null)
      .orderBy('users.login')
      .execute();
    expect(rows.map((r) => `${r.login}:${r.email_confirmed_at ? 'confirmed' : 'unconfirmed'}:${r.mode ?? 'default'}`)).toEqual([
      'coordinator:confirmed:default',
      'curator:confirmed:digest',
      'department:unconfirmed:default',
      'head:confirmed:immediate',
      'mentor:confirmed:default',
    ]);
    // The demo's notifications are its history: none waits for the mailer.
    const pending = await database.db.selectFrom('notifications').select('id').where('mail_status', 'is', null).execute();
    expect(pending).toEqual([]);

    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const account = textOf((await curator.get('/account')).body);
    expect(account).toContain('t.vasilyeva@school1.zarechny.example.ru');
    expect(account).toMatch(/Состояние подтверждён \d\d\.\d\d\.\d{4}/);
    expect(account).toContain('Портал сейчас не отправляет электронную почту');
    const settings = await curator.get('/account/notifications');
    expect(settings.body).toMatch(/id="mode-digest" name="mode" value="digest"[^>]* checked/);
    const department = await signedIn(app, 'department', DEMO_PASSWORD);
    expect(textOf((await department.get('/account')).body)).toContain('Состояние не подтверждён');
    // The mentee (a young specialist, an adult) may give an address.
    const mentee = await signedIn(app, 'mentee', DEMO_PASSWORD);
    expect((await mentee.get('/account')).body).toContain('name="email"');
  });
});
