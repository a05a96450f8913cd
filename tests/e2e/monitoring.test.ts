import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
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

// A browser global used inside page.evaluate (the project compiles without the DOM library).
declare const document: { documentElement: { scrollWidth: number } };

/** Screenshots of these pages (git-ignored), to look at after a change of the pages. */
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tmp/screenshots/monitoring');

/** A phone without JavaScript: the submission works with plain forms. */
const PHONE_NO_JS: BrowserContextOptions = {
  viewport: { width: 375, height: 800 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
  javaScriptEnabled: false,
  locale: 'ru-RU',
};

async function fitsPhone(page: Page, name: string): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${name}: no horizontal scrolling at 375 px`).toBeLessThanOrEqual(375);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

describeBrowser(
  'monitoring: the demo curator fills and sends from a phone without JavaScript, the head approves, the coordinator accepts',
  () => {
    let browser: Browser;
    let server: DemoServer;

    beforeAll(async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('draft kept, a missing answer named, sent, approved, accepted', async () => {
      const db = server.database.db;
      const school = await db
        .selectFrom('organizations')
        .select('id')
        .where('short_name', '=', DEMO_SCHOOL)
        .executeTakeFirstOrThrow();
      const campaign = await db
        .selectFrom('monitoring_campaigns')
        .select('id')
        // This year's municipal campaign (the schools' internal one of the academic year is not started anywhere).
        .where('period_kind', '=', 'calendar_year')
        .orderBy('opens_on', 'desc')
        .executeTakeFirstOrThrow();
      const url = `${server.baseUrl}/monitoring/${campaign.id}/schools/${school.id}`;

      const curator = await (await browser.newContext(PHONE_NO_JS)).newPage();
      await login(curator, server.baseUrl, 'curator', DEMO_PASSWORD);
      await curator.goto(url);
      await fitsPhone(curator, 'submission-phone');
      // Clear the required number, add a row to the table, save: the row is kept, the number stays empty.
      await curator.getByLabel('Число педагогов-наставников').fill('');
      await curator.getByLabel('Мероприятие, строка 3').fill('Фестиваль наставнических практик');
      await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить черновик' }));
      await expect(curator.getByLabel('Мероприятие, строка 3').inputValue()).resolves.toBe('Фестиваль наставнических практик');
      // Sending names the empty number in the summary and at the field.
      await submitAndWait(curator, curator.getByRole('button', { name: 'Отправить' }));
      await curator.locator('.error-summary').getByText('Заполните поле «Число педагогов-наставников»').waitFor();
      await fitsPhone(curator, 'submission-phone-errors');
      await curator.getByLabel('Число педагогов-наставников').fill('9');
      await submitAndWait(curator, curator.getByRole('button', { name: 'Отправить' }));
      await curator.getByText('Отчёт отправлен').waitFor();
      await fitsPhone(curator, 'submission-phone-sent');

      const head = await (await browser.newContext(PHONE_NO_JS)).newPage();
      await login(head, server.baseUrl, 'head', DEMO_PASSWORD);
      await head.goto(url);
      await submitAndWait(head, head.getByRole('button', { name: 'Утвердить отчёт' }));
      await head.getByText('Отчёт утверждён').waitFor();

      const coordinator = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' })).newPage();
      await login(coordinator, server.baseUrl, 'coordinator', DEMO_PASSWORD);
      await coordinator.goto(url);
      // The coordinator's review: accept, return with comments on fields, extend (axe on this page kind too).
      await coordinator.getByRole('heading', { name: 'Возврат на доработку' }).waitFor();
      await checkA11y(coordinator, 'monitoring-submission-review');
      await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Принять отчёт' }));
      await coordinator.getByText('Зафиксированы при приёме отчёта').first().waitFor();
      const row = await db
        .selectFrom('monitoring_submissions')
        .select('status')
        .where('campaign_id', '=', campaign.id)
        .where('organization_id', '=', school.id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('accepted');
    }, 90_000);
  },
);
