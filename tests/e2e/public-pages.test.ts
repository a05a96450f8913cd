import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_MUNICIPALITY, DEMO_SCHOOL } from '../../seeds/demo.js';
import { type DemoServer, describeBrowser, launchBrowser, startDemoServer } from '../helpers/browser.js';

/**
 * Issue 19 in a browser, without logging in: a visitor opens /public, follows the demo municipality,
 * then the demo school, and opens the school's news feed.
 */

describeBrowser('an anonymous visitor reads the public pages', () => {
  let browser: Browser;
  let server: DemoServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens the municipalities, the demo municipality, the demo school and its feed', async () => {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/public`);
    expect(await page.locator('h1').innerText()).toBe('Наставничество в образовательных организациях');
    const municipality = await server.database.db
      .selectFrom('organizations')
      .select('full_name')
      .where('short_name', '=', DEMO_MUNICIPALITY)
      .executeTakeFirstOrThrow();
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: municipality.full_name }).click()]);
    expect(page.url()).toMatch(/\/p\/[a-z0-9-]+$/);
    expect(await page.locator('main').innerText()).toContain('Открыт приём заявок на муниципальный конкурс');
    expect(await page.locator('meta[property="og:url"]').getAttribute('content')).toMatch(/^http/);
    const school = await server.database.db
      .selectFrom('organizations')
      .select('full_name')
      .where('short_name', '=', DEMO_SCHOOL)
      .executeTakeFirstOrThrow();
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: school.full_name }).click()]);
    expect(await page.locator('main').innerText()).toContain('Наставники школы провели день открытых дверей для родителей');
    expect(await page.getByRole('link', { name: 'Вход для сотрудников' }).count()).toBe(1);
    const feedHref = await page.getByRole('link', { name: 'Лента новостей (Atom)' }).getAttribute('href');
    const feed = await page.request.get(`${server.baseUrl}${feedHref}`);
    expect(feed.status()).toBe(200);
    expect(feed.headers()['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(await feed.text()).toContain('Наставники школы провели день открытых дверей');
    await context.close();
  });
});
