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

/**
 * Notifications in a browser (issue 16): the curator changes the school's approved roadmap, which
 * takes the approval back; the head sees the bell's count in the header, opens the list, opens the
 * notification (a form's button: it works without JavaScript, and the head's browser runs none),
 * lands on the roadmap and approves it; the curator is told that it was approved. Screenshots of
 * the list at 1 366 and 375 px go to tmp/screenshots/notifications (git-ignored).
 */

// Browser globals used inside page.evaluate (the project compiles without the DOM library).
declare const document: { documentElement: { scrollWidth: number } };

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tmp/screenshots/notifications');

describeBrowser('notifications in a browser: an approval taken back and given again', () => {
  let browser: Browser;
  let server: DemoServer;
  let roadmapPath = '';
  let roadmapTitle = '';

  async function signedIn(loginName: string, options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 }, ...options });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await login(page, server.baseUrl, loginName, DEMO_PASSWORD);
    return page;
  }

  async function shoot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  /**
   * The list at both widths: no horizontal scroll on the phone, no serious axe finding (both need
   * scripts in the page: without JavaScript, only the screenshots).
   */
  async function checkList(page: Page, name: string, scripts = true): Promise<void> {
    for (const width of [1366, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await shoot(page, `${name}-${width}`);
      if (!scripts) continue;
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width}`).toBeLessThanOrEqual(width);
      await checkA11y(page, `${name} at ${width}`);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startDemoServer();
    browser = await launchBrowser();
    const roadmap = await server.database.db
      .selectFrom('roadmaps')
      .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
      .select(['roadmaps.id', 'roadmaps.title'])
      .where('organizations.short_name', '=', DEMO_SCHOOL)
      .where('roadmaps.kind', '=', 'plan')
      .where('roadmaps.approved_at', 'is not', null)
      .executeTakeFirstOrThrow();
    roadmapPath = `/roadmaps/${roadmap.id}`;
    roadmapTitle = roadmap.title;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the curator changes the approved roadmap; the head is told, opens the notice and approves; the curator is told', async () => {
    // The curator: one unread notice before (the demo's accepted report).
    let curator = await signedIn('curator');
    await curator.getByRole('link', { name: 'Уведомления: 1 непрочитанное уведомление' }).waitFor();
    await curator.goto(`${server.baseUrl}${roadmapPath}`);
    await curator
      .getByText(/^утверждена \d/)
      .first()
      .waitFor();
    await submitAndWait(curator, curator.getByRole('link', { name: /^Изменить пункт / }).first());
    const activity = curator.getByLabel('Мероприятие');
    await activity.fill(`${await activity.inputValue()} (в новой редакции)`);
    await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить пункт' }));
    await curator.goto(`${server.baseUrl}${roadmapPath}`);
    await curator.getByText('не утверждена руководителем школы').waitFor();
    // Issue 17: the change took the centre's agreement back too; the curator sends the roadmap again
    // and the coordinator agrees it, so that the head may approve it.
    await curator.getByText('Состояние: согласование снято: после него изменилось содержание').waitFor();
    await submitAndWait(curator, curator.getByRole('button', { name: 'Отправить на согласование' }));
    const coordinator = await signedIn('coordinator');
    await coordinator.goto(`${server.baseUrl}${roadmapPath}`);
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Согласовать' }));
    await coordinator.getByText('Состояние: согласована методическим центром').waitFor();
    await coordinator.context().close();

    // The head, in a browser without JavaScript: the bell counts the new notice beside the old one.
    const head = await signedIn('head', { javaScriptEnabled: false });
    const bell = head.getByRole('link', { name: 'Уведомления: 2 непрочитанных уведомления' });
    await bell.waitFor();
    expect(await bell.textContent()).toBe('Уведомления (2)');
    await submitAndWait(head, bell);
    expect(new URL(head.url()).pathname).toBe('/notifications');
    const notice = head.getByRole('button', { name: `Дорожная карта «${roadmapTitle}» ждёт утверждения`, exact: true });
    await notice.waitFor();
    await checkList(head, 'head-list', false);
    await submitAndWait(head, notice);
    expect(new URL(head.url()).pathname).toBe(roadmapPath);
    await head.getByRole('link', { name: 'Уведомления: 1 непрочитанное уведомление' }).waitFor();
    await submitAndWait(head, head.getByRole('button', { name: 'Утвердить дорожную карту' }));
    await head.getByText('Дорожная карта утверждена.').waitFor();
    // Read now: in the list it is a link to the roadmap itself, as the demo's older request is.
    await head.goto(`${server.baseUrl}/notifications`);
    const requests = head.getByRole('link', { name: `Дорожная карта «${roadmapTitle}» ждёт утверждения`, exact: true });
    await requests.first().waitFor();
    expect(await requests.count()).toBe(2);
    expect(
      await head.getByRole('button', { name: `Дорожная карта «${roadmapTitle}» ждёт утверждения`, exact: true }).count(),
    ).toBe(0);

    // The curator signs in again: the bell counts the approval, the list shows it unread.
    await curator.context().close();
    curator = await signedIn('curator');
    // Unread: the demo's accepted report, the centre's agreement and the approval.
    const curatorBell = curator.getByRole('link', { name: 'Уведомления: 3 непрочитанных уведомления' });
    await curatorBell.waitFor();
    await submitAndWait(curator, curatorBell);
    const approved = curator.locator('.notification-unread', { hasText: `Дорожная карта «${roadmapTitle}» утверждена` });
    await approved.waitFor();
    expect(await approved.getByText('Не прочитано').count()).toBe(1);
    await checkList(curator, 'curator-list');
    await submitAndWait(
      curator,
      approved.getByRole('button', { name: `Дорожная карта «${roadmapTitle}» утверждена`, exact: true }),
    );
    expect(new URL(curator.url()).pathname).toBe(roadmapPath);
    await curator.getByRole('link', { name: 'Уведомления: 2 непрочитанных уведомления' }).waitFor();

    await curator.context().close();
    await head.context().close();
  });
});
