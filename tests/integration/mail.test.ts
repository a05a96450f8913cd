import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RoadmapNotice } from '../../src/access/policy.js';
import { runJobsOnce } from '../../src/cli/jobs.js';
import type { MailMode } from '../../src/db/types.js';
import type { MailContext } from '../../src/modules/jobs/registry.js';
import { JOBS } from '../../src/modules/jobs/registry.js';
import { digestPeriod, mailDigests, mailNotifications } from '../../src/modules/mail/sending.js';
import { notifyRoadmapApproval } from '../../src/modules/notifications/producers.js';
import { Client, createTestApp, signedIn, testConfig, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { addPair } from '../helpers/pair-fixtures.js';
import { mailsArrived, type ReceivedMail, startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { buildWorld, PASSWORD, type World } from '../helpers/world.js';

/**
 * E-mail (issue 16) against a real SMTP server started here: a mail per notification with its link,
 * reason and unsubscribe header; nothing twice, also from two runners at once; the digest; every
 * reason not to mail; no SMTP; a refusing server; the unsubscribe link and its one-click POST; the
 * set-password link mailed to a new account, and the address confirmed by using it.
 */

const SITE = 'https://nastavnik.example.ru';
const HOUR = 3_600_000;

let database: TestDatabase;
let smtp: TestSmtp;
let app: FastifyInstance;
let world: World;

beforeAll(async () => {
  database = await createTestDatabase();
  smtp = await startSmtp();
  app = await createTestApp(database, {
    config: testConfig({ SMTP_URL: smtp.url, PUBLIC_URL: SITE, MAIL_FROM: 'Наставничество <no-reply@nastavnik.example.ru>' }),
  });
});

afterAll(async () => {
  await app?.close();
  await smtp?.close();
  await database?.drop();
});

beforeEach(async () => {
  await database.reset();
  world = await buildWorld(database.db);
  smtp.mails.length = 0;
  smtp.refuse.clear();
});

function mail(): MailContext {
  if (!app.mailer) throw new Error('the test app has no mailer');
  return { mailer: app.mailer, site: app.config };
}

const addressOf = (login: string) => `${login.replace(/[^a-z0-9]/gi, '-')}@school.example.ru`;

/** Gives the person a confirmed address (the «mail-account» part confirms by a link; here directly). */
async function confirmed(login: string, confirm = true): Promise<string> {
  const email = addressOf(login);
  await database.db
    .updateTable('users')
    .set({ email, email_confirmed_at: confirm ? new Date() : null })
    .where('login', '=', login)
    .execute();
  return email;
}

async function setMode(login: string, mode: MailMode, mutedKinds: string[] = []): Promise<void> {
  const user = world.users[login] ?? (await userId(login));
  await database.db
    .insertInto('mail_settings')
    .values({ user_id: user, mode, muted_kinds: mutedKinds, unsubscribe_token: `test-token-${login}-xxxxxxxxxxxx` })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ mode, muted_kinds: mutedKinds }))
    .execute();
}

async function userId(login: string): Promise<number> {
  const row = await database.db.selectFrom('users').select('id').where('login', '=', login).executeTakeFirstOrThrow();
  return row.id;
}

async function addCurator(login: string, organizationId = world.a.school): Promise<number> {
  const hash = await database.db
    .selectFrom('users')
    .select('password_hash')
    .where('login', '=', 'curator')
    .executeTakeFirstOrThrow();
  const row = await database.db
    .insertInto('users')
    .values({
      login,
      full_name: `Кураторова ${login} Петровна`,
      organization_id: organizationId,
      role: 'curator',
      password_hash: hash.password_hash,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

let moment = Date.now() - 60_000;

/**
 * A roadmap approval event of school A1's roadmap: `approved` and `approval_revoked` tell its curators,
 * `approval_needed` its head. Each call is a new event (its own moment).
 */
async function roadmapEvent(notice: RoadmapNotice = 'approved', title?: string): Promise<number[]> {
  const db = database.db;
  const { id } = world.roadmaps.schoolA;
  if (title) await db.updateTable('roadmaps').set({ title }).where('id', '=', id).execute();
  const roadmap = await db
    .selectFrom('roadmaps')
    .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
    .select([
      'roadmaps.id',
      'roadmaps.title',
      'roadmaps.kind',
      'roadmaps.published_at',
      'roadmaps.organization_id',
      'organizations.type as organization_type',
      'organizations.municipality_id',
    ])
    .where('roadmaps.id', '=', id)
    .executeTakeFirstOrThrow();
  moment += 1_000;
  return db
    .transaction()
    .execute((trx) =>
      notifyRoadmapApproval(trx, { actorId: world.users.admin ?? 0, notice, approvedAt: new Date(moment), roadmap }),
    );
}

async function statuses(): Promise<Record<string, string | null>> {
  const rows = await database.db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    .select(['users.login', 'notifications.mail_status', 'notifications.id'])
    .orderBy('notifications.id')
    .execute();
  return Object.fromEntries(rows.map((r) => [`${r.login}#${r.id}`, r.mail_status]));
}

async function statusOf(login: string): Promise<(string | null)[]> {
  const rows = await database.db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    .select('notifications.mail_status')
    .where('users.login', '=', login)
    .orderBy('notifications.id')
    .execute();
  return rows.map((r) => r.mail_status);
}

const run = (now = new Date()) => mailNotifications(database.db, now, mail(), 72);

function unsubscribeUrl(received: ReceivedMail): string {
  const header = received.headers.get('list-unsubscribe') ?? '';
  const url = /^<([^>]+)>$/.exec(header)?.[1];
  if (!url) throw new Error(`no List-Unsubscribe header: ${header}`);
  return url;
}

describe('a mail per notification', () => {
  it('goes to the confirmed address with the title as subject, the greeting, the text, the link, the reason and the unsubscribe link', async () => {
    const email = await confirmed('curator');
    const { id } = world.roadmaps.schoolA;
    expect(await roadmapEvent('approved', 'План <b>«А1»</b> & Ко')).toEqual([world.users.curator]);

    expect(await run()).toEqual({ sent: 1, skipped: 0, tooOld: 0 });
    const [received] = await mailsArrived(smtp, 1);
    expect(smtp.mails).toHaveLength(1);
    if (!received) throw new Error('no mail');
    expect(received.to).toEqual([email]);
    expect(received.from).toBe('no-reply@nastavnik.example.ru');
    expect(received.subject).toBe('Дорожная карта «План <b>«А1»</b> & Ко» утверждена');
    expect(received.text).toContain('Здравствуйте, curator Иванович!');
    expect(received.text).toContain('Мероприятия дорожной карты можно выполнять и отмечать.');
    expect(received.text).toContain(`${SITE}/roadmaps/${id}`);
    expect(received.text).toContain('Вы получили это письмо, потому что вы ведёте эту дорожную карту.');
    expect(received.text).toContain(`${SITE}/account/notifications`);
    // HTML: everything escaped, the link, the same reason; no images, no external styles.
    expect(received.html).toContain('План &lt;b&gt;«А1»&lt;/b&gt; &amp; Ко');
    expect(received.html).not.toContain('<b>«А1»</b>');
    expect(received.html).toContain(`href="${SITE}/roadmaps/${id}"`);
    expect(received.html).toContain('потому что вы ведёте эту дорожную карту');
    expect(received.html).not.toMatch(/<img|<link|<script/i);
    // RFC 8058 one-click unsubscription.
    const unsubscribe = unsubscribeUrl(received);
    expect(unsubscribe).toMatch(new RegExp(`^${SITE}/mail/unsubscribe/[A-Za-z0-9_-]{32}$`));
    expect(received.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(received.text).toContain(unsubscribe);
    expect(received.headers.get('auto-submitted')).toBe('auto-generated');
    expect(Object.values(await statuses())).toEqual(['sent']);
  });

  it('is sent once: a second run sends nothing, and two runners at once send each notification once', async () => {
    await confirmed('curator');
    await confirmed('school_head');
    await addCurator('curator2');
    await confirmed('curator2');
    await roadmapEvent('approved');
    expect(await run()).toMatchObject({ sent: 2 });
    expect(await run()).toMatchObject({ sent: 0 });
    await mailsArrived(smtp, 2);
    expect(smtp.mails).toHaveLength(2);

    // Five more events for three people: 2 + 1 + 2 + 1 + 2 = 8 notifications, two runners at once.
    for (const notice of ['approval_revoked', 'approval_needed', 'approved', 'approval_needed', 'approval_revoked'] as const) {
      await roadmapEvent(notice);
    }
    const [first, second] = await Promise.all([run(), run()]);
    expect((first?.sent ?? 0) + (second?.sent ?? 0)).toBe(8);
    await mailsArrived(smtp, 10);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.mails).toHaveLength(10);
    expect(Object.values(await statuses()).every((s) => s === 'sent')).toBe(true);
    const mailed = await database.db.selectFrom('notifications').select(['id', 'mailed_at']).execute();
    expect(mailed.every((n) => n.mailed_at !== null)).toBe(true);
  });
});

describe('who is not mailed', () => {
  it('a muted kind, mail off, an unconfirmed address, no address, an inactive person, one moved to another school: skipped', async () => {
    await confirmed('curator');
    for (const login of ['c.muted', 'c.off', 'c.unconfirmed', 'c.none', 'c.inactive', 'c.moved', 'c.other-kind']) {
      await addCurator(login);
      if (login === 'c.unconfirmed') await confirmed(login, false);
      else if (login !== 'c.none') await confirmed(login);
    }
    await setMode('c.muted', 'immediate', ['roadmap_approved']);
    await setMode('c.other-kind', 'immediate', ['monitoring_returned']);
    await setMode('c.off', 'off');
    await roadmapEvent('approved');
    // After the event: deactivated, moved to school A2 (may no longer see A1's roadmap).
    await database.db.updateTable('users').set({ is_active: false }).where('login', '=', 'c.inactive').execute();
    await database.db.updateTable('users').set({ organization_id: world.a.otherSchool }).where('login', '=', 'c.moved').execute();

    expect(await run()).toEqual({ sent: 2, skipped: 6, tooOld: 0 });
    await mailsArrived(smtp, 2);
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual([addressOf('c.other-kind'), addressOf('curator')].sort());
    for (const login of ['c.muted', 'c.off', 'c.unconfirmed', 'c.none', 'c.inactive', 'c.moved']) {
      expect(await statusOf(login), login).toEqual(['skipped']);
    }
  });

  it('a minor: nothing by e-mail; an adult with an account linked to the bases is mailed (an object the mailer does not know: the same school)', async () => {
    const db = database.db;
    const people: Record<string, number> = {};
    for (const [login, birth, category] of [
      ['mentee.minor', '2011-03-01', 'student'],
      ['mentee.student-no-date', null, 'student'],
      ['mentee.adult', '1995-03-01', 'young_specialist'],
    ] as const) {
      const id = (
        await db
          .insertInto('users')
          .values({ login, full_name: `Учеников ${login} Сергеевич`, organization_id: world.a.school, role: 'mentee' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      people[login] = id;
      await confirmed(login);
      await db
        .insertInto('mentees')
        .values({
          organization_id: world.a.school,
          last_name: 'Учеников',
          first_name: 'Сергей',
          category,
          birth_date: birth,
          user_id: id,
        })
        .execute();
      // A kind another part adds later (feedback waiting): the mailer knows neither kind nor entity.
      await db
        .insertInto('notifications')
        .values({
          user_id: id,
          kind: 'feedback_waiting',
          title: 'Оцените встречу с наставником',
          body: 'Наставник записал встречу.',
          link: '/pairs/1',
          entity_type: 'pair_meeting',
          entity_id: 1,
          organization_id: world.a.school,
          municipality_id: world.a.id,
          event_key: `meeting:1:${login}`,
        })
        .execute();
    }
    expect(await run()).toEqual({ sent: 1, skipped: 2, tooOld: 0 });
    await mailsArrived(smtp, 1);
    expect(smtp.mails.map((m) => m.to[0])).toEqual([addressOf('mentee.adult')]);
    expect(smtp.mails[0]?.text).toContain('Вы получили это письмо, потому что вы получаете уведомления портала о своей работе.');
    expect(await statusOf('mentee.minor')).toEqual(['skipped']);
    expect(await statusOf('mentee.student-no-date')).toEqual(['skipped']);

    // The adult moved to another school: a new notification of A1 is not mailed.
    await db
      .updateTable('users')
      .set({ organization_id: world.a.otherSchool })
      .where('id', '=', people['mentee.adult'] ?? 0)
      .execute();
    await db
      .insertInto('notifications')
      .values({
        user_id: people['mentee.adult'] ?? 0,
        kind: 'feedback_waiting',
        title: 'Оцените встречу',
        link: '/pairs/1',
        entity_type: 'pair_meeting',
        entity_id: 2,
        organization_id: world.a.school,
        municipality_id: world.a.id,
        event_key: 'meeting:2',
      })
      .execute();
    expect(await run()).toMatchObject({ sent: 0, skipped: 1 });
  });

  it("a reminder about a pair: mailed to its mentor; once the mentor has left the pair, not — though still in the pair's school", async () => {
    const db = database.db;
    const pair = await addPair(db, world, 'a');
    await confirmed('mentor');
    const mentor = world.users.mentor ?? 0;
    const notice = (key: string) =>
      db
        .insertInto('notifications')
        .values({
          user_id: mentor,
          kind: 'pair_quiet_mentor',
          title: 'В вашей паре нет встреч 21 день',
          link: `/pairs/${pair.id}`,
          entity_type: 'pair',
          entity_id: pair.id,
          organization_id: world.a.school,
          municipality_id: world.a.id,
          event_key: key,
        })
        .execute();
    await notice('pair:quiet:1');
    expect(await run()).toEqual({ sent: 1, skipped: 0, tooOld: 0 });
    await mailsArrived(smtp, 1);
    expect(smtp.mails[0]?.to).toEqual([addressOf('mentor')]);

    await db.deleteFrom('pair_mentors').where('pair_id', '=', pair.id).execute();
    await notice('pair:quiet:2');
    expect(await run()).toEqual({ sent: 0, skipped: 1, tooOld: 0 });
    expect(await statusOf('mentor')).toEqual(['sent', 'skipped']);
  });
});

describe('the digest', () => {
  it('a person in digest mode gets one mail with every notification grouped by kind, then nothing; the `mail` job leaves them to it', async () => {
    const email = await confirmed('curator');
    await addCurator('c.moved');
    await confirmed('c.moved');
    await setMode('curator', 'digest');
    await setMode('c.moved', 'digest');
    await roadmapEvent('approved', 'Дорожная карта школы А1');
    await roadmapEvent('approval_revoked');
    await roadmapEvent('approved');
    await database.db.updateTable('users').set({ organization_id: world.a.otherSchool }).where('login', '=', 'c.moved').execute();

    expect(await run()).toMatchObject({ sent: 0, skipped: 0 });
    expect(await statusOf('curator')).toEqual([null, null, null]);

    const now = new Date();
    expect(await mailDigests(database.db, now, mail(), 72)).toEqual({ sent: 1, notifications: 3, skipped: 3, tooOld: 0 });
    await mailsArrived(smtp, 1);
    expect(smtp.mails).toHaveLength(1);
    const digest = smtp.mails[0];
    if (!digest) throw new Error('no digest');
    expect(digest.to).toEqual([email]);
    expect(digest.subject).toBe(`Сводка уведомлений портала «Наставничество» за ${digestPeriod(now, now, 'Europe/Moscow')}`);
    expect(digest.subject).toMatch(/за \d{1,2} [а-я]+ 20\d\d г\.$/);
    expect(digest.text).toContain('На портале для вас 3 уведомления:');
    expect(digest.text).toContain('== Дорожная карта: утверждена ==');
    expect(digest.text).toContain('== Дорожная карта: утверждение отозвано ==');
    expect(digest.text.match(/Дорожная карта «Дорожная карта школы А1» утверждена/g)).toHaveLength(2);
    expect(digest.text).toContain('Утверждение дорожной карты «Дорожная карта школы А1» отозвано');
    expect(digest.text).toContain(`${SITE}/roadmaps/${world.roadmaps.schoolA.id}`);
    expect(digest.text).toContain('потому что вы выбрали получать уведомления портала одной сводкой в день');
    expect(digest.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    // The kinds in the order each first came: «утверждена» before «отозвано».
    expect(digest.text.indexOf('== Дорожная карта: утверждена ==')).toBeLessThan(
      digest.text.indexOf('== Дорожная карта: утверждение отозвано =='),
    );
    expect(await statusOf('curator')).toEqual(['sent', 'sent', 'sent']);
    expect(await statusOf('c.moved')).toEqual(['skipped', 'skipped', 'skipped']);

    expect(await mailDigests(database.db, new Date(), mail(), 72)).toMatchObject({ sent: 0 });
    expect(smtp.mails).toHaveLength(1);
  });

  it('one run sends every digest person their digest, page after page', async () => {
    for (const login of ['curator', 'c.2', 'c.3', 'c.4', 'c.5']) {
      if (login !== 'curator') await addCurator(login);
      await confirmed(login);
      await setMode(login, 'digest');
    }
    await roadmapEvent('approved');
    expect(await mailDigests(database.db, new Date(), mail(), 72, 2)).toMatchObject({ sent: 5, notifications: 5 });
    await mailsArrived(smtp, 5);
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(['curator', 'c.2', 'c.3', 'c.4', 'c.5'].map(addressOf).sort());
  });

  it('names a period of several days by its first and last day', () => {
    const first = new Date('2026-12-05T09:00:00Z');
    const last = new Date('2026-12-07T09:00:00Z');
    expect(digestPeriod(first, last, 'Europe/Moscow')).toBe('период с 05.12.2026 по 07.12.2026');
    expect(digestPeriod(last, last, 'Europe/Moscow')).toBe('7 декабря 2026 г.');
  });
});

describe('without SMTP, and when the server refuses', () => {
  it('without a mailer nothing is decided; older than MAIL_MAX_AGE_HOURS it is skipped, and never mailed later', async () => {
    await confirmed('curator');
    await roadmapEvent('approved');
    expect(await mailNotifications(database.db, new Date(), null, 72)).toEqual({ sent: 0, skipped: 0, tooOld: 0 });
    expect(await statusOf('curator')).toEqual([null]);
    // Two days later: still waiting.
    expect(await mailNotifications(database.db, new Date(Date.now() + 48 * HOUR), null, 72)).toMatchObject({ tooOld: 0 });
    // SMTP turned on four days later: the old notification is not mailed.
    expect(await mailNotifications(database.db, new Date(Date.now() + 73 * HOUR), mail(), 72)).toEqual({
      sent: 0,
      skipped: 0,
      tooOld: 1,
    });
    expect(await statusOf('curator')).toEqual(['skipped']);
    await new Promise((r) => setTimeout(r, 100));
    expect(smtp.mails).toHaveLength(0);
  });

  it('a refused recipient fails the job run (retried, then shown as failed on /admin/jobs); the row stays undecided with the error; a later run sends it', async () => {
    const email = await confirmed('curator');
    await roadmapEvent('approved');
    smtp.refuse.add(email);
    const jobs = JOBS.filter((job) => job.name === 'mail');
    const config = app.config.jobs;
    const outcomes = await runJobsOnce(database.db, config, { jobs, mail: mail() });
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ name: 'mail', status: 'retrying', attempt: 1 });
    expect(outcomes[0]?.error).toMatch(/^Не удалось отправить 1 письмо: .*550/);
    const row = await database.db
      .selectFrom('notifications')
      .select(['mail_status', 'mail_error', 'mailed_at'])
      .executeTakeFirstOrThrow();
    expect(row.mail_status).toBeNull();
    expect(row.mailed_at).toBeNull();
    expect(row.mail_error).toMatch(/550/);
    const job = await database.db
      .selectFrom('jobs')
      .select(['last_status', 'last_error'])
      .where('name', '=', 'mail')
      .executeTakeFirstOrThrow();
    expect(job.last_status).toBe('retrying');

    // Retried after JOBS_RETRY_SECONDS, then twice that; the third failure shows it failed on /admin/jobs.
    const t0 = Date.now();
    const second = await runJobsOnce(database.db, config, { jobs, mail: mail(), now: new Date(t0 + 60_000) });
    expect(second[0]).toMatchObject({ status: 'retrying', attempt: 2 });
    const third = await runJobsOnce(database.db, config, { jobs, mail: mail(), now: new Date(t0 + 180_000) });
    expect(third[0]).toMatchObject({ status: 'failed', attempt: 3 });
    const admin = await signedIn(app, 'admin', PASSWORD);
    const page = textOf((await admin.get('/admin/jobs')).body);
    expect(page).toContain('Отправка уведомлений по электронной почте');
    expect(page).toContain('Не удалось отправить 1 письмо');
    expect(await statusOf('curator')).toEqual([null]);

    smtp.refuse.clear();
    const retry = await runJobsOnce(database.db, config, { jobs, mail: mail(), now: new Date(t0 + 10 * 60_000) });
    expect(retry[0]).toMatchObject({ name: 'mail', status: 'succeeded', result: { sent: 1 } });
    await mailsArrived(smtp, 1);
    expect(smtp.mails.map((m) => m.to[0])).toEqual([email]);
    expect(await statusOf('curator')).toEqual(['sent']);
  });

  it('a claim left by a runner that died is taken over after the lease', async () => {
    await confirmed('curator');
    await roadmapEvent('approved');
    const claimedAt = new Date(Date.now() - 5 * 60_000);
    await database.db.updateTable('notifications').set({ mail_status: 'sending', mailed_at: claimedAt }).execute();
    expect(await run()).toMatchObject({ sent: 0 });
    expect(await run(new Date(Date.now() + 11 * 60_000))).toMatchObject({ sent: 1 });
  });
});

describe('the unsubscribe link', () => {
  async function receivedUnsubscribeUrl(): Promise<string> {
    await confirmed('curator');
    await roadmapEvent('approved');
    await run();
    const [received] = await mailsArrived(smtp, 1);
    if (!received) throw new Error('no mail');
    return unsubscribeUrl(received).slice(SITE.length);
  }

  it('from a received mail: the page names the masked address, the button turns mail off (audited), the next notification is not mailed', async () => {
    const path = await receivedUnsubscribeUrl();
    const visitor = new Client(app);
    const page = await visitor.get(path);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Отписаться от писем портала?');
    expect(text).toContain('c***@school.example.ru');
    expect(text).not.toContain(addressOf('curator'));
    const done = await visitor.post(path);
    expect(done.statusCode).toBe(200);
    expect(textOf(done.body)).toContain(
      'Письма больше не будут приходить на этот адрес. Включить их снова можно в настройках уведомлений',
    );
    const settings = await database.db
      .selectFrom('mail_settings')
      .select('mode')
      .where('user_id', '=', world.users.curator ?? 0)
      .executeTakeFirstOrThrow();
    expect(settings.mode).toBe('off');
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['user_id', 'action', 'entity_type', 'changed_fields'])
      .where('entity_type', '=', 'mail_settings')
      .execute();
    expect(audit).toEqual([
      { user_id: world.users.curator, action: 'update', entity_type: 'mail_settings', changed_fields: ['mode'] },
    ]);

    // Again: already off, nothing more audited.
    expect(textOf((await visitor.get(path)).body)).toContain('Письма на этот адрес уже не приходят');
    expect((await visitor.post(path)).statusCode).toBe(200);
    expect(
      await database.db.selectFrom('audit_log').select('id').where('entity_type', '=', 'mail_settings').execute(),
    ).toHaveLength(1);

    await roadmapEvent('approval_revoked');
    expect(await run()).toMatchObject({ sent: 0, skipped: 1 });
    expect(smtp.mails).toHaveLength(1);
  });

  it('the one-click POST of a mail client works without the form token and from another origin; other POSTs still need them', async () => {
    const path = await receivedUnsubscribeUrl();
    const oneClick = await app.inject({
      method: 'POST',
      url: path,
      payload: 'List-Unsubscribe=One-Click',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://mail.example.com',
        'sec-fetch-site': 'cross-site',
      },
    });
    expect(oneClick.statusCode).toBe(200);
    const settings = await database.db.selectFrom('mail_settings').select('mode').executeTakeFirstOrThrow();
    expect(settings.mode).toBe('off');
    // The same as multipart/form-data, which RFC 8058 allows too.
    await database.db.updateTable('mail_settings').set({ mode: 'immediate' }).execute();
    const boundary = '----oneclick';
    const multipart = await app.inject({
      method: 'POST',
      url: path,
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'sec-fetch-site': 'cross-site' },
    });
    expect(multipart.statusCode).toBe(200);
    expect((await database.db.selectFrom('mail_settings').select('mode').executeTakeFirstOrThrow()).mode).toBe('off');

    // Another public form without its token, or from another site: refused as before.
    const login = await app.inject({
      method: 'POST',
      url: '/login',
      payload: new URLSearchParams({ login: 'curator', password: PASSWORD }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(login.statusCode).toBe(403);
    const visitor = new Client(app);
    await visitor.get('/login');
    const crossSite = await visitor.post('/login', { login: 'curator', password: PASSWORD }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.statusCode).toBe(403);
  });

  it('the token never reaches the request log', async () => {
    const path = await receivedUnsubscribeUrl();
    const raw: string[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        raw.push(String(chunk));
        done();
      },
    });
    const logged = await createTestApp(database, { config: testConfig({ LOG_LEVEL: 'info' }), logStream });
    try {
      expect((await logged.inject({ url: path })).statusCode).toBe(200);
      const token = path.split('/').pop() ?? '';
      expect(raw.join('')).toContain('/mail/unsubscribe/[скрыто]');
      expect(raw.join('')).not.toContain(token);
    } finally {
      await logged.close();
    }
  });

  it('an unknown token: a Russian 404 page, and POST changes nothing', async () => {
    await receivedUnsubscribeUrl();
    for (const token of ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'short', '%3Cscript%3E']) {
      const page = await app.inject({ method: 'GET', url: `/mail/unsubscribe/${token}` });
      expect(page.statusCode).toBe(404);
      expect(textOf(page.body)).toContain('Ссылка для отписки недействительна');
      const post = await app.inject({
        method: 'POST',
        url: `/mail/unsubscribe/${token}`,
        payload: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(post.statusCode).toBe(404);
    }
    const settings = await database.db.selectFrom('mail_settings').select('mode').executeTakeFirstOrThrow();
    expect(settings.mode).toBe('immediate');
  });
});

describe('the set-password link by e-mail', () => {
  it('a new account with an address gets its link; the page names the address; setting the password confirms the address', async () => {
    const admin = await signedIn(app, 'admin', PASSWORD);
    await admin.get('/users/new');
    const created = await admin.post('/users', {
      login: 'new.curator',
      full_name: 'Новикова Анна Сергеевна',
      position: 'учитель',
      organization_id: String(world.a.school),
      role: 'curator',
      email: 'anna.novikova@school.example.ru',
      phone: '',
    });
    expect(created.statusCode, textOf(created.body).slice(0, 300)).toBe(303);
    const page = await admin.get(String(created.headers.location));
    const text = textOf(page.body);
    expect(text).toContain('Ссылка отправлена на адрес anna.novikova@school.example.ru');
    expect(page.body).not.toContain('/set-password/');

    const [invitation] = await mailsArrived(smtp, 1);
    if (!invitation) throw new Error('no invitation');
    expect(invitation.to).toEqual(['anna.novikova@school.example.ru']);
    expect(invitation.subject).toBe('Учётная запись на портале «Наставничество»');
    expect(invitation.headers.get('auto-submitted')).toBe('auto-generated');
    // No unsubscribe link: the person has no settings yet, and the link is the account's own.
    expect(invitation.headers.has('list-unsubscribe')).toBe(false);
    expect(invitation.text).toContain('Здравствуйте, Анна Сергеевна!');
    expect(invitation.text).toContain('логин: new.curator');
    expect(invitation.text).toContain(
      'Вы получили это письмо, потому что администратор портала указал этот адрес в вашей учётной записи.',
    );
    const link = /https:\/\/nastavnik\.example\.ru(\/set-password\/[a-z2-7]{32})/.exec(invitation.text)?.[1];
    if (!link) throw new Error('no link in the invitation');
    expect(invitation.html).toContain(`href="${SITE}${link}"`);

    const person = new Client(app);
    await person.get(link);
    const set = await person.post(link, { password: 'тихий вечер у реки Оки', password_confirm: 'тихий вечер у реки Оки' });
    expect(set.statusCode, textOf(set.body).slice(0, 300)).toBe(303);
    const user = await database.db
      .selectFrom('users')
      .select(['email', 'email_confirmed_at', 'password_hash'])
      .where('login', '=', 'new.curator')
      .executeTakeFirstOrThrow();
    expect(user.password_hash).not.toBeNull();
    expect(user.email_confirmed_at).not.toBeNull();
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'changed_fields'])
      .where('action', 'in', ['mail_password_link', 'set_password'])
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { action: 'mail_password_link', changed_fields: [] },
      { action: 'set_password', changed_fields: ['password', 'email_confirmed_at'] },
    ]);
  });

  it('a link handed over by hand confirms nothing; a refused mail shows the link with the reason; no address: the link as before', async () => {
    const admin = await signedIn(app, 'admin', PASSWORD);
    // A curator without an address: the link is shown, nothing mailed.
    const mentor = world.users['curator.b'] ?? 0;
    await admin.get(`/users/${mentor}`);
    const reset = await admin.post(`/users/${mentor}/reset-password`);
    const shown = await admin.get(String(reset.headers.location));
    expect(shown.body).toMatch(/\/set-password\/[a-z2-7]{32}/);
    expect(textOf(shown.body)).not.toContain('Ссылка отправлена');

    // An address the server refuses: the link is shown with «Письмо не отправлено».
    const email = 'refused@school.example.ru';
    await database.db.updateTable('users').set({ email }).where('id', '=', mentor).execute();
    smtp.refuse.add(email);
    const refused = await admin.post(`/users/${mentor}/reset-password`);
    const page = await admin.get(String(refused.headers.location));
    expect(textOf(page.body)).toMatch(/Письмо не отправлено: refused@school\.example\.ru: .*550/);
    const link = /\/set-password\/[a-z2-7]{32}/.exec(page.body)?.[0];
    if (!link) throw new Error('no link shown');
    await new Promise((r) => setTimeout(r, 100));
    expect(smtp.mails).toHaveLength(0);

    // Used by hand: the password is set, the address stays unconfirmed.
    const person = new Client(app);
    await person.get(link);
    expect(
      (await person.post(link, { password: 'тихий вечер у реки Оки', password_confirm: 'тихий вечер у реки Оки' })).statusCode,
    ).toBe(303);
    const user = await database.db
      .selectFrom('users')
      .select('email_confirmed_at')
      .where('id', '=', mentor)
      .executeTakeFirstOrThrow();
    expect(user.email_confirmed_at).toBeNull();
  });

  it('without SMTP: the link is shown, and the page says why it was not mailed to the address the account has', async () => {
    const plain = await createTestApp(database);
    try {
      expect(plain.mailer).toBeNull();
      await confirmed('curator');
      const admin = await signedIn(plain, 'admin', PASSWORD);
      const curator = world.users.curator ?? 0;
      await admin.get(`/users/${curator}`);
      const reset = await admin.post(`/users/${curator}/reset-password`);
      const page = await admin.get(String(reset.headers.location));
      expect(page.body).toMatch(/\/set-password\/[a-z2-7]{32}/);
      expect(textOf(page.body)).toContain('Письмо не отправлено: отправка почты на портале не настроена');
    } finally {
      await plain.close();
    }
  });

  it('a minor gets no mail: the link is shown as before', async () => {
    const admin = await signedIn(app, 'admin', PASSWORD);
    const mentee = world.users.mentee ?? 0;
    await database.db.updateTable('users').set({ email: 'pupil@school.example.ru' }).where('id', '=', mentee).execute();
    await database.db
      .insertInto('mentees')
      .values({
        organization_id: world.a.school,
        last_name: 'Ученик',
        first_name: 'Пётр',
        category: 'student',
        birth_date: '2012-05-05',
        user_id: mentee,
      })
      .execute();
    await admin.get(`/users/${mentee}`);
    const reset = await admin.post(`/users/${mentee}/reset-password`);
    const page = await admin.get(String(reset.headers.location));
    expect(page.body).toMatch(/\/set-password\/[a-z2-7]{32}/);
    expect(textOf(page.body)).toContain('Письмо не отправлено: портал не отправляет писем несовершеннолетним');
    await new Promise((r) => setTimeout(r, 100));
    expect(smtp.mails).toHaveLength(0);
  });
});
