import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

type Env = Record<string, string | null>;
// biome-ignore lint/suspicious/noExplicitAny: a parsed YAML document
type Service = Record<string, any>;

const compose = parse(read('docker-compose.yml')) as { services?: Record<string, Service>; volumes?: Record<string, unknown> };
const services = compose.services ?? {};
const db: Service = services.db ?? {};
const app: Service = services.app ?? {};
const configText = read('src/config.ts');

/** `environment:` as a map or as a list of KEY=VALUE (a bare KEY passes the host's value through). */
function environmentOf(service: Service): Env {
  const env = service.environment;
  if (!env) return {};
  if (Array.isArray(env)) {
    const out: Env = {};
    for (const item of env) {
      const text = String(item);
      const eq = text.indexOf('=');
      if (eq === -1) out[text] = null;
      else out[text.slice(0, eq)] = text.slice(eq + 1);
    }
    return out;
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null || v === undefined ? null : String(v)]));
}

/** Compose interpolation with nothing set: ${X:-default} -> default, ${X:?error} -> a sample value, ${X} -> ''. */
function interpolate(value: string | null): string {
  if (value === null) return '';
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$[A-Za-z_][A-Za-z0-9_]*/g,
    (match, _name, op: string | undefined, arg: string | undefined) => {
      if (match === '$$') return '$';
      if (op === ':-' || op === '-') return arg ?? '';
      if (op === ':?' || op === '?') return 'x'.repeat(40);
      return '';
    },
  );
}

function publishedPorts(service: Service): number[] {
  return (service.ports ?? []).map((p: unknown) => {
    if (typeof p === 'object' && p !== null) return Number((p as { published?: unknown }).published);
    const parts = String(p).split('/')[0]!.split(':');
    // "3000", "3000:3000", "127.0.0.1:3000:3000": the host port is next to last (or the only one).
    return Number(parts.length === 1 ? parts[0] : parts[parts.length - 2]);
  });
}

/** Dockerfile instructions (continuation lines joined, comments dropped) of the final stage. */
function finalStage(text: string): string[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim());
  const instructions = lines.filter((l) => l !== '' && !l.startsWith('#'));
  const lastFrom = instructions.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  return instructions.slice(Math.max(lastFrom, 0));
}

describe('docker-compose.yml', () => {
  it('has the db and app services', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['db', 'app']));
  });

  it('runs PostgreSQL 17 with a pg_isready health check', () => {
    expect(String(db.image)).toMatch(/^postgres:17(\b|$)/);
    const test = db.healthcheck?.test;
    expect(test).toBeDefined();
    expect(Array.isArray(test) ? test.join(' ') : String(test)).toContain('pg_isready');
  });

  it('keeps the database in the named volume pgdata', () => {
    expect(compose.volumes).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain('pgdata');
    const mounts = (db.volumes ?? []).map((v: unknown) =>
      typeof v === 'object' && v !== null
        ? `${(v as { source?: string }).source}:${(v as { target?: string }).target}`
        : String(v),
    );
    expect(mounts.some((m: string) => /^pgdata:\/var\/lib\/postgresql\/data(:|$)/.test(m))).toBe(true);
  });

  it('builds the app from the repository root, where a Dockerfile exists', () => {
    const context = typeof app.build === 'object' && app.build !== null ? app.build.context : app.build;
    expect(context === '.' || context === './').toBe(true);
    const dockerfile = typeof app.build === 'object' && app.build?.dockerfile ? app.build.dockerfile : 'Dockerfile';
    expect(existsSync(path.join(root, dockerfile))).toBe(true);
  });

  it('publishes port 3000 and waits for a healthy database', () => {
    expect(publishedPorts(app)).toContain(3000);
    const dependsOn = app.depends_on;
    expect(Array.isArray(dependsOn)).toBe(false);
    expect(dependsOn?.db?.condition).toBe('service_healthy');
  });

  it('connects the app to the db service with its database name, user and password', () => {
    const env = environmentOf(app);
    const dbEnv = environmentOf(db);
    expect(env.NODE_ENV).toBe('production');
    expect(env).toHaveProperty('COOKIE_SECRET');
    expect(env.DATABASE_URL).toBeTruthy();

    const url = new URL(interpolate(env.DATABASE_URL ?? null));
    expect(url.protocol).toMatch(/^postgres(ql)?:$/);
    expect(url.hostname).toBe('db');
    expect(url.port || '5432').toBe('5432');
    expect(decodeURIComponent(url.pathname.slice(1))).toBe(interpolate(dbEnv.POSTGRES_DB ?? null));
    expect(decodeURIComponent(url.username)).toBe(interpolate(dbEnv.POSTGRES_USER ?? null));
    expect(decodeURIComponent(url.password)).toBe(interpolate(dbEnv.POSTGRES_PASSWORD ?? null));
  });

  it('says the app is healthy when it is ready to serve (/readyz: the database answers)', () => {
    const test = (app.healthcheck as { test?: unknown } | undefined)?.test;
    expect(JSON.stringify(test)).toContain('/readyz');
  });

  it('passes only the settings the portal knows (src/config.ts)', () => {
    const names = Object.keys(environmentOf(app));
    expect(names.length).toBeGreaterThan(0);
    const unknown = names.filter((name) => !new RegExp(`\\b${name}\\s*:`).test(configText));
    expect(unknown).toEqual([]);
  });

  it('requires a COOKIE_SECRET that the portal accepts in production', () => {
    const secret = environmentOf(app).COOKIE_SECRET ?? null;
    // Either forced with ${COOKIE_SECRET:?...} or a literal value of 32+ characters.
    expect(/\$\{COOKIE_SECRET:?\?/.test(secret ?? '') || interpolate(secret).length >= 32).toBe(true);
  });
});

describe('Dockerfile', () => {
  const stage = finalStage(read('Dockerfile'));

  it('has a liveness check on /healthz', () => {
    const healthcheck = stage.filter((l) => /^HEALTHCHECK\s/i.test(l));
    expect(healthcheck).toHaveLength(1);
    expect(healthcheck[0]).toContain('/healthz');
  });

  it('runs as a user that is not root', () => {
    const users = stage.filter((l) => /^USER\s/i.test(l));
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1]!.replace(/^USER\s+/i, '')
      .split(':')[0]!
      .trim();
    expect(['root', '0']).not.toContain(user);
  });

  it('starts the compiled server and copies package.json to the app root', () => {
    const cmds = stage.filter((l) => /^CMD\s/i.test(l));
    expect(cmds.length).toBeGreaterThan(0);
    expect(cmds[cmds.length - 1]).toMatch(/dist\/src\/server\.js/);
    // src/paths.ts finds views/ and public/ next to package.json.
    expect(stage.some((l) => /^COPY\s.*package\.json/i.test(l))).toBe(true);
    expect(stage.some((l) => /^EXPOSE\s+3000\b/i.test(l))).toBe(true);
  });
});
