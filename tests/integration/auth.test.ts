import { describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.js';
import { Client, createTestApp, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

describe('login', () => {
  it('signs in with the right password, sets a safe cookie and lands on the home page', async () => {
    const client = new Client(t.app);
    const response = await client.login('curator', PASSWORD);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/');
    const cookie = response.cookies.find((c) => c.name === 'session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.path).toBe('/');
    const home = await client.get('/');
    expect(textOf(home.body)).toContain('Тестов curator Иванович');
    expect(textOf(home.body)).toContain('Куратор ОО');
  });

  it('names the role and the organisation in the header, once when they are the same words', async () => {
    const user = await signedIn(t.app, 'department', PASSWORD);
    const roleOf = async () => /<span class="user-role">([\s\S]*?)<\/span>/.exec((await user.get('/account')).body)?.[1]?.replace(/\s+/g, ' ');
    expect(await roleOf()).toBe('Управление образования · Управление А');
    await t.database.db.updateTable('organizations').set({ short_name: 'Управление образования' }).where('id', '=', t.world.a.department).execute();
    expect(await roleOf()).toBe('Управление образования');
  });

  it('accepts the login in any case and returns to the page asked for', async () => {
    const client = new Client(t.app);
    const first = await client.get('/users');
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe('/login?next=%2Fusers');
    await client.get('/login?next=%2Fusers');
    const response = await client.post('/login', { login: 'CURATOR', password: PASSWORD, next: '/users' });
    expect(response.headers.location).toBe('/users');
  });

  it('never redirects to another site after login', async () => {
    const client = new Client(t.app);
    await client.get('/login');
    const response = await client.post('/login', { login: 'curator', password: PASSWORD, next: '//evil.example/' });
    expect(response.headers.location).toBe('/');
  });

  it('shows one message for a wrong password or an unknown login, keeping the login but not the password', async () => {
    const client = new Client(t.app);
    await client.get('/login');
    const wrong = await client.post('/login', { login: 'curator', password: 'wrong password' });
    expect(wrong.statusCode).toBe(401);
    expect(textOf(wrong.body)).toContain('Неверный логин или пароль');
    expect(wrong.body).toContain('value="curator"');
    expect(wrong.body).not.toContain('wrong password');
    const unknown = await client.post('/login', { login: 'nobody', password: 'wrong password' });
    expect(unknown.statusCode).toBe(401);
    expect(textOf(unknown.body)).toContain('Неверный логин или пароль');
  });

  it('names the empty fields', async () => {
    const client = new Client(t.app);
    await client.get('/login');
    const response = await client.post('/login', { login: '', password: '' });
    expect(response.statusCode).toBe(400);
    const text = textOf(response.body);
    expect(text).toContain('Введите логин');
    expect(text).toContain('Введите пароль');
    expect(response.body).toContain('href="#field-login"');
  });

  it('refuses a deactivated account', async () => {
    await t.database.db.updateTable('users').set({ is_active: false }).where('login', '=', 'mentor').execute();
    const response = await new Client(t.app).login('mentor', PASSWORD);
    expect(response.statusCode).toBe(401);
  });
});

describe('throttling', () => {
  it('refuses the sixth attempt after five failures for a login, even with the right password', async () => {
    const client = new Client(t.app);
    await client.get('/login');
    for (let i = 0; i < 5; i++) {
      const r = await client.post('/login', { login: 'curator', password: `wrong ${i}` });
      expect(r.statusCode).toBe(401);
    }
    const sixth = await client.post('/login', { login: 'curator', password: PASSWORD });
    expect(sixth.statusCode).toBe(429);
    expect(textOf(sixth.body)).toContain('Слишком много неудачных попыток входа');
    // another login from another address is not affected
    const other = await new Client(t.app).login('mentor', PASSWORD);
    expect(other.statusCode).toBe(303);
  });

  it('lets the login in again once the failures are older than 15 minutes', async () => {
    const client = new Client(t.app);
    await client.get('/login');
    for (let i = 0; i < 5; i++) await client.post('/login', { login: 'curator', password: `wrong ${i}` });
    await t.database.db
      .updateTable('login_attempts')
      .set({ attempted_at: new Date(Date.now() - 16 * 60 * 1000) } as never)
      .execute();
    const response = await client.post('/login', { login: 'curator', password: PASSWORD });
    expect(response.statusCode).toBe(303);
  });

  it('a successful login clears the count of earlier failures', async () => {
    const client = new Client(t.app);
    await client.get('/login');
    for (let i = 0; i < 4; i++) await client.post('/login', { login: 'curator', password: `wrong ${i}` });
    expect((await client.post('/login', { login: 'curator', password: PASSWORD })).statusCode).toBe(303);
    const again = new Client(t.app);
    await again.get('/login');
    for (let i = 0; i < 4; i++) expect((await again.post('/login', { login: 'curator', password: `bad ${i}` })).statusCode).toBe(401);
    expect((await again.post('/login', { login: 'curator', password: PASSWORD })).statusCode).toBe(303);
  });

  it('refuses an address after 20 failures across logins', async () => {
    const client = new Client(t.app);
    await client.get('/login');
    for (let i = 0; i < 20; i++) await client.post('/login', { login: `user${i}`, password: 'wrong password' });
    const response = await client.post('/login', { login: 'mentee', password: PASSWORD });
    expect(response.statusCode).toBe(429);
  });

  it('keeps the count in the database, so a new t.app instance refuses too', async () => {
    const client = new Client(t.app);
    await client.get('/login');
    for (let i = 0; i < 5; i++) await client.post('/login', { login: 'curator', password: `wrong ${i}` });
    const second = await createTestApp(t.database);
    try {
      const response = await new Client(second).login('curator', PASSWORD);
      expect(response.statusCode).toBe(429);
    } finally {
      await second.close();
    }
  });
});

describe('sessions', () => {
  it('stores only the SHA-256 of the token', async () => {
    const client = await signedIn(t.app, 'curator', PASSWORD);
    const token = client.cookies.get('session')!;
    const rows = await t.database.db.selectFrom('sessions').select('id').execute();
    expect(rows.map((r) => r.id)).toEqual([hashToken(token)]);
    expect(rows[0]!.id).not.toBe(token);
  });

  it('ends the session on logout: the old cookie no longer opens pages', async () => {
    const client = await signedIn(t.app, 'curator', PASSWORD);
    const token = client.cookies.get('session')!;
    const out = await client.post('/logout');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/login');
    const reuse = await t.app.inject({ url: '/users', headers: { cookie: `session=${token}` } });
    expect(reuse.statusCode).toBe(303);
    expect(reuse.headers.location).toContain('/login');
    expect(await t.database.db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
  });

  it('refuses an expired session', async () => {
    const client = await signedIn(t.app, 'curator', PASSWORD);
    await t.database.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).execute();
    const response = await client.get('/users');
    expect(response.statusCode).toBe(303);
  });

  it('extends a session used when fewer than 15 days remain', async () => {
    const client = await signedIn(t.app, 'curator', PASSWORD);
    await t.database.db.updateTable('sessions').set({ expires_at: new Date(Date.now() + 10 * 86_400_000) }).execute();
    const response = await client.get('/');
    expect(response.cookies.find((c) => c.name === 'session')).toBeDefined();
    const row = await t.database.db.selectFrom('sessions').select('expires_at').executeTakeFirstOrThrow();
    expect(row.expires_at.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  it('ends every session of a user who is deactivated', async () => {
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    await admin.get(`/users/${t.world.users.mentor}`);
    const r = await admin.post(`/users/${t.world.users.mentor}/deactivate`);
    expect(r.statusCode).toBe(303);
    const response = await mentor.get('/account');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain('/login');
  });

  it('ends the other sessions on a password change, keeping this browser signed in', async () => {
    const phone = await signedIn(t.app, 'mentor', PASSWORD);
    const laptop = await signedIn(t.app, 'mentor', PASSWORD);
    await laptop.get('/account');
    const change = await laptop.post('/account/password', {
      current_password: PASSWORD,
      password: 'новый пароль наставника',
      password_confirm: 'новый пароль наставника',
    });
    expect(change.statusCode).toBe(303);
    expect((await laptop.get('/account')).statusCode).toBe(200);
    expect((await phone.get('/account')).statusCode).toBe(303);
    expect((await new Client(t.app).login('mentor', 'новый пароль наставника')).statusCode).toBe(303);
  });

  it('refuses a weak new password and a wrong current one, with the reason at the field', async () => {
    const client = await signedIn(t.app, 'mentor', PASSWORD);
    await client.get('/account');
    const short = await client.post('/account/password', { current_password: PASSWORD, password: 'короткий', password_confirm: 'короткий' });
    expect(short.statusCode).toBe(400);
    expect(textOf(short.body)).toContain('не менее 10 символов');
    const common = await client.post('/account/password', { current_password: PASSWORD, password: 'qwertyuiop', password_confirm: 'qwertyuiop' });
    expect(textOf(common.body)).toContain('слишком распространён');
    const wrong = await client.post('/account/password', { current_password: 'не тот пароль', password: 'хороший длинный пароль', password_confirm: 'хороший длинный пароль' });
    expect(textOf(wrong.body)).toContain('Текущий пароль указан неверно');
    const mismatch = await client.post('/account/password', { current_password: PASSWORD, password: 'хороший длинный пароль', password_confirm: 'другой длинный пароль' });
    expect(textOf(mismatch.body)).toContain('Пароли не совпадают');
  });
});

describe('CSRF and origin checks', () => {
  it('refuses a form without the CSRF token', async () => {
    const client = await signedIn(t.app, 'admin', PASSWORD);
    const response = await t.app.inject({
      method: 'POST',
      url: `/users/${t.world.users.mentor}/deactivate`,
      payload: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `session=${client.cookies.get('session')}; _csrf=${client.cookies.get('_csrf')}` },
    });
    expect(response.statusCode).toBe(403);
    expect(textOf(response.body)).toContain('Форма устарела');
    const user = await t.database.db.selectFrom('users').select('is_active').where('id', '=', t.world.users.mentor!).executeTakeFirstOrThrow();
    expect(user.is_active).toBe(true);
  });

  it('refuses a state-changing request that the browser marks as cross-site', async () => {
    const client = await signedIn(t.app, 'admin', PASSWORD);
    await client.get('/users');
    const bySite = await client.post(`/users/${t.world.users.mentor}/deactivate`, {}, { 'sec-fetch-site': 'cross-site' });
    expect(bySite.statusCode).toBe(403);
    const byOrigin = await client.post(`/users/${t.world.users.mentor}/deactivate`, {}, { origin: 'https://evil.example' });
    expect(byOrigin.statusCode).toBe(403);
    const same = await client.post(`/users/${t.world.users.mentor}/deactivate`, {}, { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' });
    expect(same.statusCode).toBe(303);
  });

  it('sends a strict content security policy and no inline scripts', async () => {
    const response = await t.app.inject({ url: '/login' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a body over the limit', async () => {
    const client = await signedIn(t.app, 'admin', PASSWORD);
    const response = await client.post('/organizations', { full_name: 'x'.repeat(1_100_000) });
    expect(response.statusCode).toBe(413);
    expect(textOf(response.body)).toContain('Слишком большой запрос');
  });
});
