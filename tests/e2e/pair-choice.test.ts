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
import { insertManyMentees } from '../helpers/many-mentees.js';

/**
 * Forming a pair in a school of 5 000 mentees, in a browser: without JavaScript (the GET form's
 * buttons search, filter and page, carrying the chosen ones) and with it (the list follows the
 * search as one types; a checked mentee moves to the chosen ones and stays there). axe runs in
 * the second (it needs scripts; the markup is the same).
 * Screenshots at 1 366 and 375 px go to tmp/screenshots/pair-choice (git-ignored).
 */

// A browser global used inside page.evaluate (the project compiles without the DOM library).
declare const document: { documentElement: { scrollHeight: number } };

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tmp/screenshots/pair-choice');

describeBrowser('choosing mentees for a pair among 5 000, with and without JavaScript', () => {
  let browser: Browser;
  let server: DemoServer;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
    const school = await server.database.db
      .selectFrom('organizations')
      .select('id')
      .where('short_name', '=', DEMO_SCHOOL)
      .executeTakeFirstOrThrow();
    await insertManyMentees(server.database.db, school.id, 5000);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function curatorPage(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'ru-RU', javaScriptEnabled, viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await login(page, server.baseUrl, 'curator', DEMO_PASSWORD);
    return { context, page };
  }

  async function shoot(page: Page, name: string): Promise<void> {
    for (const width of [1366, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  }

  const chosen = (page: Page) => page.locator('[data-chosen] input[name="mentee_ids"]:checked');
  const found = (page: Page) => page.locator('[data-mentee-results] input[name="mentee_ids"]');

  it('without JavaScript: search, check, search again, next page — the chosen ones stay; then the proposals', async () => {
    const { context, page } = await curatorPage(false);
    const response = await page.goto(`${server.baseUrl}/pairs/new`);
    expect((await response?.body())?.length ?? 0).toBeLessThan(100 * 1024);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(4000);
    await expect.poll(() => found(page).count()).toBe(20);
    await shoot(page, 'step1-nojs');

    await page.getByLabel('ФИО').fill('Фёдоров-1239');
    await submitAndWait(page, page.getByRole('button', { name: 'Найти' }));
    await page.getByLabel(/^Фёдоров-1239 /).check();
    await page.getByLabel('ФИО').fill('Иванов-1');
    await submitAndWait(page, page.getByRole('button', { name: 'Найти' }));
    // The one checked before the search is now among the chosen, checked.
    expect(await chosen(page).count()).toBe(1);
    await found(page).first().check();
    await submitAndWait(page, page.getByRole('button', { name: 'Следующая →' }));
    expect(await page.locator('[data-mentee-results]').innerText()).toContain('Страница 2 из');
    expect(await chosen(page).count()).toBe(2);
    // A filter: only the class chosen, the chosen ones still kept.
    await page.getByLabel('Класс', { exact: true }).selectOption('7А');
    await submitAndWait(page, page.getByRole('button', { name: 'Найти' }));
    const list = await page.locator('[data-mentee-results] ul').innerText();
    expect(list).toContain('7А класс');
    expect(list).not.toMatch(/\b(5|6|8|9|10|11)[АБВГ] класс|7[БВГ] класс/);
    expect(await chosen(page).count()).toBe(2);
    await shoot(page, 'step1-chosen-nojs');

    await page.getByLabel('Программа наставничества').selectOption({ index: 1 });
    await submitAndWait(page, page.getByRole('button', { name: 'Подобрать наставников' }));
    const step2 = page.locator('form[action="/pairs"]');
    await expect.poll(() => step2.innerText()).toMatch(/Наставляемые: .*Фёдоров-1239/);
    expect(await step2.innerText()).toMatch(/Иванов-1\d*/);
    await shoot(page, 'step2-nojs');
    await context.close();
  });

  it('with JavaScript: the list follows the typing without reloading; checked ones move to the chosen and stay', async () => {
    const { context, page } = await curatorPage(true);
    await page.goto(`${server.baseUrl}/pairs/new`);
    const url = page.url();
    await page.getByLabel('ФИО').pressSequentially('Фёдоров-123', { delay: 20 });
    await expect.poll(() => found(page).count()).toBe(1); // of the 5 000, only Фёдоров-1239 (the others -123… are other surnames)
    await page.getByLabel(/^Фёдоров-1239 /).check();
    expect(await chosen(page).count()).toBe(1);
    // A new search replaces the list; the chosen one stays.
    await page.getByLabel('ФИО').fill('Иванов-20');
    await expect.poll(() => page.locator('[data-mentee-results]').innerText()).toContain('Иванов-20');
    expect(await page.locator('[data-mentee-results]').innerText()).not.toContain('Фёдоров-1239');
    expect(await chosen(page).count()).toBe(1);
    // A filter refreshes it too, and the pages turn without leaving the page.
    await page.getByLabel('ФИО').fill('');
    await page.getByLabel('Категория').selectOption('student');
    await expect.poll(() => page.locator('[data-mentee-results]').innerText()).toContain('Страница 1 из');
    await page.getByRole('button', { name: 'Следующая →' }).click();
    await expect.poll(() => page.locator('[data-mentee-results]').innerText()).toContain('Страница 2 из');
    expect(page.url()).toBe(url);
    // Nothing left over from the typing replaces the page asked for.
    await page.waitForTimeout(400);
    expect(await page.locator('[data-mentee-results]').innerText()).toContain('Страница 2 из');
    await found(page).first().check();
    expect(await chosen(page).count()).toBe(2);
    await checkA11y(page, 'pairs-new-5000-js');
    await shoot(page, 'step1-js');

    await page.getByLabel('Программа наставничества').selectOption({ index: 1 });
    await submitAndWait(page, page.getByRole('button', { name: 'Подобрать наставников' }));
    expect(await chosen(page).count()).toBe(2);
    await checkA11y(page, 'pairs-new-5000-step2');
    expect(await page.locator('form[action="/pairs"]').innerText()).toMatch(/Наставляемые: .*Фёдоров-1239/);
    await context.close();
  });
});
