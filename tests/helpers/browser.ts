import { existsSync } from 'node:fs';
// The named export: under NodeNext the package's types make the default import the CJS module object.
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { attachDemoModelFiles } from '../../seeds/model-documents.js';
import { buildApp } from '../../src/app.js';
import type { DatabaseHandle } from '../../src/db/index.js';
import { testConfig } from './app.js';
import { createTestDatabase, type TestDatabase } from './db.js';

/**
 * Browser tests run a real Chromium through playwright-core against the app listening on a
 * local port. Chromium is not downloaded: set CHROMIUM_PATH, or install Debian's package
 * (`apt-get install chromium`). Without a browser the suites are skipped with a warning,
 * unless REQUIRE_BROWSER=1 (CI), where a missing browser fails the run.
 */

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  try {
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // playwright-core throws when it knows no browser for this platform
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  return null;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_BROWSER_TEXT);
  return chromium.launch({ headless: true, executablePath, args: CHROMIUM_ARGS });
}

export interface DemoServer {
  baseUrl: string;
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * A fresh database with the demo municipality, and the app listening on a free local port;
 * `env` adds settings to the test configuration (e.g. SMTP_URL).
 */
export async function startDemoServer(env: Record<string, string> = {}): Promise<DemoServer> {
  const database = await createTestDatabase({ demo: true });
  // The app does not close the database: close() drops it afterwards.
  const shared: DatabaseHandle = { ...database, close: async () => {} };
  const app = await buildApp({ config: testConfig(env), database: shared });
  // As the server does on its start with the demo: the demo library's model documents get their files.
  await attachDemoModelFiles(database.db, app.files);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('demo server: no TCP address');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    app,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

const NO_BROWSER_TEXT =
  "Chromium not found: install Debian's chromium (`apt-get install chromium`) or set CHROMIUM_PATH to a Chromium/Chrome executable.";

let warned = false;

/**
 * How long one browser test may take unless it says otherwise. A browser test walks through
 * several pages (each with a screenshot and an axe run); on a busy CI machine, with two test
 * files running side by side, eight pages took longer than the 30 s a unit test gets.
 */
export const BROWSER_TEST_TIMEOUT = 120_000;

/**
 * A describe block for browser tests. Put beforeAll/afterAll inside `fn`, so that nothing
 * starts when the block is skipped.
 */
export function describeBrowser(name: string, fn: () => void): void {
  if (findChromium()) {
    describe(name, { timeout: BROWSER_TEST_TIMEOUT }, fn);
    return;
  }
  if (process.env.REQUIRE_BROWSER === '1') {
    describe(name, () => {
      it('needs Chromium (REQUIRE_BROWSER=1)', () => {
        throw new Error(NO_BROWSER_TEXT);
      });
    });
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(
      `\n*** BROWSER TESTS SKIPPED: no Chromium found. To run them, install Debian's chromium (\`apt-get install chromium\`) or set CHROMIUM_PATH=/path/to/chromium; set REQUIRE_BROWSER=1 to make a missing browser fail. ***\n`,
    );
  }
  describe.skip(name, fn);
}

/** Signs in through the login form (the page ends wherever the app redirects). */
export async function login(page: Page, baseUrl: string, loginName: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Логин').fill(loginName);
  await page.getByLabel('Пароль').fill(password);
  await submitAndWait(page, page.getByRole('button', { name: 'Войти', exact: true }));
}

/** Clicks a submit button (or link) and waits until the next page has loaded. */
export async function submitAndWait(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), target.click()]);
}

export const A11Y_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe on the page and throws when it finds a serious or critical violation.
 * Also fails on text drawn in its background's colour: axe files a 1:1 contrast under
 * "incomplete" (it might be deliberately hidden text), but on this portal it is always a bug.
 * The page must come from `context.newPage()`: AxeBuilder refuses `browser.newPage()` pages.
 */
export async function checkA11y(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(A11Y_TAGS).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const invisibleText = results.incomplete
    .filter((v) => v.id === 'color-contrast')
    .map((v) => ({
      ...v,
      nodes: v.nodes.filter((n) =>
        n.any.some((check) => (check.data as { messageKey?: string } | null)?.messageKey === 'equalRatio'),
      ),
    }))
    .filter((v) => v.nodes.length > 0);
  const found = [...bad, ...invisibleText.map((v) => ({ ...v, help: `${v.help} (text in its background colour, 1:1)` }))];
  if (found.length) {
    const lines = found.map(
      (v) =>
        `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .map((n) => `    at ${n.target.map((t) => (Array.isArray(t) ? t.join(' >> ') : String(t))).join(', ')}`)
          .join('\n'),
    );
    throw new Error(`Accessibility violations on «${label}» (${page.url()}):\n${lines.join('\n')}`);
  }
  return results;
}
