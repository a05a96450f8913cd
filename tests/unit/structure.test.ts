import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The shape every module keeps (README, «Architecture»): a routes file parses, authorises, calls a
 * service and renders; who may do what is read in src/access only; views get `can…` flags, never a
 * role. These tests fail the build when a query, a transaction or a role comparison creeps back.
 */
const root = path.resolve(import.meta.dirname, '../..');

function filesUnder(dir: string, test: (name: string) => boolean): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The lines of `file` matching `pattern`, as «file:line: text», comments left out. */
function offending(file: string, pattern: RegExp): string[] {
  return readFileSync(path.join(root, file), 'utf8')
    .split('\n')
    .map((text, i) => ({ text, line: i + 1 }))
    .filter(({ text }) => !/^\s*(\/\/|\*|\/\*)/.test(text) && pattern.test(text))
    .map(({ text, line }) => `${file}:${line}: ${text.trim()}`);
}

const routeFiles = filesUnder('src', (name) => name.endsWith('.ts') && name.includes('routes'));
const views = filesUnder('views', (name) => name.endsWith('.eta'));
const outsideAccess = filesUnder('src', (name) => name.endsWith('.ts')).filter(
  (f) => !f.startsWith(`src${path.sep}access${path.sep}`),
);

const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom|transaction|with|executeQuery)\(|\bsql`|\bsql\.(raw|ref|id|lit)\(/;
/** A role compared with a role's name, or looked up in a list of roles. */
const ROLE_TEST =
  /\brole\s*[!=]==?\s*['"`]|['"`]\s*[!=]==?\s*[\w.]*\brole\b|\.includes\([\w.]*\brole\)|\bcase\s+'(admin|department|coordinator|school_head|curator|mentor|mentee|region)'\s*:/;
/** Roles listed inline in a route's declaration instead of MODULE_ROLES. */
const INLINE_ROLES = /roles:\s*\[/;

describe('the shape of the modules', () => {
  it('finds the files it checks', () => {
    expect(routeFiles.length).toBeGreaterThan(20);
    expect(views.length).toBeGreaterThan(50);
  });

  it('routes files hold no query and no transaction', () => {
    expect(routeFiles.flatMap((f) => offending(f, QUERY))).toEqual([]);
  });

  it('routes files compare no roles and list none', () => {
    expect(routeFiles.flatMap((f) => [...offending(f, ROLE_TEST), ...offending(f, INLINE_ROLES)])).toEqual([]);
  });

  it('views compare no roles: they get can… flags', () => {
    expect(views.flatMap((f) => offending(f, ROLE_TEST))).toEqual([]);
  });

  it('no code outside src/access decides by role', () => {
    // The access plugin checks a route's declared MODULE_ROLES: that is where the declaration is read.
    const allowed = new Set([path.join('src', 'http', 'plugins', 'access.ts')]);
    expect(outsideAccess.filter((f) => !allowed.has(f)).flatMap((f) => offending(f, ROLE_TEST))).toEqual([]);
  });

  it('each module registers its routes from one routes.ts', () => {
    const index = readFileSync(path.join(root, 'src/modules/index.ts'), 'utf8');
    const imports = [...index.matchAll(/from '(\.\/[^']+)'/g)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(10);
    expect(imports.filter((p) => !/^\.\/[\w-]+\/routes\.js$/.test(p ?? ''))).toEqual([]);
  });
});
