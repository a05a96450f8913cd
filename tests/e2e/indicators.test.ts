import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
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

/**
 * The department head's journey of the indicators issue, through the UI only: the municipal
 * dashboard, a drill-down to an indicator per school and to a school's dashboard and back, and
 * the .xlsx for the region; then axe on every dashboard page kind. Screenshots go to
 * tmp/screenshots/indicators (git-ignored).
 */

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tmp/screenshots/indicators');

async function h1(page: Page): Promise<string> {
  return (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
}

describeBrowser('indicator dashboards in a browser', () => {
  let browser: Browser;
  let server: DemoServer;
  let context: BrowserContext;
  let page: Page;
  let year = 0;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
    year = new Date().getFullYear() - 1;
    context = await browser.newContext({ locale: 'ru-RU', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    await login(page, server.baseUrl, 'department', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the department opens the dashboard, drills down to an indicator and a school and back, and exports the .xlsx', async () => {
    await submitAndWait(page, page.getByRole('link', { name: 'Показатели', exact: true }));
    expect(await h1(page)).toContain('Показатели наставничества');
    // The year is chosen with a plain GET form.
    // The period choice offers calendar and academic years; a calendar year's value is its number, as in old links.
    await page.getByLabel('Период', { exact: true }).selectOption(String(year));
    await submitAndWait(page, page.getByRole('button', { name: 'Показать' }).first());
    expect(await h1(page)).toContain(`${year} год`);
    // Each indicator against its target, with a status in words; charts are SVG with a table beside them.
    const table = page.getByRole('table', { name: `Показатели за ${year} год: факт, цель и статус` });
    expect(await table.getByRole('row').count()).toBe(7);
    expect(await table.textContent()).toMatch(/достигнут|близко|не достигнут|нет данных/);
    expect(await page.locator('svg.chart').count()).toBeGreaterThan(6);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'department-dashboard.png'), fullPage: true });

    // Click an indicator: it per school.
    await submitAndWait(page, table.getByRole('link', { name: /^Доля детей в возрасте от 10 до 19 лет/ }));
    expect(await h1(page)).toContain('М1.');
    expect(await page.getByRole('heading', { name: `По школам за ${year} год` }).count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'indicator-per-school.png'), fullPage: true });

    // Click a school: its own dashboard; and back.
    await submitAndWait(page, page.getByRole('link', { name: DEMO_SCHOOL, exact: true }).first());
    expect(await h1(page)).toContain(`${DEMO_SCHOOL}, ${year} год`);
    expect(await page.getByRole('table', { name: `Показатели за ${year} год: факт, цель и статус` }).textContent()).toContain(
      'Ш3',
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, 'school-dashboard.png'), fullPage: true });
    await submitAndWait(page, page.getByRole('link', { name: '← Ко всем школам муниципалитета' }));
    expect(await h1(page)).toContain(`${year} год`);
    expect(page.url()).toMatch(new RegExp(`/dashboard\\?year=${year}$`));

    // The region's form: every indicator × every school.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Показатели по школам (.xlsx)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`Показатели наставничества ${year}.xlsx`);
    const file = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(`Показатели ${year}`);
    expect(sheet).toBeDefined();
    const header = ((sheet?.getRow(3).values as unknown[] | undefined) ?? []).slice(1);
    expect(header.slice(0, 4)).toEqual(['Организация', 'М1: факт', 'М1: цель', 'М1: статус']);
    const names = [];
    for (let r = 4; r <= (sheet?.rowCount ?? 0); r++) names.push(sheet?.getRow(r).getCell(1).value);
    expect(names).toContain(DEMO_SCHOOL);
    expect(names.length).toBe(9);
  });

  it('has no serious or critical accessibility violation on the dashboards and the indicator pages', async () => {
    const db = server.database.db;
    const school = await db
      .selectFrom('organizations')
      .select(['id', 'municipality_id'])
      .where('short_name', '=', DEMO_SCHOOL)
      .executeTakeFirstOrThrow();
    const indicator = await db.selectFrom('indicators').select('id').where('code', '=', 'М1').executeTakeFirstOrThrow();
    const manual = await db.selectFrom('indicators').select('id').where('code', '=', 'Ш3').executeTakeFirstOrThrow();
    const satisfaction = await db.selectFrom('indicators').select('id').where('code', '=', 'М5').executeTakeFirstOrThrow();
    for (const [url, label] of [
      [`/dashboard?year=${year}`, 'department dashboard'],
      [`/dashboard?year=${year}-${String((year + 1) % 100).padStart(2, '0')}`, 'department dashboard of an academic year'],
      [`/dashboard/indicators/${indicator.id}?year=${year}`, 'indicator per school'],
      [`/dashboard/schools/${school.id}?year=${year}`, 'school dashboard'],
      [`/dashboard/indicators/${indicator.id}/organizations/${school.municipality_id}?year=${year}`, 'explanation with a list'],
      [
        `/dashboard/indicators/${satisfaction.id}/organizations/${school.municipality_id}?year=${year}`,
        'explanation of a survey value',
      ],
      [`/reports/analytical?year=${year}`, 'analytical report'],
      ['/indicators', 'catalogue'],
    ] as const) {
      await page.goto(`${server.baseUrl}${url}`);
      await checkA11y(page, label);
    }
    const coordinator = await context.browser()?.newContext({ locale: 'ru-RU' });
    const coordinatorPage = await coordinator?.newPage();
    if (!coordinatorPage) throw new Error('no page');
    await login(coordinatorPage, server.baseUrl, 'coordinator', DEMO_PASSWORD);
    for (const [url, label] of [
      [`/dashboard?year=${year}`, 'coordinator dashboard with completeness'],
      ['/indicators/new', 'indicator form'],
      [`/indicators/${indicator.id}/targets`, 'targets form'],
      [`/contingent?year=${year}`, 'contingent form'],
    ] as const) {
      await coordinatorPage.goto(`${server.baseUrl}${url}`);
      await checkA11y(coordinatorPage, label);
    }
    await coordinatorPage.screenshot({ path: path.join(SCREENSHOTS, 'contingent.png'), fullPage: true });
    const curator = await context.browser()?.newContext({ locale: 'ru-RU', viewport: { width: 375, height: 800 } });
    const curatorPage = await curator?.newPage();
    if (!curatorPage) throw new Error('no page');
    await login(curatorPage, server.baseUrl, 'curator', DEMO_PASSWORD);
    await curatorPage.goto(`${server.baseUrl}/dashboard`);
    expect(await h1(curatorPage)).toContain(DEMO_SCHOOL);
    await checkA11y(curatorPage, 'school dashboard at 375 px');
    await curatorPage.screenshot({ path: path.join(SCREENSHOTS, 'curator-375.png'), fullPage: true });
    await curatorPage.goto(`${server.baseUrl}/indicators/${manual.id}/values/${school.id}?year=${year}`);
    await checkA11y(curatorPage, 'value entered by hand');
    await coordinator?.close();
    await curator?.close();
  }, 240_000);
});
