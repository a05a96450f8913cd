import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.js';
import { readMailSettings } from '../../src/modules/mail/settings.js';
import { NOTIFICATION_KIND_LIST } from '../../src/modules/notifications/labels.js';
import { Client, createTestApp, signedIn, testConfig, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { postList } from '../helpers/forms.js';
import { linkTo, startSmtp, type TestSmtp } from '../helpers/smtp.js';
import { buildWorld, PASSWORD, type World } from '../helpers/world.js';

/**
 * The person's e-mail address and mail settings (issue 16): the address set on the account page
 * is confirmed by a link mailed through a real SMTP server started here; the link's page changes
 * nothing on GET; used, expired, replaced links and links to an address changed since are refused;
 * without SMTP the address is kept and the page says mail is off; minors are offered no address;
 * the settings page saves the mode and the kinds by e-mail.
 */

let database: TestDatabase;
let smtp: TestSmtp;
/** The portal with SMTP_URL pointing at the test server. */
let app: FastifyInstance;
/** The same database without SMTP_URL. */
let noMail: FastifyInstance;
/** SMTP_URL pointing at a port where nobody answers. */
let deadMail: FastifyInstance;
let world: World;

const CONFIRM = '/account/email/confirm/';

beforeAll(async () => {
  [database, smtp] = await Promise.all([createTestDatabase(), startSmtp()]);
  app = await createTestApp(database, {
    config: testConfig({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Наставничество <portal@nastavnik.test>',
      PUBLIC_URL: 'https://nastavnik.test',
    }),
  });
  noMail = await createTestApp(database);
  deadMail = await createTestApp(database, { config: testConfig({ SMTP_URL: 'smtp://127.0.0.1:9' }) });
});

afterAll(async () => {
  await Promise.all([app?.close(), noMail?.close(), deadMail?.close()]);
  await smtp?.close();
  await database?.drop();
});

beforeEach(async () => {
  await database.reset();
  world = await buildWorld(database.db);
  smtp.clear();
});

async function userRow(login: string) {
  return database.db
    .selectFrom('users')
    .select(['id', 'email', 'email_confirmed_at'])
    .where('login', '=', login)
    .executeTakeFirstOrThrow();
}

async function auditActions(userId: number): Promise<string[]> {
  const rows = await database.db
    .selectFrom('audit_log')
    .select(['action', 'entity_type'])
    .where('entity_id', '=', String(userId))
    .where('action', 'in', ['set_email', 'send_email_link', 'confirm_email', 'remove_email', 'update'])
    .where('entity_type', 'in', ['user', 'mail_settings'])
    .orderBy('id')
    .execute();
  return rows.map((r) => `${r.entity_type}:${r.action}`);
}

/** Sets the address on the account page; returns the confirmation link's path from the mail. */
async function setEmail(client: Client, email: string): Promise<string> {
  const before = smtp.mails.length;
  const response = await client.post('/account/email', { email });
  expect(response.statusCode).toBe(303);
  expect(smtp.mails.length).toBe(before + 1);
  const mail = smtp.mails[smtp.mails.length - 1]!;
  const link = linkTo(mail.text, CONFIRM);
  expect(link).not.toBeNull();
  return link!;
}

describe('the address on the account page, confirmed by a mailed link', () => {
  it('sends a confirmation mail with the link and the reason, keeping only the SHA-256 of its token', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    const response = await curator.post('/account/email', { email: '  T.Ivanova@School-A1.Example.RU ' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account#email');
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    // The domain in lower case, the part before «@» as typed.
    expect(mail.to).toEqual(['T.Ivanova@school-a1.example.ru']);
    expect(mail.from).toBe('portal@nastavnik.test');
    expect(mail.subject).toBe('Подтвердите адрес электронной почты — портал «Наставничество»');
    expect(mail.text).toContain('Тестов curator Иванович, здравствуйте!');
    expect(mail.text).toContain('потому что адрес T.Ivanova@school-a1.example.ru указан в профиле учётной записи «curator»');
    expect(mail.text).toContain('Ссылка действует 48 часов');
    const link = linkTo(mail.text, CONFIRM)!;
    expect(mail.text).toContain(`https://nastavnik.test${link}`);
    expect(mail.html).toContain(`href="https://nastavnik.test${link}"`);
    expect(mail.html).toContain('потому что адрес T.Ivanova@school-a1.example.ru указан');
    const token = link.slice(CONFIRM.length);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    const stored = await database.db.selectFrom('email_confirmations').selectAll().execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored[0]!.expires_at.getTime() - stored[0]!.created_at.getTime()).toBeCloseTo(48 * 3600 * 1000, -4);

    const user = await userRow('curator');
    expect(user.email).toBe('T.Ivanova@school-a1.example.ru');
    expect(user.email_confirmed_at).toBeNull();
    const page = textOf((await curator.get('/account')).body);
    expect(page).toContain('На адрес T.Ivanova@school-a1.example.ru отправлено письмо со ссылкой');
    expect(page).toMatch(/Состояние не подтверждён — письмо со ссылкой отправлено \d\d\.\d\d\.\d{4}, \d\d:\d\d/);
    expect(await auditActions(user.id)).toEqual(['user:set_email', 'user:send_email_link']);
  });

  it('the link shows a page with a button (GET changes nothing); the POST confirms; the link then is used up', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    const link = await setEmail(curator, 'curator@school.example.ru');
    // Mail scanners and previews fetch the link: nothing may change.
    const visitor = new Client(app);
    const page = await visitor.get(link);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Подтвердите адрес curator@school.example.ru');
    expect(page.body).toContain(`action="${link}"`);
    expect(page.body).toContain('name="_csrf"');
    await visitor.get(link);
    expect((await userRow('curator')).email_confirmed_at).toBeNull();
    const used = await database.db.selectFrom('email_confirmations').select('used_at').executeTakeFirstOrThrow();
    expect(used.used_at).toBeNull();

    // Signed out: the confirmation leads to the login page with the news.
    const confirmed = await visitor.post(link);
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe('/login');
    expect(textOf((await visitor.get('/login')).body)).toContain('Адрес curator@school.example.ru подтверждён');
    const user = await userRow('curator');
    expect(user.email_confirmed_at).toBeInstanceOf(Date);
    expect(textOf((await curator.get('/account')).body)).toMatch(/Состояние подтверждён \d\d\.\d\d\.\d{4}/);
    expect(await auditActions(user.id)).toEqual(['user:set_email', 'user:send_email_link', 'user:confirm_email']);

    const again = await visitor.get(link);
    expect(again.statusCode).toBe(410);
    expect(textOf(again.body)).toContain('Ссылка уже использована');
    expect((await visitor.post(link)).statusCode).toBe(410);
  });

  it('a POST without the page’s CSRF token confirms nothing', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    const link = await setEmail(curator, 'curator@school.example.ru');
    const response = await app.inject({
      method: 'POST',
      url: link,
      payload: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(403);
    expect((await userRow('curator')).email_confirmed_at).toBeNull();
  });

  it('the owner signed in is taken back to the account page', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    const link = await setEmail(curator, 'curator@school.example.ru');
    await curator.get(link);
    const response = await curator.post(link);
    expect(response.headers.location).toBe('/account#email');
    expect(textOf((await curator.get('/account')).body)).toContain('Адрес curator@school.example.ru подтверждён');
  });

  it('an expired link is refused (410) and confirms nothing', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    const link = await setEmail(curator, 'curator@school.example.ru');
    await database.db
      .updateTable('email_confirmations')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    const visitor = new Client(app);
    const page = await visitor.get(link);
    expect(page.statusCode).toBe(410);
    expect(textOf(page.body)).toContain('Срок действия ссылки истёк');
    expect((await visitor.post(link)).statusCode).toBe(410);
    expect((await userRow('curator')).email_confirmed_at).toBeNull();
    expect(textOf((await curator.get('/account')).body)).toContain('не подтверждён — действующей ссылки нет');
  });

  it('a link to an address changed (or removed) since is refused; a newer link replaces an older one', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    const first = await setEmail(curator, 'old@school.example.ru');
    const second = await setEmail(curator, 'new@school.example.ru');
    const visitor = new Client(app);
    const changed = await visitor.get(first);
    expect(changed.statusCode).toBe(410);
    expect(textOf(changed.body)).toContain('Адрес в профиле изменён');
    expect((await visitor.post(first)).statusCode).toBe(410);
    expect((await userRow('curator')).email_confirmed_at).toBeNull();

    // The same address again: a new link, and the older one says it was replaced.
    const third = await setEmail(curator, 'new@school.example.ru');
    expect(textOf((await curator.get('/account')).body)).toContain('На адрес new@school.example.ru отправлено письмо');
    const replaced = await visitor.get(second);
    expect(replaced.statusCode).toBe(410);
    expect(textOf(replaced.body)).toContain('Ссылка заменена новой');
    expect((await visitor.post(second)).statusCode).toBe(410);

    // Removed: the address is kept nowhere, and the waiting link is unknown.
    expect((await curator.post('/account/email/remove')).statusCode).toBe(303);
    expect(await userRow('curator')).toMatchObject({ email: null, email_confirmed_at: null });
    expect(await database.db.selectFrom('email_confirmations').selectAll().execute()).toEqual([]);
    expect((await visitor.get(third)).statusCode).toBe(404);
    expect((await visitor.post(third)).statusCode).toBe(404);
    expect(textOf((await curator.get('/account')).body)).toContain('Адрес не указан');
    const user = await userRow('curator');
    expect((await auditActions(user.id)).at(-1)).toBe('user:remove_email');
  });

  it('the link of a deactivated account is unknown', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    const link = await setEmail(curator, 'curator@school.example.ru');
    await database.db.updateTable('users').set({ is_active: false }).where('login', '=', 'curator').execute();
    const visitor = new Client(app);
    expect((await visitor.get(link)).statusCode).toBe(404);
    await visitor.get('/login');
    expect((await visitor.post(link)).statusCode).toBe(404);
    expect((await userRow('curator')).email_confirmed_at).toBeNull();
  });

  it('an unknown token is 404, whatever its shape', async () => {
    const visitor = new Client(app);
    for (const token of ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'not-a-token', 'x'.repeat(90)]) {
      const response = await visitor.get(`${CONFIRM}${token}`);
      expect(response.statusCode, token).toBe(404);
      expect(textOf(response.body)).toContain('Ссылка недействительна');
    }
  });

  it('two accounts may carry the same address (a shared school mailbox): each link confirms its own account only', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    const head = await signedIn(app, 'school_head', PASSWORD);
    const curatorLink = await setEmail(curator, 'school-a1@example.ru');
    await setEmail(head, 'school-a1@example.ru');
    const visitor = new Client(app);
    await visitor.get(curatorLink);
    expect((await visitor.post(curatorLink)).statusCode).toBe(303);
    expect((await userRow('curator')).email_confirmed_at).toBeInstanceOf(Date);
    expect((await userRow('school_head')).email_confirmed_at).toBeNull();
  });

  it('resends the link on request and to the same unconfirmed address saved again; an address already confirmed is left alone', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    const link = await setEmail(curator, 'curator@school.example.ru');
    expect((await curator.post('/account/email/resend')).statusCode).toBe(303);
    expect(smtp.to('curator@school.example.ru')).toHaveLength(2);
    // The first link is replaced by the resent one.
    const visitor = new Client(app);
    await visitor.get(link);
    expect((await visitor.post(link)).statusCode).toBe(410);
    const latest = linkTo(smtp.mails.at(-1)!.text, CONFIRM)!;
    await visitor.get(latest);
    expect((await visitor.post(latest)).statusCode).toBe(303);
    // Saving the confirmed address again sends nothing and keeps the confirmation.
    await curator.get('/account');
    await curator.post('/account/email', { email: 'curator@school.example.ru' });
    expect(smtp.mails).toHaveLength(2);
    expect((await userRow('curator')).email_confirmed_at).toBeInstanceOf(Date);
    expect(textOf((await curator.get('/account')).body)).toContain('уже указан в профиле и подтверждён');
    expect((await curator.post('/account/email/resend')).statusCode).toBe(303);
    expect(smtp.mails).toHaveLength(2);
  });

  it('sends at most 5 links an hour', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    for (let i = 1; i <= 5; i++) await setEmail(curator, `curator${i}@school.example.ru`);
    await curator.post('/account/email', { email: 'curator6@school.example.ru' });
    expect(smtp.mails).toHaveLength(5);
    expect((await userRow('curator')).email).toBe('curator6@school.example.ru');
    expect(textOf((await curator.get('/account')).body)).toContain('Писем со ссылкой было слишком много за последний час');
  });

  it('refuses a wrong address with a message at the field', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    const cases: Array<[string, string]> = [
      ['', 'Укажите адрес электронной почты'],
      ['ivanova', 'Адрес электронной почты: укажите адрес вида name@example.ru'],
      ['ivanova@', 'Адрес электронной почты: укажите адрес вида name@example.ru'],
      ['ivanova@school', 'Адрес электронной почты: укажите адрес вида name@example.ru'],
      ['иванова@school.ru', 'Адрес электронной почты: укажите адрес вида name@example.ru'],
      [`${'a'.repeat(250)}@x.ru`, 'Адрес электронной почты: не более 254 символов'],
    ];
    for (const [email, message] of cases) {
      const response = await curator.post('/account/email', { email });
      expect(response.statusCode, email).toBe(400);
      expect(response.body).toContain('aria-invalid="true"');
      expect(textOf(response.body), email).toContain(message);
      expect(response.body).toContain('href="#field-email"');
    }
    expect(smtp.mails).toHaveLength(0);
    // A Cyrillic domain is an address.
    await setEmail(curator, 'ivanova@Школа.РФ');
    expect((await userRow('curator')).email).toBe('ivanova@школа.рф');
  });
});

describe('without SMTP', () => {
  it('keeps the address, says plainly that the portal sends no mail now, and sends nothing', async () => {
    const curator = await signedIn(noMail, 'curator', PASSWORD);
    const response = await curator.post('/account/email', { email: 'curator@school.example.ru' });
    expect(response.statusCode).toBe(303);
    const page = textOf((await curator.get('/account')).body);
    expect(page).toContain('Портал сейчас не отправляет электронную почту, поэтому подтвердить адрес пока нельзя');
    expect(page).toContain('Состояние не подтверждён');
    expect(page).not.toContain('Отправить ссылку ещё раз');
    expect(smtp.mails).toHaveLength(0);
    expect(await database.db.selectFrom('email_confirmations').selectAll().execute()).toEqual([]);
    expect((await userRow('curator')).email).toBe('curator@school.example.ru');
    const settings = await curator.get('/account/notifications');
    expect(settings.statusCode).toBe(200);
    expect(textOf(settings.body)).toContain('Портал сейчас не отправляет электронную почту');
  });

  it('a mail server that does not answer: the page says the mail was not sent, and no link waits', async () => {
    const curator = await signedIn(deadMail, 'curator', PASSWORD);
    await curator.post('/account/email', { email: 'curator@school.example.ru' });
    expect(textOf((await curator.get('/account')).body)).toContain('Не удалось отправить письмо');
    expect(await database.db.selectFrom('email_confirmations').selectAll().execute()).toEqual([]);
    expect((await userRow('curator')).email).toBe('curator@school.example.ru');
  });
});

describe('minors get no e-mail', () => {
  async function linkMentee(category: 'student' | 'new_teacher', birthDate: string | null): Promise<void> {
    await database.db
      .updateTable('mentees')
      .set({ user_id: world.users.mentee!, category, birth_date: birthDate })
      .where('id', '=', world.people.menteeA)
      .execute();
  }

  it('a pupil’s account page offers no address and says why; a crafted form is refused', async () => {
    await linkMentee('student', '2012-03-01');
    const mentee = await signedIn(app, 'mentee', PASSWORD);
    const page = await mentee.get('/account');
    expect(page.body).not.toContain('name="email"');
    expect(textOf(page.body)).toContain('Несовершеннолетним участникам наставничества портал не отправляет электронные письма');
    const refused = await mentee.post('/account/email', { email: 'pupil@example.ru' });
    expect(refused.statusCode).toBe(403);
    expect(textOf(refused.body)).toContain('Несовершеннолетним');
    expect((await mentee.post('/account/email/resend')).statusCode).toBe(403);
    expect((await userRow('mentee')).email).toBeNull();
    expect(smtp.mails).toHaveLength(0);
    const settings = await mentee.get('/account/notifications');
    expect(textOf(settings.body)).toContain(
      'Несовершеннолетним участникам наставничества портал не отправляет электронные письма',
    );
    expect(settings.body).not.toContain('name="mode"');
  });

  it('a pupil counts as a minor whatever the birth date; anyone under 18 does', async () => {
    await linkMentee('student', null);
    const mentee = await signedIn(app, 'mentee', PASSWORD);
    expect((await mentee.get('/account')).body).not.toContain('name="email"');
    const year = new Date().getFullYear();
    await linkMentee('new_teacher', `${year - 17}-01-01`);
    expect((await mentee.get('/account')).body).not.toContain('name="email"');
    await linkMentee('new_teacher', `${year - 30}-01-01`);
    expect((await mentee.get('/account')).body).toContain('name="email"');
    await setEmail(mentee, 'young.teacher@example.ru');
  });

  it('a mentee’s account linked to no record is of unknown age: no address until the curator links it', async () => {
    const mentee = await signedIn(app, 'mentee', PASSWORD);
    const page = await mentee.get('/account');
    expect(page.body).not.toContain('name="email"');
    expect(textOf(page.body)).toContain('Учётная запись ещё не связана с записью в базе наставников или наставляемых');
    // The staff are adults by their office.
    const head = await signedIn(app, 'school_head', PASSWORD);
    expect((await head.get('/account')).body).toContain('name="email"');
  });
});

describe('an administrator changing an account’s address', () => {
  it('clears the confirmation; saving the form unchanged keeps it', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    const link = await setEmail(curator, 'T.Ivanova@school.example.ru');
    const visitor = new Client(app);
    await visitor.get(link);
    await visitor.post(link);
    const id = world.users.curator!;
    expect((await userRow('curator')).email_confirmed_at).toBeInstanceOf(Date);
    const admin = await signedIn(app, 'admin', PASSWORD);
    const form = {
      login: 'curator',
      full_name: 'Тестов curator Иванович',
      position: '',
      organization_id: String(world.a.school),
      role: 'curator',
      phone: '',
    };
    await admin.get(`/users/${id}/edit`);
    expect((await admin.post(`/users/${id}`, { ...form, email: 'T.Ivanova@School.Example.RU' })).statusCode).toBe(303);
    expect(await userRow('curator')).toMatchObject({ email: 'T.Ivanova@school.example.ru' });
    expect((await userRow('curator')).email_confirmed_at).toBeInstanceOf(Date);
    expect(textOf((await admin.get(`/users/${id}`)).body)).toMatch(
      /T\.Ivanova@school\.example\.ru — адрес подтверждён \d\d\.\d\d\.\d{4}/,
    );
    await admin.get(`/users/${id}/edit`);
    expect((await admin.post(`/users/${id}`, { ...form, email: 'other@school.example.ru' })).statusCode).toBe(303);
    expect(await userRow('curator')).toMatchObject({ email: 'other@school.example.ru', email_confirmed_at: null });
    expect(textOf((await admin.get(`/users/${id}`)).body)).toContain('other@school.example.ru — адрес не подтверждён');
    const entry = await database.db
      .selectFrom('audit_log')
      .select('changed_fields')
      .where('action', '=', 'update')
      .where('entity_type', '=', 'user')
      .where('entity_id', '=', String(id))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.changed_fields).toEqual(['email', 'email_confirmed_at']);
  });
});

describe('the settings page /account/notifications', () => {
  it('shows the defaults, saves the mode and the kinds by e-mail, and reads them back', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    const page = await curator.get('/account/notifications');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Сразу');
    expect(text).toContain('Раз в день сводкой');
    expect(text).toContain('Не присылать письма');
    // Every kind of the catalogue, grouped by its label's prefix.
    for (const kind of NOTIFICATION_KIND_LIST) expect(page.body).toContain(`value="${kind}" `);
    expect(page.body).toContain('<h2 class="mail-kind-group" id="kind-group-0">Мониторинг</h2>');
    expect(page.body).toContain('>Дорожная карта</h2>');
    expect(page.body).toMatch(/id="mode-immediate" name="mode" value="immediate"[^>]* checked/);
    expect(text).toContain('В профиле не указан адрес электронной почты');
    expect(await database.db.selectFrom('mail_settings').selectAll().execute()).toEqual([]);

    const kept = ['monitoring_sent', 'roadmap_approval_needed'];
    const saved = await postList(curator, '/account/notifications', { mode: 'digest', email_kinds: kept });
    expect(saved.statusCode).toBe(303);
    const row = await database.db.selectFrom('mail_settings').selectAll().executeTakeFirstOrThrow();
    expect(row.mode).toBe('digest');
    expect([...row.muted_kinds].sort()).toEqual(NOTIFICATION_KIND_LIST.filter((k) => !kept.includes(k)).sort());
    expect(row.unsubscribe_token.length).toBeGreaterThan(20);
    const settings = await readMailSettings(database.db, [world.users.curator!]);
    expect(settings.get(world.users.curator!)?.mode).toBe('digest');

    const again = await curator.get('/account/notifications');
    expect(saved.headers.location).toBe('/account/notifications');
    expect(again.body).toMatch(/id="mode-digest" name="mode" value="digest"[^>]* checked/);
    expect(again.body).toMatch(/value="monitoring_sent" [^>]*checked/);
    expect(again.body).not.toMatch(/value="monitoring_accepted" [^>]*checked/);
    expect(await auditActions(world.users.curator!)).toEqual(['mail_settings:update']);

    // The token made once stays; nothing changed is not audited again.
    await postList(curator, '/account/notifications', { mode: 'digest', email_kinds: kept });
    const same = await database.db.selectFrom('mail_settings').selectAll().executeTakeFirstOrThrow();
    expect(same.unsubscribe_token).toBe(row.unsubscribe_token);
    expect(await auditActions(world.users.curator!)).toEqual(['mail_settings:update']);

    // No kind chosen: every kind stays in the portal only.
    await curator.post('/account/notifications', { mode: 'immediate' });
    const none = await database.db.selectFrom('mail_settings').selectAll().executeTakeFirstOrThrow();
    expect([...none.muted_kinds].sort()).toEqual([...NOTIFICATION_KIND_LIST].sort());
  });

  it('refuses an unknown kind or mode in a crafted form, naming the field', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    await curator.get('/account/notifications');
    const kind = await postList(curator, '/account/notifications', {
      mode: 'immediate',
      email_kinds: ['monitoring_sent', 'launch_missiles'],
    });
    expect(kind.statusCode).toBe(400);
    expect(textOf(kind.body)).toContain(
      'Какие уведомления присылать письмом: вида «launch_missiles» нет, выберите виды из списка',
    );
    const mode = await curator.post('/account/notifications', { mode: 'hourly' });
    expect(mode.statusCode).toBe(400);
    expect(textOf(mode.body)).toContain('Выберите, как присылать письма');
    expect(await database.db.selectFrom('mail_settings').selectAll().execute()).toEqual([]);
  });

  it('says where mail goes: to the confirmed address, or that it is not confirmed yet', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    const link = await setEmail(curator, 'curator@school.example.ru');
    expect(textOf((await curator.get('/account/notifications')).body)).toContain(
      'Адрес curator@school.example.ru ещё не подтверждён. Письма приходят только на подтверждённый адрес',
    );
    const visitor = new Client(app);
    await visitor.get(link);
    await visitor.post(link);
    expect(textOf((await curator.get('/account/notifications')).body)).toContain(
      'Письма приходят на адрес curator@school.example.ru',
    );
  });

  it('is linked from the account page and from the notifications list', async () => {
    const curator = await signedIn(app, 'curator', PASSWORD);
    expect((await curator.get('/account')).body).toContain('href="/account/notifications"');
    expect((await curator.get('/notifications')).body).toContain('href="/account/notifications"');
  });
});
