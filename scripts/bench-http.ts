/**
 * What the benchmarks of the running portal share (bench:dashboards, bench:load): a real login over
 * HTTP, one request sent and checked as the load generator sends it, exact percentiles, and the
 * load generator itself — autocannon in a child process of its own, kept for the whole run, so
 * that its work does not slow the event loop of a server in the benchmark's process.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/**
 * What every request sends: the session cookie, and the Accept-Encoding a browser sends (Chromium:
 * `gzip, deflate, br, zstd`). The portal answers dashboards gzipped and other pages as they are.
 */
export const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
export function headersOf(cookie: string | null): Record<string, string> {
  return { 'accept-encoding': ACCEPT_ENCODING, ...(cookie ? { cookie } : {}) };
}

/** Exact percentile (nearest rank) of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A real login: GET /login for the CSRF token and cookie, POST /login; returns the cookies to send. */
export async function login(base: string, loginName: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const page = await fetch(`${base}/login`, { redirect: 'manual' });
  remember(page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!csrf) throw new Error('GET /login: no CSRF token on the page');
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
    body: new URLSearchParams({ _csrf: csrf, login: loginName, password }).toString(),
  });
  await response.text();
  if (response.status !== 303) throw new Error(`login of ${loginName} failed: HTTP ${response.status}`);
  remember(response);
  return header();
}

/**
 * One request as the load generator sends it; the page must answer 200 with a whole page (gunzipped
 * when the answer is gzip, which checks a joined gzip member end to end: its deflate blocks, CRC and
 * length). Returns the time taken and the bytes on the wire and of the page.
 */
export async function checkPage(
  name: string,
  url: string,
  cookie: string | null,
): Promise<{ ms: number; wireBytes: number; pageBytes: number }> {
  const t0 = performance.now();
  const { status, headers, body } = await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      const request = httpGet(url, { headers: headersOf(cookie) }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
        response.on('error', reject);
      });
      request.on('error', reject);
    },
  );
  const page = headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
  const ms = performance.now() - t0;
  const text = page.toString('utf8');
  if (status !== 200) {
    const where = headers.location;
    throw new Error(
      `${name}: GET ${url} answered ${status}${where ? ` → ${where}` : ''}; ${text
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 200)}`,
    );
  }
  if (!text.trimEnd().endsWith('</html>')) throw new Error(`${name}: the page is cut short (${page.length} bytes)`);
  return { ms, wireBytes: body.length, pageBytes: page.length };
}

// ---------------------------------------------------------------------------------------------
// The load generator, in a child process
// ---------------------------------------------------------------------------------------------

export interface LoadRequest {
  url: string;
  cookie: string | null;
  connections: number;
  seconds: number;
}

export interface LoadResult {
  ok2xx: number;
  /** Responses other than 2xx (a redirect to the login page included). */
  non2xx: number;
  /** Connection errors and timeouts (autocannon counts timeouts among its errors). */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  seconds: number;
  /** Every 2xx response's latency, ms, sorted. */
  latencies: number[];
}

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Autocannon = (
  options: { url: string; connections: number; duration: number; headers?: Record<string, string> },
  done: (error: Error | null, result: AutocannonResult) => void,
) => EventEmitter;

async function measure(request: LoadRequest): Promise<LoadResult> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      { url: request.url, connections: request.connections, duration: request.seconds, headers: headersOf(request.cookie) },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    ok2xx: latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    seconds: result.duration,
    latencies,
  };
}

export interface LoadGenerator {
  /** Loads one URL with `connections` concurrent connections for `seconds`; one run at a time. */
  run(request: LoadRequest): Promise<LoadResult>;
  close(): void;
}

/** Starts the load generator's child process (this file, run with --load-generator). */
export function startLoadGenerator(): LoadGenerator {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--load-generator'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let pending: { resolve: (result: LoadResult) => void; reject: (error: Error) => void } | null = null;
  child.on('message', (message) => {
    const waiting = pending;
    pending = null;
    const m = message as { result?: LoadResult; error?: string };
    if (m.result) waiting?.resolve(m.result);
    else waiting?.reject(new Error(`load generator: ${m.error}`));
  });
  child.on('exit', (code) => pending?.reject(new Error(`load generator exited with ${code}`)));
  return {
    run(request) {
      if (pending) return Promise.reject(new Error('load generator: one run at a time'));
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        child.send(request);
      });
    },
    close() {
      child.disconnect();
    },
  };
}

if (
  process.argv.includes('--load-generator') &&
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  process.on('message', (request: LoadRequest) => {
    measure(request).then(
      (result) => process.send?.({ result }),
      (error: unknown) => process.send?.({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
