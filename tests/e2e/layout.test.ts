import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import {
  checkA11y,
  type DemoServer,
  describeBrowser,
  launchBrowser,
  login,
  startDemoServer,
  submitAndWait,
} from '../helpers/browser.js';

/**
 * Pages that must fit the screen (issue 14): the menu of every office role on one row at 1 280 px,
 * its occasional sections under «Ещё» (usable without JavaScript); the wide tables (the template's
 * matrix, «Полнота данных», the department's dashboard) at 1 366 and 375 px without the page getting
 * wider than the screen, each scrolling in its own box with its header row and first column in view.
 * Screenshots go to tmp/screenshots/layout (git-ignored).
 */

// The page's globals inside evaluate(): the tests compile without the DOM library.
declare const document: { documentElement: { scrollWidth: number } };
declare const window: { innerWidth: number };
declare function getComputedStyle(element: unknown): { position: string; top: string };
interface Box {
  getBoundingClientRect(): { top: number; left: number };
  querySelector(selector: string): Box | null;
  querySelectorAll(selector: string): Iterable<Box>;
  scrollLeft: number;
  scrollTop: number;
  scrollWidth: number;
  scrollHeight: number;
  clientLeft: number;
  clientTop: number;
}

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tmp/screenshots/layout');
const OFFICE_LOGINS = ['admin', 'department', 'coordinator', 'head', 'curator', 'mentor'];

/** The scrolling box of a table, by its label (a section may carry the same name). */
function tableBox(page: Page, label: string) {
  return page.locator(`div[role="region"][aria-label="${label}"]`);
}

async function pageWidth(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

/**
 * Scrolls a table's box to its far right and bottom and tells how far its top-left header cell
 * and a body row's first cell moved from the box's edges (0 when they are sticky).
 */
async function stickyOffsets(page: Page, region: string): Promise<{ header: number; firstColumn: number; scrolled: boolean }> {
  return tableBox(page, region).evaluate((element) => {
    const box = element as unknown as Box;
    const table = box.querySelector('table') as Box;
    const head = table.querySelector('thead th:last-child') as Box;
    const rowHeads = [...table.querySelectorAll('tbody th[scope="row"]')];
    const rowHead = rowHeads[rowHeads.length - 1] as Box;
    box.scrollLeft = box.scrollWidth;
    box.scrollTop = box.scrollHeight;
    const b = box.getBoundingClientRect();
    const border = box.clientLeft;
    return {
      header: Math.round(head.getBoundingClientRect().top - b.top - box.clientTop),
      firstColumn: Math.round(rowHead.getBoundingClientRect().left - b.left - border),
      scrolled: box.scrollLeft > 0 || box.scrollTop > 0,
    };
  });
}

describeBrowser('pages that fit the screen', () => {
  let browser: Browser;
  let server: DemoServer;
  let templateId = 0;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
    const template = await server.app.db
      .selectFrom('roadmaps')
      .select('id')
      .where('kind', '=', 'template')
      .executeTakeFirstOrThrow();
    templateId = template.id;
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  async function signedIn(loginName: string, width: number, javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width, height: 900 }, javaScriptEnabled });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    const page = await context.newPage();
    await login(page, server.baseUrl, loginName, DEMO_PASSWORD);
    return page;
  }

  it('every office role has its menu on one row at 1 280 px, the occasional sections under «Ещё»', async () => {
    for (const loginName of OFFICE_LOGINS) {
      const page = await signedIn(loginName, 1280);
      const nav = page.getByRole('navigation', { name: 'Разделы портала' });
      const tops = await nav
        .locator(':scope > ul > li')
        .evaluateAll((items) => items.map((li) => Math.round(li.getBoundingClientRect().top)));
      expect(tops.length, loginName).toBeGreaterThan(0);
      expect(new Set(tops).size, `${loginName}: menu rows`).toBe(1);
      expect(await nav.getByRole('link', { name: 'Профиль' }).count(), loginName).toBe(0);
      expect((await pageWidth(page)).scrollWidth, loginName).toBeLessThanOrEqual(1280);
      await page.screenshot({ path: path.join(SCREENSHOTS, `menu-${loginName}-1280.png`) });
      if (loginName === 'coordinator') {
        await nav.locator('summary', { hasText: 'Ещё' }).click();
        await nav.getByRole('link', { name: 'Журнал действий', exact: true }).waitFor();
        await checkA11y(page, 'меню с открытым «Ещё»');
      }
      await page.context().close();
    }
  });

  it('«Ещё» opens and leads to its sections without JavaScript', async () => {
    const page = await signedIn('coordinator', 1280, false);
    const nav = page.getByRole('navigation', { name: 'Разделы портала' });
    expect(await nav.getByRole('link', { name: 'Журнал действий' }).isVisible()).toBe(false);
    await nav.locator('summary', { hasText: 'Ещё' }).click();
    await submitAndWait(page, nav.getByRole('link', { name: 'Журнал действий', exact: true }));
    expect(new URL(page.url()).pathname).toBe('/audit');
    // The section open under «Ещё» is marked on its summary.
    expect(await nav.locator('summary.nav-more-current').count()).toBe(1);
    await page.context().close();
  });

  for (const width of [1366, 375]) {
    it(`a monitoring campaign's summary at ${width} px: the page fits, the table scrolls with its header and school column in view`, async () => {
      const finished = await server.app.db
        .selectFrom('monitoring_submissions')
        .select('campaign_id')
        .where('status', '=', 'accepted')
        .orderBy('campaign_id')
        .executeTakeFirstOrThrow();
      const page = await signedIn('coordinator', width);
      await page.goto(`${server.baseUrl}/monitoring/${finished.campaign_id}/summary`);
      const { scrollWidth, innerWidth } = await pageWidth(page);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await page.screenshot({ path: path.join(SCREENSHOTS, `monitoring-summary-${width}.png`), fullPage: true });
      const offsets = await stickyOffsets(page, 'Сводка по школам');
      expect(offsets.scrolled).toBe(true);
      expect(offsets.header).toBe(0);
      expect(offsets.firstColumn).toBe(0);
      await page.context().close();
    });

    it(`the template's matrix at ${width} px: the page fits, the table scrolls with its header and first column in view`, async () => {
      const page = await signedIn('department', width);
      await page.goto(`${server.baseUrl}/roadmaps/${templateId}/matrix`);
      const { scrollWidth, innerWidth } = await pageWidth(page);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      const region = 'Исполнение пунктов шаблона по школам';
      const box = tableBox(page, region);
      if (width === 1366) {
        // Eight schools fit the screen's width: no sideways scroll inside the table's box.
        const fit = await box.evaluate((b) => ({ scroll: b.scrollWidth, client: b.clientWidth }));
        expect(await box.locator('thead th').count()).toBe(9);
        expect(fit.scroll).toBeLessThanOrEqual(fit.client);
      }
      await page.screenshot({ path: path.join(SCREENSHOTS, `matrix-${width}.png`) });
      const offsets = await stickyOffsets(page, region);
      expect(offsets.scrolled).toBe(true);
      expect(offsets.header).toBe(0);
      expect(offsets.firstColumn).toBe(0);
      await checkA11y(page, `матрица шаблона, ${width} px`);
      await page.context().close();
    });

    it(`«Полнота данных» and the department's dashboard at ${width} px fit the screen`, async () => {
      const coordinator = await signedIn('coordinator', width);
      await coordinator.goto(`${server.baseUrl}/dashboard`);
      const fits = await pageWidth(coordinator);
      expect(fits.scrollWidth).toBeLessThanOrEqual(fits.innerWidth);
      const region = 'Полнота данных по школам';
      await tableBox(coordinator, region).scrollIntoViewIfNeeded();
      await coordinator.screenshot({ path: path.join(SCREENSHOTS, `completeness-${width}.png`) });
      if (width === 375) {
        // On a phone the table is wider than its box: scrolled, its header and school column stay.
        const offsets = await stickyOffsets(coordinator, region);
        expect(offsets.scrolled).toBe(true);
        expect(offsets.header).toBe(0);
        expect(offsets.firstColumn).toBe(0);
      } else {
        const header = await tableBox(coordinator, region)
          .locator('thead th')
          .first()
          .evaluate((th) => [getComputedStyle(th).position, getComputedStyle(th).top]);
        expect(header).toEqual(['sticky', '0px']);
      }
      await coordinator.context().close();

      const department = await signedIn('department', width);
      await department.goto(`${server.baseUrl}/dashboard`);
      const d = await pageWidth(department);
      expect(d.scrollWidth).toBeLessThanOrEqual(d.innerWidth);
      await department.screenshot({ path: path.join(SCREENSHOTS, `dashboard-${width}.png`), fullPage: true });
      // The analytical report's sheet: on a phone as wide as the screen, its tables scrolling inside themselves.
      await department.goto(`${server.baseUrl}/reports/analytical`);
      const report = await pageWidth(department);
      expect(report.scrollWidth).toBeLessThanOrEqual(report.innerWidth);
      await department.screenshot({ path: path.join(SCREENSHOTS, `report-${width}.png`), fullPage: true });
      await department.context().close();
    });
  }
});
