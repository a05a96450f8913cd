/**
 * npm run bench:load [-- --regenerate] — every main page of every office role at region scale under
 * 50 and 200 concurrent users, beside the stack's floor (issue 12). Loads the region
 * (scripts/generate-region.ts) into BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/nastavnik_region) unless this generator version is there,
 * builds the portal (`npm run build`, skipped with BENCH_SKIP_BUILD=1) and starts it as production
 * does — `node dist/src/server.js` in a child process, NODE_ENV=production, LOG_LEVEL=warn, its
 * own pg pool (DB_POOL_MAX, 10) — and the floor (scripts/bench-floor.ts: Fastify + pg + Eta, one
 * small query, a pool of 10) in this process. It logs in over HTTP as the department, the
 * coordinator, the school head, the curator and a mentor: the largest municipality by pairs, its
 * largest school, the mentor account of that school (its mentor with the most active pairs).
 *
 * Pages: for each role its navigation (src/http/nav.ts) and the lists it may open (`/pairs`,
 * `/indicators`), a pair page (the mentor's active pair with the most meetings, which every one
 * of these roles may read) and a roadmap page (the municipality's for the municipal roles, the
 * school's for the school roles). A navigation entry that redirects (a school role's /dashboard) is
 * measured where it leads. Every page is first checked once (200, a whole page).
 *
 * Every page is first loaded for BENCH_WARM_SECONDS (1) unmeasured (V8 compiles what it runs). Then
 * for each concurrency (BENCH_CONNECTIONS, default 50,200), BENCH_ROUNDS (1) rounds over all the
 * pages in turn; in a round, each page gets BENCH_WARM_SECONDS of load unmeasured, then
 * BENCH_SECONDS (3) measured. The floor is measured before the first page and after every 5; a
 * page's ratio is its req/s over the mean of the floor measured just before and just after its
 * block of 5 (the machine's speed drifts: other work on it), the median of the rounds; the table's
 * floor is the median of all its measurements. req/s = 2xx responses / measured seconds (the median
 * of the rounds); p50, p95 and p99 exact over every 2xx response;
 * non-2xx counts every other answer (a redirect to the login page too), errors the connection
 * errors and timeouts (10 s). The portal's peak RSS: VmRSS sampled every 200 ms, and VmHWM read at
 * the end. BENCH_PAGES (a regular expression over «role path») limits the pages.
 *
 * Targets (the exit code is 1 when one is missed): at 50 users p95 < 300 ms and at least 0.05 ×
 * the floor's req/s on every page; no non-2xx answer and no error at either concurrency.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { MODULE_ROLES } from '../src/access/policy.js';
import type { CurrentUser } from '../src/auth/sessions.js';
import { openDatabase } from '../src/db/index.js';
import type { Role } from '../src/db/types.js';
import { navFor } from '../src/http/nav.js';
import { startFloor } from './bench-floor.js';
import { checkPage, type LoadGenerator, login, median, percentile, startLoadGenerator } from './bench-http.js';
import { BENCH_PASSWORD, DEFAULT_DATABASE_URL, ensureDatabase, ensureRegion } from './generate-region.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const POOL_SIZE = 10; // the portal's default DB_POOL_MAX, and the floor's
const TARGET_P95_MS = 300;
const TARGET_RATIO = 0.05;
/** The concurrency the p95 and throughput targets are set for. */
const TARGET_USERS = 50;
/** The floor is measured before the first page and after every FLOOR_EVERY pages of a concurrency. */
const FLOOR_EVERY = 5;

type OfficeRole = Extract<Role, 'department' | 'coordinator' | 'school_head' | 'curator' | 'mentor'>;
const ROLE_NAMES: Record<OfficeRole, string> = {
  department: 'department',
  coordinator: 'coordinator',
  school_head: 'school head',
  curator: 'curator',
  mentor: 'mentor',
};

interface Page {
  role: OfficeRole | null;
  /** The path as named in the table: `/pairs/:id`, not the id. */
  name: string;
  url: string;
  cookie: string | null;
}

interface Measured {
  /** req/s, the median of the rounds. */
  rps: number;
  rounds: number[];
  /** Against the floor measured around it, the median of the rounds. */
  ratio: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
  rssMb: number;
  /** The portal's CPU time per 2xx response, ms (its event loop and pg client; PostgreSQL's own work not included). */
  cpuMs: number;
}

function envNumber(name: string, fallback: number, check: (n: number) => boolean, what: string): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!check(n)) throw new Error(`${name} must be ${what} (got ${JSON.stringify(raw)})`);
  return n;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address !== 'string' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A figure of /proc/<pid>/status in MB (VmRSS, VmHWM); NaN when the process is gone. */
function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds the process has used (user + system), from /proc/<pid>/stat; NaN when it is gone. */
function procCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The portal as production runs it, in a child process; resolves once /readyz answers 200. */
async function startPortal(
  databaseUrl: string,
  dataDir: string,
): Promise<{ base: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    COOKIE_SECRET: 'bench-load-cookie-secret-'.padEnd(48, 'x'),
    COOKIE_SECURE: 'false',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'server.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the portal exited with ${child.exitCode} before it was ready`);
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error('the portal did not become ready in 120 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
/** 1234.5 → «1 235», as the README's tables write thousands. */
const thousands = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US').replace(/,/g, ' ') : '—');
const ms = (n: number) => (n < 10 ? fmt(n, 1) : fmt(n));

async function main(argv: string[]): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL || DEFAULT_DATABASE_URL;
  const seconds = envNumber('BENCH_SECONDS', 3, (n) => n > 0, 'a positive number');
  const rounds = envNumber('BENCH_ROUNDS', 1, (n) => Number.isInteger(n) && n > 0, 'a positive whole number');
  const warmSeconds = envNumber('BENCH_WARM_SECONDS', 1, (n) => n >= 0, 'a number ≥ 0');
  const concurrencies = (process.env.BENCH_CONNECTIONS || `${TARGET_USERS},200`).split(',').map((s) => Number(s.trim()));
  if (!concurrencies.every((n) => Number.isInteger(n) && n > 0))
    throw new Error('BENCH_CONNECTIONS: whole numbers separated by commas, e.g. 50,200');
  const only = process.env.BENCH_PAGES ? new RegExp(process.env.BENCH_PAGES) : null;

  await ensureDatabase(url);
  const handle = await openDatabase({ databaseUrl: url });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'nastavnik-bench-load-'));
  const cleanups: Array<() => Promise<void>> = [async () => rmSync(dataDir, { recursive: true, force: true })];
  let missed: string[] = [];
  try {
    const db = handle.db;
    await ensureRegion(db, { url, regenerate: argv.includes('--regenerate'), log: (line) => console.log(line) });

    // The largest municipality and its largest school by pairs; their accounts; a pair and roadmaps.
    const { rows: muniRows } = await sql<{ id: number; name: string; schools: number; pairs: number }>`
      select m.id, m.short_name as name, count(distinct o.id)::int as schools, count(p.id)::int as pairs
      from organizations m join organizations o on o.municipality_id = m.id and o.type = 'school'
      left join pairs p on p.organization_id = o.id
      where m.type = 'municipality' group by m.id order by count(p.id) desc, m.id limit 1`.execute(db);
    const muni = muniRows[0]!;
    const { rows: schoolRows } = await sql<{ id: number; name: string; pairs: number }>`
      select o.id, o.short_name as name, count(p.id)::int as pairs
      from organizations o left join pairs p on p.organization_id = o.id
      where o.municipality_id = ${muni.id} and o.type = 'school'
      group by o.id order by count(p.id) desc, o.id limit 1`.execute(db);
    const school = schoolRows[0]!;
    const { rows: accountRows } = await sql<{ role: OfficeRole; login: string }>`
      select distinct on (u.role) u.role, u.login from users u join organizations o on o.id = u.organization_id
      where u.is_active and ((u.role in ('department', 'coordinator') and o.municipality_id = ${muni.id})
        or (u.role in ('school_head', 'curator', 'mentor') and o.id = ${school.id}))
      order by u.role, u.login`.execute(db);
    const accounts = new Map(accountRows.map((r) => [r.role, r.login]));
    for (const role of Object.keys(ROLE_NAMES) as OfficeRole[]) {
      if (!accounts.has(role))
        throw new Error(
          `no ${ROLE_NAMES[role]} account for «${role === 'department' || role === 'coordinator' ? muni.name : school.name}»: regenerate the region (-- --regenerate)`,
        );
    }
    const { rows: pairRows } = await sql<{ id: number; meetings: number }>`
      select p.id, (select count(*)::int from meetings x where x.pair_id = p.id) as meetings
      from users u join mentors m on m.user_id = u.id join pair_mentors pm on pm.mentor_id = m.id join pairs p on p.id = pm.pair_id
      where u.login = ${accounts.get('mentor')!} and p.status = 'active' order by 2 desc, p.id limit 1`.execute(db);
    const pair = pairRows[0];
    if (!pair) throw new Error(`the mentor account ${accounts.get('mentor')} has no active pair`);
    const roadmapOf = async (organizationId: number) =>
      (
        await db
          .selectFrom('roadmaps')
          .select('id')
          .where('organization_id', '=', organizationId)
          .orderBy('id')
          .executeTakeFirstOrThrow()
      ).id;
    const municipalRoadmap = await roadmapOf(muni.id);
    const schoolRoadmap = await roadmapOf(school.id);

    if (process.env.BENCH_SKIP_BUILD !== '1') {
      console.log('npm run build …');
      execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
    }
    const portal = await startPortal(url, dataDir);
    cleanups.unshift(() => portal.stop());
    const pid = portal.child.pid!;
    const floor = await startFloor({ databaseUrl: url, poolSize: POOL_SIZE, organizationId: school.id });
    cleanups.unshift(() => floor.close());
    const generator: LoadGenerator = startLoadGenerator();
    cleanups.unshift(async () => generator.close());

    let rssMax = procStatusMb(pid, 'VmRSS');
    const rssAtStart = rssMax;
    let rssPage = 0;
    const sampler = setInterval(() => {
      const rss = procStatusMb(pid, 'VmRSS');
      if (rss > rssMax) rssMax = rss;
      if (rss > rssPage) rssPage = rss;
    }, 200);
    cleanups.unshift(async () => clearInterval(sampler));

    const pages: Page[] = [];
    for (const role of Object.keys(ROLE_NAMES) as OfficeRole[]) {
      const cookie = await login(portal.base, accounts.get(role)!, BENCH_PASSWORD);
      // The menu's sections and the profile (the name in the header).
      const paths = [...navFor({ role } as CurrentUser, '/').map((item) => item.href), '/account'];
      for (const [list, roles] of [
        ['/pairs', MODULE_ROLES.pairs],
        ['/indicators', MODULE_ROLES.indicators],
      ] as const) {
        if ((roles as readonly Role[]).includes(role)) paths.push(list);
      }
      const add = (name: string, pagePath: string) => {
        if (!only || only.test(`${role} ${name}`)) pages.push({ role, name, url: `${portal.base}${pagePath}`, cookie });
      };
      for (const p of [...new Set(paths)]) add(p, p);
      add('/pairs/:id', `/pairs/${pair.id}`);
      if ((MODULE_ROLES.roadmaps as readonly Role[]).includes(role))
        add('/roadmaps/:id', `/roadmaps/${role === 'department' || role === 'coordinator' ? municipalRoadmap : schoolRoadmap}`);
    }
    const floorPage: Page = { role: null, name: 'floor (Fastify + pg + Eta, 1 query)', url: floor.url, cookie: null };

    console.log(
      `municipality «${muni.name}» (${muni.schools} schools, ${muni.pairs} pairs): ${accounts.get('department')}, ${accounts.get('coordinator')}; ` +
        `school «${school.name}» (${school.pairs} pairs): ${accounts.get('school_head')}, ${accounts.get('curator')}, ${accounts.get('mentor')}; ` +
        `pair ${pair.id} (${pair.meetings} meetings); roadmaps ${municipalRoadmap} (municipal), ${schoolRoadmap} (school)`,
    );
    console.log(
      `Node ${process.version}; ${pages.length} pages × ${concurrencies.join(' and ')} connections: ${warmSeconds} s warm-up, then ${rounds} × ${seconds} s; ` +
        `portal: node dist/src/server.js (production, pg pool ${POOL_SIZE}), floor in this process (pool ${POOL_SIZE}), autocannon in a child process`,
    );

    // A navigation entry that redirects (a school role's /dashboard goes to its school's) is measured where it leads.
    for (const page of pages) {
      const response = await fetch(page.url, { redirect: 'manual', headers: { cookie: page.cookie! } });
      await response.arrayBuffer();
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location?.startsWith('/')) {
        page.url = `${portal.base}${location}`;
        page.name = `${page.name} → ${location.replace(/\/\d+/g, '/:id')}`;
      }
    }
    // Every page once, as the load generator asks for it: 200 and a whole page (a cached dashboard's first request recounts).
    const sizes = new Map<Page, number>();
    for (const page of [floorPage, ...pages])
      sizes.set(page, (await checkPage(`${page.role} ${page.name}`, page.url, page.cookie)).pageBytes);

    const probe = pages.find((p) => p.name === '/account') ?? pages[0]!;
    const drain = async () => {
      const deadline = Date.now() + 60_000;
      let quick = 0;
      while (quick < 3 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const t0 = performance.now();
        await fetch(probe.url, { headers: { cookie: probe.cookie! } }).then(
          (r) => r.arrayBuffer(),
          () => null,
        );
        quick = performance.now() - t0 < 50 ? quick + 1 : 0;
      }
    };
    /** One round of a page: a warm-up, then BENCH_SECONDS measured, then the portal drained. */
    const measureOnce = async (page: Page, connections: number) => {
      if (warmSeconds > 0) await generator.run({ url: page.url, cookie: page.cookie, connections, seconds: warmSeconds });
      rssPage = procStatusMb(pid, 'VmRSS');
      const cpuBefore = procCpuSeconds(pid);
      const load = await generator.run({ url: page.url, cookie: page.cookie, connections, seconds });
      const cpuSeconds = procCpuSeconds(pid) - cpuBefore;
      // Requests the portal accepted before the load stopped may still be running (a slow page keeps
      // its pool busy): wait until a light page answers quickly again, so the next page starts on an idle portal.
      await drain();
      return { load, cpuSeconds, rssMb: rssPage, rps: load.ok2xx / load.seconds };
    };
    const summarize = (runs: Array<Awaited<ReturnType<typeof measureOnce>>>, ratios: number[]): Measured => {
      const latencies = runs.flatMap((r) => r.load.latencies).sort((a, b) => a - b);
      const statusCodes: Record<string, number> = {};
      for (const r of runs)
        for (const [code, n] of Object.entries(r.load.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
      return {
        rps: median(runs.map((r) => r.rps)),
        rounds: runs.map((r) => r.rps),
        ratio: median(ratios),
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        non2xx: runs.reduce((n, r) => n + r.load.non2xx, 0),
        errors: runs.reduce((n, r) => n + r.load.errors, 0),
        statusCodes,
        rssMb: Math.max(...runs.map((r) => r.rssMb)),
        cpuMs: (runs.reduce((n, r) => n + r.cpuSeconds, 0) * 1000) / Math.max(1, latencies.length),
      };
    };

    // Rounds go over all the pages in turn, so that a slow spell of the machine falls on several
    // pages rather than on every round of one; the floor before the first page and after every
    // FLOOR_EVERY pages, a page's ratio against the floor measured just before and just after its block.
    // Every page under load once before anything is measured, so that no page's first round is
    // measured while V8 still compiles the code it runs (the first page of the run would pay for all).
    if (warmSeconds > 0) {
      for (const page of [floorPage, ...pages])
        await generator.run({ url: page.url, cookie: page.cookie, connections: concurrencies[0]!, seconds: warmSeconds });
      await drain();
    }
    const results = new Map<number, Map<Page, Measured>>();
    const floors = new Map<number, number[]>();
    for (const connections of concurrencies) {
      const runs = new Map<Page, Array<Awaited<ReturnType<typeof measureOnce>>>>(pages.map((p) => [p, []]));
      const ratios = new Map<Page, number[]>(pages.map((p) => [p, []]));
      const floorRuns: number[] = [];
      const measureFloor = async () => {
        const m = await measureOnce(floorPage, connections);
        floorRuns.push(m.rps);
        console.log(`  ${connections} connections: floor ${fmt(m.rps)} req/s (p95 ${ms(percentile(m.load.latencies, 95))} ms)`);
        return m.rps;
      };
      for (let round = 0; round < rounds; round++) {
        let before = await measureFloor();
        for (let start = 0; start < pages.length; start += FLOOR_EVERY) {
          const block = pages.slice(start, start + FLOOR_EVERY);
          const rps = new Map<Page, number>();
          for (const page of block) {
            const m = await measureOnce(page, connections);
            runs.get(page)!.push(m);
            rps.set(page, m.rps);
            const bad =
              m.load.non2xx + m.load.errors > 0
                ? `; non-2xx ${m.load.non2xx} ${JSON.stringify(m.load.statusCodes)}, errors ${m.load.errors}`
                : '';
            const l = m.load.latencies;
            console.log(
              `  ${connections} connections: ${ROLE_NAMES[page.role!]} ${page.name}: ${fmt(m.rps)} req/s, p50 ${ms(percentile(l, 50))}, p95 ${ms(percentile(l, 95))}, p99 ${ms(percentile(l, 99))} ms, ` +
                `portal CPU ${fmt((m.cpuSeconds * 1000) / Math.max(1, l.length), 2)} ms/response, RSS ${fmt(m.rssMb)} MB${bad}`,
            );
          }
          const after = await measureFloor();
          for (const [page, r] of rps) ratios.get(page)!.push(r / ((before + after) / 2));
          before = after;
        }
      }
      results.set(connections, new Map(pages.map((p) => [p, summarize(runs.get(p)!, ratios.get(p)!)])));
      floors.set(connections, floorRuns);
    }
    const hwm = procStatusMb(pid, 'VmHWM');

    // The table: one row per page, the concurrencies side by side.
    const floorOf = (c: number) => median(floors.get(c)!);
    const header = ['role', 'page', 'KB'];
    const align = ['---', '---', '---:'];
    for (const c of concurrencies) {
      header.push(`req/s @${c}`, 'p50 ms', 'p95 ms', 'p99 ms', '× floor');
      align.push('---:', '---:', '---:', '---:', '---:');
    }
    header.push('non-2xx / errors');
    align.push('---:');
    const lines = [`| ${header.join(' | ')} |`, `| ${align.join(' | ')} |`];
    const floorCells = ['', floorPage.name, fmt(sizes.get(floorPage)! / 1024, 1)];
    for (const c of concurrencies) floorCells.push(thousands(floorOf(c)), '', '', '', '1.00');
    floorCells.push('');
    lines.push(`| ${floorCells.join(' | ')} |`);
    missed = [];
    for (const page of pages) {
      const cells = [ROLE_NAMES[page.role!], `\`${page.name}\``, fmt(sizes.get(page)! / 1024, 1)];
      const bad: string[] = [];
      for (const c of concurrencies) {
        const m = results.get(c)!.get(page)!;
        const ratio = m.ratio;
        cells.push(thousands(m.rps), ms(m.p50), ms(m.p95), ms(m.p99), fmt(ratio, 2));
        bad.push(`${m.non2xx} / ${m.errors}`);
        const who = `${ROLE_NAMES[page.role!]} ${page.name} at ${c}`;
        if (m.non2xx + m.errors > 0)
          missed.push(`${who}: ${m.non2xx} non-2xx ${JSON.stringify(m.statusCodes)}, ${m.errors} errors`);
        if (c === TARGET_USERS && !(m.p95 < TARGET_P95_MS)) missed.push(`${who}: p95 ${ms(m.p95)} ms ≥ ${TARGET_P95_MS} ms`);
        if (c === TARGET_USERS && !(ratio >= TARGET_RATIO))
          missed.push(`${who}: ${ratio.toFixed(3)} × the floor < ${TARGET_RATIO}`);
      }
      cells.push(bad.join(', '));
      lines.push(`| ${cells.join(' | ')} |`);
    }
    console.log('');
    console.log(lines.join('\n'));
    console.log('');
    console.log(
      `× floor: a page's req/s over the floor measured just before and just after its block of ${FLOOR_EVERY} pages, the median of ${rounds} round(s) (the floor row: the median of all its measurements)`,
    );
    console.log(
      `floor req/s by measurement: ${concurrencies
        .map(
          (c) =>
            `${c}: ${floors
              .get(c)!
              .map((x) => fmt(x))
              .join(' / ')}`,
        )
        .join('; ')}`,
    );
    console.log(
      `portal RSS: ${fmt(rssAtStart)} MB at the start, peak ${fmt(hwm)} MB (VmHWM), sampled VmRSS at most ${fmt(rssMax)} MB`,
    );
    if (!concurrencies.includes(TARGET_USERS))
      console.log(`(the p95 and throughput targets are for ${TARGET_USERS} connections, not measured in this run)`);
    console.log(
      missed.length === 0
        ? `targets met: every page at ${TARGET_USERS} users p95 < ${TARGET_P95_MS} ms and ≥ ${TARGET_RATIO} × the floor; no non-2xx answer and no error`
        : `targets missed (${missed.length}):\n${missed.map((m) => `  ${m}`).join('\n')}`,
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    await handle.close();
  }
  if (missed.length > 0) process.exitCode = 1;
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(`bench:load failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
