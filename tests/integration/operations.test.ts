import { Writable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createTestApp, signedIn, testConfig, textOf } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/db.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/** Collects log lines as parsed JSON. */
class LogCapture extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly raw: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.raw.push(line);
      this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  }
}

const logs = new LogCapture();
const t = useWorld({
  config: testConfig({ LOG_LEVEL: 'info' }),
  logStream: logs,
  beforeReady: (instance) => {
    instance.get('/test-crash', { config: { access: 'public' } }, async () => {
      throw new Error('secret internal detail at /srv/app');
    });
  },
});
beforeEach(() => {
  logs.lines.length = 0;
  logs.raw.length = 0;
});

describe('health checks', () => {
  it('/healthz says the process is alive without asking the database; /readyz asks it', async () => {
    const ok = await t.app.inject({ url: '/healthz' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', database: 'ok' });
    const broken = await createTestApp({ ...t.database, ping: async () => false });
    try {
      expect((await broken.inject({ url: '/healthz' })).statusCode).toBe(200);
      const down = await broken.inject({ url: '/readyz' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });
    } finally {
      await broken.close();
    }
  });

  it('/readyz reports 503 when the real connection is gone', async () => {
    const other = await createTestDatabase();
    const detached = await createTestApp(other);
    try {
      await other.close();
      expect((await detached.inject({ url: '/readyz' })).statusCode).toBe(503);
      expect((await detached.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await detached.close();
      await other.drop();
    }
  });
});

describe('overload', () => {
  it('too many requests waiting for the database: 503 with Retry-After and the Russian page; liveness still answers', async () => {
    let waiting = 499;
    const busy = await createTestApp(
      { ...t.database, waiting: () => waiting },
      { config: testConfig({ DB_QUEUE_LIMIT: '500' }) },
    );
    try {
      expect((await busy.inject({ url: '/login' })).statusCode).toBe(200);
      waiting = 500;
      const shed = await busy.inject({ url: '/login' });
      expect(shed.statusCode).toBe(503);
      expect(shed.headers['retry-after']).toBe('10');
      expect(shed.body).toContain('lang="ru"');
      expect(textOf(shed.body)).toContain('Сервис временно недоступен, попробуйте через минуту');
      expect((await busy.inject({ url: '/healthz' })).statusCode).toBe(200);
      expect((await busy.inject({ url: '/public/css/app.css' })).statusCode).toBe(200);
      expect((await busy.inject({ url: '/readyz' })).statusCode).toBe(503);
    } finally {
      await busy.close();
    }
  });

  it('an event loop that lags: requests are shed until it recovers', async () => {
    const lagging = await createTestApp(t.database, { config: testConfig({ OVERLOAD_EVENT_LOOP_DELAY_MS: '30' }) });
    const spin = setInterval(() => {
      const end = Date.now() + 80;
      while (Date.now() < end) {
        // a request handler stuck in synchronous work
      }
    }, 1);
    try {
      const deadline = Date.now() + 10_000;
      while (!lagging.isUnderPressure() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const shed = await lagging.inject({ url: '/login' });
      expect(shed.statusCode).toBe(503);
      expect(shed.headers['retry-after']).toBe('10');
      expect((await lagging.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      clearInterval(spin);
    }
    try {
      const deadline = Date.now() + 10_000;
      while (lagging.isUnderPressure() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await lagging.inject({ url: '/login' })).statusCode).toBe(200);
    } finally {
      await lagging.close();
    }
  });
});

describe('request log', () => {
  it('writes one line per request with id, timing, status and user id', async () => {
    const client = await signedIn(t.app, 'curator', PASSWORD);
    logs.lines.length = 0;
    await client.get('/users?q=' + encodeURIComponent('Иванов'));
    const requestLines = logs.lines.filter((l) => l.msg === 'request');
    expect(requestLines).toHaveLength(1);
    const line = requestLines[0]!;
    expect(line.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(line.statusCode).toBe(200);
    expect(typeof line.durationMs).toBe('number');
    expect(line.userId).toBe(t.world.users.curator);
    expect(line.path).toBe('/users');
    // the searched name is personal data: the query string is not logged
    expect(logs.raw.join('\n')).not.toContain('Иванов');
  });

  it('never logs passwords, session tokens, cookies or one-time link tokens', async () => {
    const client = await signedIn(t.app, 'coordinator', PASSWORD);
    await client.get(`/users/${t.world.users.mentor}`);
    await client.post(`/users/${t.world.users.mentor}/reset-password`);
    const page = await client.get(`/users/${t.world.users.mentor}`);
    const token = /\/set-password\/([a-z2-7]{32})/.exec(page.body)![1]!;
    await t.app.inject({ url: `/set-password/${token}` });
    // a link that confirms an e-mail address (issue 16), also one that is not (or no longer) known
    await t.app.inject({ url: '/account/email/confirm/abcdefghijklmnopqrstuvwxyz234567' });
    await t.app.inject({ url: '/account/email/confirm/abcdefghijklmnopqrstuvwxyz234567/extra' });
    // a log call that carried them by mistake is redacted too
    t.app.log.info({ password: PASSWORD, token: 'tok-123', req: { headers: { cookie: 'session=abc' } } }, 'careless');
    const all = logs.raw.join('\n');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(client.cookies.get('session')!);
    expect(all).not.toContain(token);
    expect(all).not.toContain('tok-123');
    expect(all).not.toContain('session=abc');
    expect(all).toContain('/set-password/[скрыто]');
    expect(all).not.toContain('abcdefghijklmnopqrstuvwxyz234567');
    expect(all).toContain('/account/email/confirm/[скрыто]');
  });
});

describe('error pages', () => {
  it('a 500 shows a Russian page with the request id and no internals', async () => {
    const response = await t.app.inject({ url: '/test-crash' });
    expect(response.statusCode).toBe(500);
    const text = textOf(response.body);
    expect(text).toContain('Внутренняя ошибка');
    expect(text).not.toContain('secret internal detail');
    expect(text).not.toContain('/srv/app');
    const reqId = logs.lines.find((l) => l.msg === 'request failed')?.reqId as string;
    expect(reqId).toBeDefined();
    expect(text).toContain(reqId);
  });

  it('an unknown address shows a Russian 404 page', async () => {
    const response = await t.app.inject({ url: '/no-such-page' });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('lang="ru"');
    expect(textOf(response.body)).toContain('Страница не найдена');
  });

  it('a malformed id is a 404 or 400 page, never a crash', async () => {
    const client = await signedIn(t.app, 'admin', PASSWORD);
    const response = await client.get('/organizations/abc');
    expect([400, 404]).toContain(response.statusCode);
    expect(response.body).toContain('lang="ru"');
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight, refuses new ones, then closes the database', async () => {
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let databaseClosed = false;
    const recordClose = async () => {
      databaseClosed = true;
    };
    const server = await buildApp({ config: testConfig(), database: { ...t.database, close: recordClose } });
    server.get('/test-slow', { config: { access: 'public' } }, async () => {
      entered();
      await released;
      return 'готово';
    });
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const slow = fetch(`http://127.0.0.1:${port}/test-slow`).then(async (r) => ({ status: r.status, body: await r.text() }));
    await inHandler;
    const closing = server.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(databaseClosed).toBe(false);
    release();
    const result = await slow;
    expect(result).toEqual({ status: 200, body: 'готово' });
    await closing;
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
