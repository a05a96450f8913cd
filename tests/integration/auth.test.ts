import { describe, expect, it } from 'vitest';
import { hashToken } from '../../src/auth/tokens.js';
import { Client, createTestApp, signedIn, testConfig, textOf } from '../helpers/app.js';
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
    const roleOf = async () =>
      /<span class="user-role">([\s\S]*?)<\/span>/.exec((await user.get('/account')).body)?.[1]?.replace(/\s+/g, ' ');
    expect(await roleOf()).toBe('Управление образования · Управление А');
    await t.database.db
      .updateTable('organizations')
      .set({ short_name: 'Управление образования' })
      .where('id', '=', t.world.a.department)
      .execute();
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

  it('never redirects to another site after login, and never breaks on a strange next', async () => {
    const cases: Array<[string, string]> = [
      ['//evil.example/', '/'],
      ['/\t/evil.example', '/'],
      ['/\\evil.example', '/'],
      ['/\\/evil.example', '/'],
      ['https://evil.example/', '/'],
      ['/users\r\nSet-Cookie: x=1', '/'],
      ['/\u0000/evil.example', '/'],
      ['javascript:alert(1)', '/'],
      ['/mentees?q=Иванов', '/mentees?q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2'],
      ['/пары', '/%D0%BF%D0%B0%D1%80%D1%8B'],
      ['/users?page=2', '/users?page=2'],
    ];
    for (const [next, location] of cases) {
      const client = new Client(t.app);
      await client.get('/login');
      const response = await client.post('/login', { login: 'curator', password: PASSWORD, next });
      expect(response.statusCode, JSON.stringify(next)).toBe(303);
      expect(response.headers.location, JSON.stringify(next)).toBe(location);
    }
    // The login page itself carries only a safe next in its form.
    const page = await new Client(t.app).get('/login?next=%2F%09%2Fevil.com');
    expect(page.body).toContain('name="next" value="/"');
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
  /** `count` wrong passwords for `login` from `address`, one after another. */
  async function fail(login: string, count: number, address = '127.0.0.1', from = 0) {
    const client = new Client(t.app, address);
    await client.get('/login');
    const statuses: number[] = [];
    for (let i = from; i < from + count; i++)
      statuses.push((await client.post('/login', { login, password: `wrong ${i}` })).statusCode);
    return statuses;
  }

  it('refuses the sixth attempt from an address after five failures for a login, even with the right password', async () => {
    expect(await fail('curator', 5, '10.0.0.1')).toEqual([401, 401, 401, 401, 401]);
    const sixth = await new Client(t.app, '10.0.0.1').login('curator', PASSWORD);
    expect(sixth.statusCode).toBe(429);
    expect(textOf(sixth.body)).toContain('Слишком много неудачных попыток входа');
    expect(textOf(sixth.body)).toMatch(/повторите попытку через 1[45] минут/);
    // another login from the same address is not affected
    expect((await new Client(t.app, '10.0.0.1').login('mentor', PASSWORD)).statusCode).toBe(303);
  });

  it('the guesser waits, the owner does not: the same login from another address gets in', async () => {
    await fail('curator', 5, '10.0.0.1');
    expect((await new Client(t.app, '10.0.0.1').login('curator', PASSWORD)).statusCode).toBe(429);
    expect((await new Client(t.app, '10.0.0.2').login('curator', PASSWORD)).statusCode).toBe(303);
  });

  it('guesses spread over many addresses lock the login after 20 within an hour', async () => {
    for (let n = 0; n < 20; n++) expect(await fail('curator', 1, `10.1.0.${n + 1}`, n)).toEqual([401]);
    const owner = await new Client(t.app, '10.2.0.1').login('curator', PASSWORD);
    expect(owner.statusCode).toBe(429);
    expect((await new Client(t.app, '10.2.0.1').login('mentor', PASSWORD)).statusCode).toBe(303);
  });

  it('lets the login in again once the window has passed', async () => {
    await fail('curator', 5);
    expect((await new Client(t.app).login('curator', PASSWORD)).statusCode).toBe(429);
    await t.database.db
      .updateTable('attempt_counters')
      .set({ window_started_at: new Date(Date.now() - 16 * 60 * 1000) })
      .where('key', 'like', 'login+ip:%')
      .execute();
    expect((await new Client(t.app).login('curator', PASSWORD)).statusCode).toBe(303);
  });

  it('a successful login clears the count of earlier failures', async () => {
    await fail('curator', 4);
    expect((await new Client(t.app).login('curator', PASSWORD)).statusCode).toBe(303);
    expect(await fail('curator', 4)).toEqual([401, 401, 401, 401]);
    expect((await new Client(t.app).login('curator', PASSWORD)).statusCode).toBe(303);
  });

  it('refuses an address after 100 failures across logins', async () => {
    const client = new Client(t.app, '10.3.0.1');
    await client.get('/login');
    for (let i = 0; i < 100; i++) await client.post('/login', { login: `user${i}`, password: 'wrong password' });
    expect((await new Client(t.app, '10.3.0.1').login('mentee', PASSWORD)).statusCode).toBe(429);
    expect((await new Client(t.app, '10.3.0.2').login('mentee', PASSWORD)).statusCode).toBe(303);
  });

  it('of 60 simultaneous attempts for one account only five are evaluated, and the right password among them waits', async () => {
    const client = new Client(t.app, '10.4.0.1');
    await client.get('/login');
    const attempts = Array.from({ length: 60 }, (_, i) =>
      client.post('/login', { login: 'curator', password: i === 59 ? PASSWORD : `wrong ${i}` }),
    );
    const statuses = await Promise.all(attempts);
    const evaluated = statuses.filter((r) => r.statusCode === 401 || r.statusCode === 303).length;
    expect(evaluated).toBe(5);
    expect(statuses.filter((r) => r.statusCode === 429)).toHaveLength(55);
    expect(statuses[59]!.statusCode).toBe(429);
  });

  it('keeps the count in the database, so a new app instance refuses too', async () => {
    await fail('curator', 5);
    const second = await createTestApp(t.database);
    try {
      const response = await new Client(second).login('curator', PASSWORD);
      expect(response.statusCode).toBe(429);
    } finally {
      await second.close();
    }
  });

  it('the current password of a password change is throttled too', async () => {
    const client = await signedIn(t.app, 'mentor', PASSWORD);
    await client.get('/account');
    const change = (current: string) =>
      client.post('/account/password', {
        current_password: current,
        password: 'парус жёлудь тетрадь',
        password_confirm: 'парус жёлудь тетрадь',
      });
    for (let i = 0; i < 5; i++) expect(textOf((await change(`не тот ${i}`)).body)).toContain('Текущий пароль указан неверно');
    const sixth = await change(PASSWORD);
    expect(sixth.statusCode).toBe(400);
    expect(textOf(sixth.body)).toContain('Слишком много неверных попыток ввести текущий пароль');
    expect((await new Client(t.app).login('mentor', PASSWORD)).statusCode).toBe(303); // the password did not change
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
    await t.database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    const response = await client.get('/users');
    expect(response.statusCode).toBe(303);
  });

  it('extends a session used when fewer than 15 days remain', async () => {
    const client = await signedIn(t.app, 'curator', PASSWORD);
    await t.database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() + 10 * 86_400_000) })
      .execute();
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
    const short = await client.post('/account/password', {
      current_password: PASSWORD,
      password: 'короткий',
      password_confirm: 'короткий',
    });
    expect(short.statusCode).toBe(400);
    expect(textOf(short.body)).toContain('не менее 10 символов');
    const common = await client.post('/account/password', {
      current_password: PASSWORD,
      password: 'qwertyuiop',
      password_confirm: 'qwertyuiop',
    });
    expect(textOf(common.body)).toContain('слишком распространён');
    const wrong = await client.post('/account/password', {
      current_password: 'не тот пароль',
      password: 'хороший длинный пароль',
      password_confirm: 'хороший длинный пароль',
    });
    expect(textOf(wrong.body)).toContain('Текущий пароль указан неверно');
    const mismatch = await client.post('/account/password', {
      current_password: PASSWORD,
      password: 'хороший длинный пароль',
      password_confirm: 'другой длинный пароль',
    });
    expect(textOf(mismatch.body)).toContain('Пароли не совпадают');
  });

  it('refuses passwords that are long enough but easy to guess, and says why in Russian', async () => {
    const client = await signedIn(t.app, 'mentor', PASSWORD);
    await client.get('/account');
    const attempt = async (password: string) => {
      const response = await client.post('/account/password', {
        current_password: PASSWORD,
        password,
        password_confirm: password,
      });
      return { status: response.statusCode, text: textOf(response.body) };
    };
    // a run, a repeat, a place with a year, the person's own name, the Russian keyboard's row
    for (const weak of ['aaaaaaaaab', '1111111111a', 'Moskva2025!', 'Заречный2024', 'Тестов1985!', 'йцукенгшщзх', 'Gfhjkm2024']) {
      const result = await attempt(weak);
      expect(result.status, weak).toBe(400);
      expect(result.text, weak).toMatch(/легко подобрать|слишком распространён/);
    }
    expect((await attempt('aaaaaaaaab')).text).toContain('Повторы одного символа');
    expect((await attempt('Тестов1985!')).text).toContain('не должен содержать ваше имя');
    // several unrelated words are enough, without digits or symbols
    expect((await attempt('парус жёлудь тетрадь')).status).toBe(303);
  });
});

describe('CSRF and origin checks', () => {
  it('a CSRF token is bound to its session: one planted from another browser or issued before login does not pass', async () => {
    const attacker = new Client(t.app);
    await attacker.get('/login');
    const victim = await signedIn(t.app, 'admin', PASSWORD);
    await victim.get('/users');
    const planted = await t.app.inject({
      method: 'POST',
      url: `/users/${t.world.users.mentor}/deactivate`,
      payload: new URLSearchParams({ _csrf: attacker.csrf! }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `session=${victim.cookies.get('session')}; _csrf=${attacker.cookies.get('_csrf')}`,
      },
    });
    expect(planted.statusCode).toBe(403);
    expect(textOf(planted.body)).toContain('Форма устарела');

    // The same browser's token from the login page is no good once signed in.
    const browser = new Client(t.app);
    await browser.get('/login');
    const beforeLogin = browser.csrf!;
    await browser.login('admin', PASSWORD);
    browser.csrf = beforeLogin;
    expect((await browser.post(`/users/${t.world.users.mentor}/deactivate`)).statusCode).toBe(403);
    await browser.get('/users');
    expect((await browser.post(`/users/${t.world.users.mentor}/deactivate`)).statusCode).toBe(303);
  });

  it('in production the cookies carry the __Host- prefix and Secure, and the portal works with them', async () => {
    const production = await createTestApp(t.database, { config: testConfig({ NODE_ENV: 'production' }) });
    try {
      const client = new Client(production);
      const page = await client.get('/login');
      const csrf = page.cookies.find((c) => c.name === '__Host-csrf');
      expect(csrf).toMatchObject({ secure: true, path: '/', httpOnly: true });
      expect(csrf?.domain).toBeUndefined();
      const login = await client.post('/login', { login: 'curator', password: PASSWORD });
      expect(login.statusCode).toBe(303);
      const session = login.cookies.find((c) => c.name === '__Host-session');
      expect(session).toMatchObject({ secure: true, path: '/', httpOnly: true });
      expect([...client.cookies.keys()].filter((name) => !name.startsWith('__Host-'))).toEqual([]);
      expect(textOf((await client.get('/')).body)).toContain('Тестов curator Иванович');
      await client.get('/account');
      const logout = await client.post('/logout');
      expect(logout.statusCode).toBe(303);
      expect(logout.cookies.find((c) => c.name === '__Host-session')?.value).toBe('');
    } finally {
      await production.close();
    }
  });

  it('refuses a form without the CSRF token', async () => {
    const client = await signedIn(t.app, 'admin', PASSWORD);
    const response = await t.app.inject({
      method: 'POST',
      url: `/users/${t.world.users.mentor}/deactivate`,
      payload: '',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `session=${client.cookies.get('session')}; _csrf=${client.cookies.get('_csrf')}`,
      },
    });
    expect(response.statusCode).toBe(403);
    expect(textOf(response.body)).toContain('Форма устарела');
    const user = await t.database.db
      .selectFrom('users')
      .select('is_active')
      .where('id', '=', t.world.users.mentor!)
      .executeTakeFirstOrThrow();
    expect(user.is_active).toBe(true);
  });

  it('refuses a state-changing request that the browser marks as cross-site', async () => {
    const client = await signedIn(t.app, 'admin', PASSWORD);
    await client.get('/users');
    const bySite = await client.post(`/users/${t.world.users.mentor}/deactivate`, {}, { 'sec-fetch-site': 'cross-site' });
    expect(bySite.statusCode).toBe(403);
    const byOrigin = await client.post(`/users/${t.world.users.mentor}/deactivate`, {}, { origin: 'https://evil.example' });
    expect(byOrigin.statusCode).toBe(403);
    const same = await client.post(
      `/users/${t.world.users.mentor}/deactivate`,
      {},
      { 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' },
    );
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
