/**
 * npm run bench:dashboards [-- --regenerate] — the dashboards at region scale against the stack's
 * floor (issue «region-scale data set»). Loads the region (scripts/generate-region.ts) into
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/nastavnik_region) unless the same
 * generator version is there already, starts the portal in this process (production settings:
 * Eta caches its templates; logger silent) and the floor (scripts/bench-floor.ts: Fastify + pg +
 * Eta, one small query) beside it, logs in with a real POST /login as the largest municipality's
 * department user and as the curator of its largest school, and measures with autocannon, 10
 * connections:
 *
 *   floor · department dashboard · school dashboard (department, curator) · indicator М1 per school
 *
 * Each page is first loaded for WARM_SECONDS unmeasured (V8 compiles the code it runs), then the
 * pages are measured in turn, BENCH_ROUNDS rounds (default 3) of BENCH_SECONDS (default 5) each,
 * so that a slow spell of the machine falls on every page alike; a page's req/s is its median
 * over the rounds, its p50 and p95 are over all its measured responses.
 *
 * Fairness: the portal and the floor are served by this process — same Node, same event loop,
 * pg pools of 10 each, no logging — and nothing else runs in it while a page is measured; the
 * load generator (autocannon) runs in a child process, so its own work does not slow the
 * servers' event loop. Every request sends the session cookie and a browser's Accept-Encoding.
 * requests/s = 2xx responses / measured duration; p50 and p95 are exact, from every response's
 * latency (autocannon's 'response' event). A page that answers anything but 200 (warm-up or
 * load), or whose body is not a whole page, stops the run. The last line is
 * `worst dashboard/floor throughput ratio: X.XX`.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventEmitter } from 'node:events';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/index.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { startFloor } from './bench-floor.js';
import {
  BENCH_PASSWORD,
  DEFAULT_DATABASE_URL,
  DEFAULT_SEED,
  datasetCounts,
  ensureDatabase,
  formatCounts,
  GENERATOR_VERSION,
  generateRegion,
  readMarker,
} from './generate-region.js';

const CONNECTIONS = 10;
const POOL_SIZE = 10; // the portal's pg.Pool (src/db/index.ts) and the floor's
const TARGET_RATIO = 0.33;
const TARGET_P95_MS = 200;
const WARM_SECONDS = 2;

// ---------------------------------------------------------------------------------------------
// The load generator, in a child process
// ---------------------------------------------------------------------------------------------

interface LoadRequest {
  url: string;
  cookie: string | null;
  seconds: number;
}

interface LoadResult {
  ok2xx: number;
  non2xx: number;
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
  '2xx': number;
}
type Autocannon = (
  options: { url: string; connections: number; duration: number; headers?: Record<string, string> },
  done: (error: Error | null, result: AutocannonResult) => void,
) => EventEmitter;

/**
 * What every request sends: the session cookie, and the Accept-Encoding a browser sends (Chromium:
 * `gzip, deflate, br, zstd`). The portal answers dashboards gzipped; the floor's page (under 1 KB)
 * is sent as is, as Fastify sends any page without a compression plugin.
 */
const ACCEPT_ENCODING = 'gzip, deflate, br, zstd';
function headersOf(cookie: string | null): Record<string, string> {
  return { 'accept-encoding': ACCEPT_ENCODING, ...(cookie ? { cookie } : {}) };
}

/** Exact percentile (nearest rank) of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function loadChild(request: LoadRequest): Promise<void> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon(
      { url: request.url, connections: CONNECTIONS, duration: request.seconds, headers: headersOf(request.cookie) },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  const out: LoadResult = {
    ok2xx: latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    seconds: result.duration,
    latencies,
  };
  process.send?.(out);
}

function runLoad(request: LoadRequest): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--load', JSON.stringify(request)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: LoadResult | null = null;
    child.on('message', (message) => {
      result = message as LoadResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`load generator exited with ${code}`))));
  });
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

interface Target {
  name: string;
  url: string;
  cookie: string | null;
  dashboard: boolean;
}

/** A real login: GET /login for the CSRF token and cookie, POST /login; returns the cookies to send. */
async function login(base: string, loginName: string, password: string): Promise<string> {
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
 * One request as the load generator sends it; the body must be a whole page (gunzipped when the
 * answer is gzip, which checks the joined gzip member end to end: its deflate blocks, CRC and length).
 * Returns the time taken and the bytes on the wire.
 */
async function warmUp(target: Target): Promise<{ ms: number; wireBytes: number; pageBytes: number }> {
  const t0 = performance.now();
  const { status, headers, body } = await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const request = httpGet(target.url, { headers: headersOf(target.cookie) }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
  const page = headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
  const ms = performance.now() - t0;
  const text = page.toString('utf8');
  if (status !== 200) {
    const where = headers.location;
    throw new Error(`${target.name}: GET ${target.url} answered ${status}${where ? ` → ${where}` : ''}; ${text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 200)}`);
  }
  if (!text.trimEnd().endsWith('</html>')) throw new Error(`${target.name}: the page is cut short (${page.length} bytes)`);
  return { ms, wireBytes: body.length, pageBytes: page.length };
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

async function main(argv: string[]): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL || DEFAULT_DATABASE_URL;
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  if (!(seconds > 0)) throw new Error('BENCH_SECONDS must be a positive number');
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  if (!(Number.isInteger(rounds) && rounds > 0)) throw new Error('BENCH_ROUNDS must be a positive whole number');

  await ensureDatabase(url);
  const handle = await openDatabase({ databaseUrl: url });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nastavnik-bench-dash-'));
  const cleanups: Array<() => Promise<void>> = [async () => rmSync(dataDir, { recursive: true, force: true })];
  try {
    const db = handle.db;
    await migrateToLatest(db);
    const marker = await readMarker(db);
    const same = marker && marker.version === GENERATOR_VERSION && marker.seed === DEFAULT_SEED && marker.scale === 1;
    if (argv.includes('--regenerate') || !same) {
      console.log(`loading the region into ${new URL(url).pathname.slice(1)} (${marker ? `found generator v${marker.version}, scale ${marker.scale}` : 'no data set there'}) …`);
      const generated = await generateRegion(db, { force: true, log: (line) => console.log(line) });
      console.log(`  generated in ${generated.seconds.toFixed(1)} s`);
    }
    const current = (await readMarker(db))!;
    const counts = await datasetCounts(db);
    const { rows: sizeRows } = await sql<{ size: string }>`select pg_size_pretty(pg_database_size(current_database())) as size`.execute(db);
    console.log(`data set (generator v${current.version}, seed ${current.seed}, «today» ${current.today}, ${sizeRows[0]!.size}):`);
    console.log(`  ${formatCounts(counts)}`);

    // The largest municipality (the regional capital, dept-01) and its largest school.
    const dept = await db
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select(['users.login', 'organizations.municipality_id'])
      .where('users.role', '=', 'department')
      .orderBy('users.login')
      .executeTakeFirstOrThrow();
    const municipalityId = dept.municipality_id!;
    const { rows: schoolRows } = await sql<{ id: number; name: string; pairs: number; login: string }>`
      select o.id, o.short_name as name, count(p.id)::int as pairs,
        (select u.login from users u where u.organization_id = o.id and u.role = 'curator' order by u.login limit 1) as login
      from organizations o left join pairs p on p.organization_id = o.id
      where o.municipality_id = ${municipalityId} and o.type = 'school'
      group by o.id order by count(p.id) desc, o.id limit 1`.execute(db);
    const school = schoolRows[0]!;
    const { rows: muniRows } = await sql<{ name: string; schools: number; pairs: number; meetings: number }>`
      select m.short_name as name,
        (select count(*)::int from organizations o where o.municipality_id = m.id and o.type = 'school') as schools,
        (select count(*)::int from pairs p join organizations o on o.id = p.organization_id where o.municipality_id = m.id) as pairs,
        (select count(*)::int from meetings x join pairs p on p.id = x.pair_id join organizations o on o.id = p.organization_id where o.municipality_id = m.id) as meetings
      from organizations m where m.id = ${municipalityId}`.execute(db);
    const muni = muniRows[0]!;
    const indicator = await db
      .selectFrom('indicators')
      .select('id')
      .where('municipality_id', '=', municipalityId)
      .where('code', '=', 'М1')
      .executeTakeFirstOrThrow();
    const year = Number(current.today.slice(0, 4)) - 1;

    // The portal, in this process, with production settings.
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      COOKIE_SECRET: 'bench-cookie-secret-'.padEnd(48, 'x'),
      COOKIE_SECURE: 'false',
      DATABASE_URL: url,
      DATA_DIR: dataDir,
    });
    const app = await buildApp({ config, database: { ...handle, close: async () => {} } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    cleanups.unshift(() => app.close());
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('portal: no TCP address');
    const base = `http://127.0.0.1:${address.port}`;
    const floor = await startFloor({ databaseUrl: url, poolSize: POOL_SIZE, organizationId: school.id });
    cleanups.unshift(() => floor.close());

    const deptCookie = await login(base, dept.login, BENCH_PASSWORD);
    const curatorCookie = await login(base, school.login, BENCH_PASSWORD);
    const targets: Target[] = [
      { name: 'floor (Fastify+pg+Eta, 1 query)', url: floor.url, cookie: null, dashboard: false },
      { name: 'department dashboard', url: `${base}/dashboard?year=${year}`, cookie: deptCookie, dashboard: true },
      { name: 'school dashboard (department)', url: `${base}/dashboard/schools/${school.id}?year=${year}`, cookie: deptCookie, dashboard: true },
      { name: 'school dashboard (curator)', url: `${base}/dashboard/schools/${school.id}?year=${year}`, cookie: curatorCookie, dashboard: true },
      { name: 'indicator М1 per-school page', url: `${base}/dashboard/indicators/${indicator.id}?year=${year}`, cookie: deptCookie, dashboard: true },
    ];
    console.log(
      `municipality «${muni.name}» (${muni.schools} schools, ${muni.pairs} pairs, ${muni.meetings} meetings) as ${dept.login}; school «${school.name}» (${school.pairs} pairs) as ${school.login}; year ${year}`,
    );
    console.log(`Node ${process.version}, ${CONNECTIONS} connections; each page warmed ${WARM_SECONDS} s, then ${rounds} rounds of ${seconds} s per page; pg pool ${POOL_SIZE} (portal and floor), logger off; servers in this process, autocannon in a child process`);

    // The first dashboard request after a change recomputes the municipality's summary tables.
    await db.updateTable('indicator_freshness').set({ stale: true }).where('municipality_id', '=', municipalityId).execute();
    const refresh = await warmUp(targets[1]!);
    console.log(`first department dashboard request, with the recount of the municipality's summary tables: ${(refresh.ms / 1000).toFixed(2)} s`);
    const sizes = new Map<Target, { wireBytes: number; pageBytes: number }>();
    for (const target of targets) sizes.set(target, await warmUp(target));

    const measure = async (target: Target, loadSeconds: number): Promise<LoadResult> => {
      const load = await runLoad({ url: target.url, cookie: target.cookie, seconds: loadSeconds });
      if (load.non2xx > 0 || load.errors > 0 || load.ok2xx === 0) {
        throw new Error(`${target.name}: ${load.non2xx} non-2xx responses (${JSON.stringify(load.statusCodes)}), ${load.errors} errors, ${load.timeouts} timeouts`);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      return load;
    };
    // Every page under load for WARM_SECONDS first, unmeasured, so that no page is measured while
    // V8 still compiles its code; then ROUNDS rounds of every page in turn, so that a slow spell of
    // the machine falls on all pages alike. A page's req/s is its median over the rounds.
    for (const target of targets) await measure(target, WARM_SECONDS);
    const runs = new Map<Target, LoadResult[]>(targets.map((t) => [t, []]));
    for (let round = 0; round < rounds; round++) {
      for (const target of targets) runs.get(target)!.push(await measure(target, seconds));
    }

    const rps = (r: LoadResult) => r.ok2xx / r.seconds;
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = Math.floor(sorted.length / 2);
      return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    };
    const results = targets.map((target) => {
      const loads = runs.get(target)!;
      const latencies = loads.flatMap((l) => l.latencies).sort((a, b) => a - b);
      return {
        target,
        rounds: loads.map(rps),
        rps: median(loads.map(rps)),
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        max: latencies[latencies.length - 1] ?? Number.NaN,
      };
    });
    const floorRps = results[0]!.rps;
    console.log('');
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)}`;
    console.log(
      `${'page'.padEnd(34)} ${'KB page'.padStart(8)} ${'KB sent'.padStart(8)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'× floor'.padStart(8)}   req/s by round`,
    );
    for (const r of results) {
      const size = sizes.get(r.target)!;
      console.log(
        `${r.target.name.padEnd(34)} ${kb(size.pageBytes).padStart(8)} ${kb(size.wireBytes).padStart(8)} ${fmt(r.rps).padStart(8)} ${fmt(r.p50).padStart(8)} ${fmt(r.p95).padStart(8)} ${fmt(r.max).padStart(8)} ${fmt(r.rps / floorRps, 2).padStart(8)}   ${r.rounds.map((x) => fmt(x, 0)).join(' / ')}`,
      );
    }
    const dashboards = results.filter((r) => r.target.dashboard);
    const worstRatio = Math.min(...dashboards.map((r) => r.rps / floorRps));
    const worstP95 = Math.max(...dashboards.map((r) => r.p95));
    const met = worstRatio >= TARGET_RATIO && worstP95 < TARGET_P95_MS;
    console.log('');
    console.log(
      `target met: ${met ? 'yes' : 'no'} (every dashboard ≥ ${TARGET_RATIO} × the floor's throughput: worst ${worstRatio.toFixed(2)}; p95 < ${TARGET_P95_MS} ms at ${CONNECTIONS} connections: worst ${worstP95.toFixed(1)} ms)`,
    );
    console.log(`worst dashboard/floor throughput ratio: ${worstRatio.toFixed(2)}`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    await handle.close();
  }
}

const loadArg = process.argv.indexOf('--load');
if (loadArg >= 0) {
  await loadChild(JSON.parse(process.argv[loadArg + 1]!) as LoadRequest);
} else {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    console.error(`bench:dashboards failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
