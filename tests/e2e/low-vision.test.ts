import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_SCHOOL } from '../../seeds/demo.js';
import {
  checkA11y,
  type DemoServer,
  describeBrowser,
  launchBrowser,
  login,
  startDemoServer,
  submitAndWait,
} from '../helpers/browser.js';
import { findDemoPairs } from '../helpers/pair-fixtures.js';

/**
 * Issue 19: the version for the visually impaired. A visitor without JavaScript turns it on from
 * the login page's link and changes its settings with the panel's buttons; then, in each colour
 * scheme at the largest font, every main page kind passes axe and does not run past a 375 px
 * screen. Screenshots of each scheme (the top of each page at 375 and 1366 px, a chart) go to
 * tmp/screenshots/low-vision/.
 */
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tmp/screenshots/low-vision');

const SCHEMES = [
  { value: 'wb', button: 'Ц — чёрный текст на белом фоне' },
  { value: 'bw', button: 'Ц — белый текст на чёрном фоне' },
  { value: 'blue', button: 'Ц — тёмно-синий текст на голубом фоне' },
] as const;

describeBrowser('the version for the visually impaired in a browser', () => {
  let browser: Browser;
  let server: DemoServer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function newPage(options: { javaScriptEnabled: boolean; width: number }): Promise<Page> {
    const context = await browser.newContext({
      javaScriptEnabled: options.javaScriptEnabled,
      viewport: { width: options.width, height: 900 },
    });
    contexts.push(context);
    return context.newPage();
  }

  /** How far the page runs past the screen, and the outermost elements that do (for the failure's message). */
  async function overflowOf(page: Page): Promise<{ overflow: number; culprits: string[] }> {
    return page.evaluate(`(() => {
      const width = window.innerWidth;
      const culprits = [];
      for (const el of document.querySelectorAll('body *')) {
        if (!el.checkVisibility()) continue;
        if (el.getBoundingClientRect().right > width + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1))
          culprits.push(el.tagName.toLowerCase() + '.' + String(el.className).replace(/ /g, '.') + ' in ' + el.parentElement.tagName.toLowerCase() + '.' + String(el.parentElement.className) + ' «' + (el.textContent || '').trim().slice(0, 40).replace(/\\s+/g, ' ') + '» ' + Math.round(el.getBoundingClientRect().right));
      }
      return { overflow: document.documentElement.scrollWidth - width, culprits: culprits.slice(0, 8) };
    })()`);
  }

  const htmlClass = async (page: Page) => (await page.getAttribute('html', 'class')) ?? '';

  it('without JavaScript: the link on the login page, the settings, the panel, and back to the normal version', async () => {
    const page = await newPage({ javaScriptEnabled: false, width: 375 });
    await page.goto(`${server.baseUrl}/login`);
    await submitAndWait(page, page.getByRole('link', { name: 'Версия для слабовидящих' }));
    expect(new URL(page.url()).pathname).toBe('/accessibility');
    await page.getByLabel('Очень крупный (200 %)').check();
    await page.getByLabel('Белый текст на чёрном фоне').check();
    await submitAndWait(page, page.getByRole('button', { name: 'Включить' }));
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await htmlClass(page)).toBe('lv lv-size-200 lv-scheme-bw lv-space-normal');

    const panel = page.getByRole('form', { name: 'Настройки версии для слабовидящих' });
    await submitAndWait(page, panel.getByRole('button', { name: 'увеличенный' }));
    await submitAndWait(page, panel.getByRole('button', { name: 'скрыть' }));
    expect(await htmlClass(page)).toBe('lv lv-size-200 lv-scheme-bw lv-space-wide lv-noimg');
    expect(await panel.getByRole('button', { name: 'скрыть' }).getAttribute('aria-pressed')).toBe('true');

    // Signed in, the choice stays; the normal version is one click away.
    await login(page, server.baseUrl, 'curator', DEMO_PASSWORD);
    expect(await htmlClass(page)).toContain('lv-scheme-bw');
    await submitAndWait(page, page.getByRole('button', { name: 'Обычная версия' }));
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await htmlClass(page)).toBe('');
    await page.getByRole('link', { name: 'Версия для слабовидящих' }).waitFor();
  });

  // Ten page kinds in three schemes, each with axe and two screenshots: longer than one browser test's usual time.
  it('in each scheme at the largest font every main page kind passes axe and fits a 375 px screen', {
    timeout: 300_000,
  }, async () => {
    const db = server.database.db;
    const pairs = await findDemoPairs(db, DEMO_SCHOOL);
    const roadmap = await db
      .selectFrom('roadmaps')
      .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
      .select('roadmaps.id')
      .where('organizations.short_name', '=', DEMO_SCHOOL)
      .where('roadmaps.kind', '=', 'plan')
      .executeTakeFirstOrThrow();

    const pages: Array<{ login: string | null; kinds: Array<[string, string]> }> = [
      { login: null, kinds: [['login', '/login']] },
      {
        login: 'curator',
        kinds: [
          ['curator-home', '/'],
          ['mentees-list', '/mentees'],
          ['pair', `/pairs/${pairs.studentPair}`],
          ['roadmap', `/roadmaps/${roadmap.id}`],
          ['roadmap-timeline', `/roadmaps/${roadmap.id}/timeline`],
          ['dashboard', '/dashboard'],
          ['notifications', '/notifications'],
        ],
      },
      { login: 'coordinator', kinds: [['coordinator-home', '/']] },
      { login: 'mentor', kinds: [['mentor-home', '/']] },
    ];

    for (const { login: who, kinds } of pages) {
      const page = await newPage({ javaScriptEnabled: true, width: 375 });
      if (who) await login(page, server.baseUrl, who, DEMO_PASSWORD);
      await page.goto(`${server.baseUrl}/accessibility`);
      await page.getByLabel('Очень крупный (200 %)').check();
      await submitAndWait(page, page.getByRole('button', { name: 'Включить' }));
      for (const scheme of SCHEMES) {
        await submitAndWait(page, page.getByRole('button', { name: scheme.button }));
        expect(await htmlClass(page)).toContain(`lv-size-200 lv-scheme-${scheme.value}`);
        for (const [kind, url] of kinds) {
          const response = await page.goto(`${server.baseUrl}${url}`);
          expect(response?.status(), url).toBe(200);
          await checkA11y(page, `${kind}, ${scheme.value}`);
          const { overflow, culprits } = await overflowOf(page);
          expect(overflow, `${kind} in ${scheme.value}: wider than the screen: ${culprits.join(', ')}`).toBeLessThanOrEqual(0);
          await page.screenshot({ path: path.join(SCREENSHOTS, `${kind}-${scheme.value}-375.png`) });
          await page.setViewportSize({ width: 1366, height: 900 });
          await page.screenshot({ path: path.join(SCREENSHOTS, `${kind}-${scheme.value}-1366.png`) });
          const chart = page.locator('.chart-figure').first();
          if (await chart.count())
            await chart.screenshot({ path: path.join(SCREENSHOTS, `${kind}-chart-${scheme.value}-1366.png`) });
          await page.setViewportSize({ width: 375, height: 900 });
        }
      }
    }
  });

  it('a form with errors keeps its error messages readable in the scheme', async () => {
    const page = await newPage({ javaScriptEnabled: true, width: 375 });
    await login(page, server.baseUrl, 'curator', DEMO_PASSWORD);
    await page.goto(`${server.baseUrl}/accessibility`);
    await page.getByLabel('Очень крупный (200 %)').check();
    await page.getByLabel('Тёмно-синий текст на голубом фоне').check();
    await submitAndWait(page, page.getByRole('button', { name: 'Включить' }));
    await page.goto(`${server.baseUrl}/mentees/new`);
    await submitAndWait(page, page.getByRole('button', { name: 'Добавить в базу' }));
    await page.getByRole('alert').first().waitFor();
    await checkA11y(page, 'mentee form with errors, blue');
    const { overflow, culprits } = await overflowOf(page);
    expect(overflow, culprits.join(', ')).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'form-errors-blue-375.png') });
  });
});
