import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

/** The portal as a real process (`tsx src/server.ts`), for tests of what crosses a process boundary. */

const root = path.resolve(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface PortalProcess {
  child: ChildProcess;
  port: number;
  base: string;
  output(): string;
  exit: Promise<number | null>;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts the portal with `env` over the test's environment and resolves once its log says «portal
 * ready» (or, with `ready: false`, at once). Throws with the output when it exits first.
 */
export async function startPortal(
  env: Record<string, string>,
  options: { ready?: boolean; timeoutMs?: number } = {},
): Promise<PortalProcess> {
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', NODE_ENV: 'test', LOG_LEVEL: 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const running: PortalProcess = {
    child,
    port,
    base: `http://127.0.0.1:${port}`,
    output: () => output,
    exit,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exit;
    },
  };
  if (options.ready === false) return running;
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  while (!output.includes('portal ready')) {
    if (child.exitCode !== null) throw new Error(`the portal exited early:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the portal did not start in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return running;
}

/**
 * A browser enough for these tests, over real HTTP: keeps cookies and the last page's CSRF token, and
 * sends each request to the next of `bases` in turn (several portal instances behind one address).
 */
export class FetchClient {
  private readonly cookies = new Map<string, string>();
  private csrf = '';
  private turn = 0;
  /** Which base served each request, in order. */
  readonly served: string[] = [];

  constructor(private readonly bases: string[]) {}

  private async send(
    url: string,
    init: { method: string; body?: RequestInit['body']; contentType?: string },
  ): Promise<{ status: number; body: string; bytes: Buffer; location: string | null }> {
    const base = this.bases[this.turn++ % this.bases.length]!;
    this.served.push(base);
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (init.contentType) headers['content-type'] = init.contentType;
    const response = await fetch(base + url, { method: init.method, headers, body: init.body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const value = pair!.slice(at + 1);
      if (value === '' || /max-age=0|expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = bytes.toString('utf8');
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: response.status, body: text, bytes, location: response.headers.get('location') };
  }

  get(url: string) {
    return this.send(url, { method: 'GET' });
  }

  post(url: string, form: Record<string, string> = {}) {
    return this.send(url, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: this.csrf, ...form }).toString(),
      contentType: 'application/x-www-form-urlencoded',
    });
  }

  upload(url: string, file: { name: string; data: Buffer; type: string; field?: string }, fields: Record<string, string> = {}) {
    const form = new FormData();
    for (const [name, value] of Object.entries({ _csrf: this.csrf, ...fields })) form.append(name, value);
    form.append(file.field ?? 'file', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name);
    return this.send(url, { method: 'POST', body: form });
  }

  /** The login form, the login, and the page it leads to (whose forms carry the new session's token). */
  async login(login: string, password: string) {
    await this.get('/login');
    const response = await this.post('/login', { login, password });
    if (response.status === 303) await this.get(response.location ?? '/');
    return response;
  }
}
