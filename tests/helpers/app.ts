import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/index.js';

const TEST_DATA_PREFIX = 'nastavnik-test-data-';

/**
 * A fresh DATA_DIR per config, in the system's temp folder (uploaded files go there, never into the
 * repository's ./data). Nothing is created until a file is stored; createTestApp removes it on close.
 */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const dataDir = path.join(tmpdir(), `${TEST_DATA_PREFIX}${randomBytes(8).toString('hex')}`);
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', COOKIE_SECRET: 'x'.repeat(40), DATA_DIR: dataDir, ...overrides });
}

/** The app over a test database; closing the app does not close the shared database. */
export async function createTestApp(
  database: DatabaseHandle,
  options: { config?: Config; logStream?: NodeJS.WritableStream; beforeReady?: (app: FastifyInstance) => void } = {},
) {
  const shared: DatabaseHandle = { ...database, close: async () => {} };
  const app = await buildApp({
    config: options.config ?? testConfig(),
    database: shared,
    ...(options.logStream ? { logStream: options.logStream as import('node:stream').Writable } : {}),
  });
  const { dataDir } = app.config;
  if (path.basename(dataDir).startsWith(TEST_DATA_PREFIX))
    app.addHook('onClose', () => rm(dataDir, { recursive: true, force: true }));
  options.beforeReady?.(app);
  await app.ready();
  return app;
}

/** A browser-like client: keeps cookies and sends the CSRF token of the last page with each form. */
export class Client {
  readonly cookies = new Map<string, string>();
  csrf: string | null = null;

  /** `remoteAddress`: the client's IP address as the portal sees it (127.0.0.1 by default). */
  constructor(
    readonly app: FastifyInstance,
    readonly remoteAddress?: string,
  ) {}

  private get address(): { remoteAddress?: string } {
    return this.remoteAddress ? { remoteAddress: this.remoteAddress } : {};
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: LightMyRequestResponse): void {
    for (const c of response.cookies) {
      const expired = c.expires !== undefined && new Date(c.expires).getTime() <= Date.now();
      if (c.value === '' || expired || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: 'GET',
      url,
      headers: { cookie: this.cookieHeader(), ...headers },
      ...this.address,
    });
    this.remember(response);
    return response;
  }

  /** Posts a form; fetches a page first when no CSRF token is known yet. */
  async post(
    url: string,
    form: Record<string, string | string[]> = {},
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    if (!this.csrf) await this.get('/login');
    // A list is sent as the field repeated, as a browser sends checked checkboxes of one name.
    // A form read off a page may carry its own `_csrf`, which replaces the client's.
    const params = new URLSearchParams();
    if (!('_csrf' in form)) params.append('_csrf', this.csrf ?? '');
    for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) params.append(name, v);
    const body = params.toString();
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...headers },
      ...this.address,
    });
    this.remember(response);
    return response;
  }

  /** Posts a multipart form with one file (field `file` unless named), as a browser does for an upload. */
  async upload(
    url: string,
    file: { name: string; data: Buffer; type?: string; field?: string },
    fields: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    if (!this.csrf) await this.get('/login');
    const boundary = `----test${Date.now().toString(16)}`;
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries({ _csrf: this.csrf ?? '', ...fields })) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    }
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    const response = await this.app.inject({
      method: 'POST',
      url,
      payload: Buffer.concat(parts),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: this.cookieHeader() },
      ...this.address,
    });
    this.remember(response);
    return response;
  }

  /**
   * Signs in as a browser does: the login form, then the page it leads to (whose forms carry a CSRF
   * token bound to the new session). Returns the login's own response.
   */
  async login(login: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/login');
    const response = await this.post('/login', { login, password });
    if (response.statusCode === 303) await this.get(String(response.headers.location ?? '/'));
    return response;
  }
}

export async function signedIn(app: FastifyInstance, login: string, password: string): Promise<Client> {
  const client = new Client(app);
  const response = await client.login(login, password);
  if (response.statusCode !== 303) throw new Error(`login of ${login} failed: ${response.statusCode}`);
  return client;
}

/** The visible text of a page, whitespace collapsed, for assertions on what a user reads. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
