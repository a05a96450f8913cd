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
 * Issue 17 in a browser: the centre coordinates the schools. The coordinator addresses an item of
 * the municipal roadmap to three schools; two curators mark their school's part with evidence and
 * the item shows «2 из 3»; the curator of the demo school changes its roadmap and sends it to the
 * centre, the coordinator returns it with a comment, the curator fixes it and sends it again, the
 * coordinator agrees, the head approves. Screenshots at 1 366 and 375 px go to
 * tmp/screenshots/coordination (git-ignored).
 */

// Browser globals used inside page.evaluate (the project compiles without the DOM library).
declare const document: { documentElement: { scrollWidth: number } };

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tmp/screenshots/coordination');
const THREE_SCHOOLS = [DEMO_SCHOOL, 'МБОУ «Лицей № 2»', 'МБОУ «СОШ № 3»'];

describeBrowser('the centre coordinates the schools in a browser', () => {
  let browser: Browser;
  let server: DemoServer;
  let partsPath = '';
  let activity = '';
  let roadmapPath = '';

  async function signedIn(loginName: string, options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 }, ...options });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await login(page, server.baseUrl, loginName, DEMO_PASSWORD);
    return page;
  }

  /** The page at both widths: screenshots, no horizontal scroll on the phone, no serious axe finding. */
  async function look(page: Page, name: string): Promise<void> {
    for (const width of [1366, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width}`).toBeLessThanOrEqual(width);
      await checkA11y(page, `${name} at ${width}`);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
  }

  /** A curator marks its school's part of the addressed item, found in its list of the plan's tasks. */
  async function markPart(loginName: string, evidence: string): Promise<void> {
    const curator = await signedIn(loginName);
    await curator.goto(`${server.baseUrl}/roadmaps`);
    const task = curator.locator('section[aria-labelledby="school-tasks"]').getByRole('link', { name: activity, exact: true });
    await submitAndWait(curator, task.first());
    expect(new URL(curator.url()).pathname).toBe(partsPath);
    await curator.getByLabel('Статус').selectOption('done');
    await curator.getByLabel('Дата выполнения').fill('2026-12-01');
    await curator.getByLabel('Подтверждение', { exact: true }).fill(evidence);
    await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить' }));
    await curator.getByText(/часть школы: выполнено/).waitFor();
    await curator.context().close();
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startDemoServer();
    browser = await launchBrowser();
    const db = server.database.db;
    // An open item of the municipal plan no school has marked and the coordinator has not addressed,
    // with a one-off deadline (one part per school).
    const item = await db
      .selectFrom('roadmap_items')
      .innerJoin('roadmaps', 'roadmaps.id', 'roadmap_items.roadmap_id')
      .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
      .select(['roadmap_items.id', 'roadmap_items.roadmap_id', 'roadmap_items.activity'])
      .where('organizations.type', '=', 'municipality')
      .where('roadmaps.kind', '=', 'plan')
      .where('roadmap_items.kind', '=', 'item')
      .where('roadmap_items.status', 'not in', ['done', 'cancelled'])
      .where('roadmap_items.id', 'not in', (eb) => eb.selectFrom('roadmap_item_addressees').select('item_id'))
      .where('roadmap_items.id', 'not in', (eb) => eb.selectFrom('roadmap_school_parts').select('item_id'))
      .where((eb) => eb.fn.coalesce('roadmap_items.deadline_text', eb.val('')), 'not ilike', '%ежегодно%')
      .orderBy('roadmap_items.position')
      .executeTakeFirstOrThrow();
    partsPath = `/roadmaps/${item.roadmap_id}/items/${item.id}/schools`;
    activity = item.activity;
    const roadmap = await db
      .selectFrom('roadmaps')
      .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
      .select('roadmaps.id')
      .where('organizations.short_name', '=', DEMO_SCHOOL)
      .where('roadmaps.kind', '=', 'plan')
      .where('roadmaps.approved_at', 'is not', null)
      .executeTakeFirstOrThrow();
    roadmapPath = `/roadmaps/${roadmap.id}`;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the coordinator addresses an item to three schools; two mark their part; it shows «2 из 3»', async () => {
    const coordinator = await signedIn('coordinator');
    await coordinator.goto(`${server.baseUrl}${partsPath}`);
    await coordinator.getByLabel('Только отмеченным ниже').check();
    for (const school of THREE_SCHOOLS) await coordinator.getByLabel(school, { exact: true }).check();
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Сохранить' }));
    await coordinator.getByText('Пункт адресован отмеченным школам: 3.').waitFor();
    await coordinator.getByText('Выполнили 0 из 3 ОО').waitFor();

    await markPart('curator', 'Приказ № 112 от 01.12.2026 размещён на сайте школы');
    await markPart('curator.lyceum2', 'Протокол методического совета лицея № 7 от 01.12.2026');

    await coordinator.reload();
    await coordinator.getByText('Выполнили 2 из 3 ОО').waitFor();
    const rows = coordinator.locator('table tbody tr');
    expect(await rows.count()).toBe(3);
    await coordinator.getByRole('row', { name: /СОШ № 3.*Не начато/ }).waitFor();
    await coordinator.getByText('Протокол методического совета лицея № 7 от 01.12.2026').waitFor();
    await look(coordinator, 'school-parts');
    await coordinator.context().close();
  });

  it('the school roadmap goes to the centre, comes back, is fixed, agreed and approved by the head', async () => {
    const curator = await signedIn('curator');
    await curator.goto(`${server.baseUrl}${roadmapPath}`);
    // A change to the approved and agreed roadmap takes both back.
    await submitAndWait(curator, curator.getByRole('link', { name: /^Изменить пункт / }).first());
    const field = curator.getByLabel('Мероприятие');
    await field.fill(`${await field.inputValue()} (с участием наставников-партнёров)`);
    await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить пункт' }));
    await curator.goto(`${server.baseUrl}${roadmapPath}`);
    await curator.getByText('Состояние: согласование снято: после него изменилось содержание').waitFor();
    await curator.getByLabel('Примечание для методического центра').fill('Уточнён состав участников пункта.');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Отправить на согласование' }));
    await curator.getByText(/^Состояние: отправлена на согласование/).waitFor();

    // The head cannot approve before the centre agrees.
    const head = await signedIn('head');
    await head.goto(`${server.baseUrl}${roadmapPath}`);
    await head.getByText('Утвердить дорожную карту можно после её согласования с методическим центром.').waitFor();
    expect(await head.getByRole('button', { name: 'Утвердить дорожную карту' }).count()).toBe(0);

    const coordinator = await signedIn('coordinator');
    await coordinator.goto(`${server.baseUrl}${roadmapPath}`);
    await coordinator.getByText('Примечание школы: Уточнён состав участников пункта.').waitFor();
    // Returning needs a comment: without one the page says so at the field.
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Вернуть на доработку' }));
    await coordinator.locator('#field-agreement_comment-error').waitFor();
    await coordinator.getByLabel('Комментарий методического центра').fill('Укажите в пункте сроки проведения и ответственного.');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Вернуть на доработку' }));
    await coordinator.getByText(/^Состояние: возвращена методическим центром на доработку/).waitFor();

    await curator.reload();
    await curator.getByText('Комментарий методического центра: Укажите в пункте сроки проведения и ответственного.').waitFor();
    await look(curator, 'roadmap-returned');
    await submitAndWait(curator, curator.getByRole('link', { name: /^Изменить пункт / }).first());
    const responsible = curator.getByLabel('Ответственные');
    await responsible.fill('Заместитель директора по УВР Васильева Т. С.');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить пункт' }));
    await curator.goto(`${server.baseUrl}${roadmapPath}`);
    await curator.getByLabel('Примечание для методического центра').fill('Исправлено по комментарию: указан ответственный.');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Отправить на согласование' }));

    await coordinator.reload();
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Согласовать' }));
    await coordinator.getByText('Состояние: согласована методическим центром').waitFor();
    await coordinator.context().close();

    await head.reload();
    await submitAndWait(head, head.getByRole('button', { name: 'Утвердить дорожную карту' }));
    await head.getByText('Дорожная карта утверждена.').waitFor();
    await head
      .getByText(/^утверждена \d/)
      .first()
      .waitFor();
    await head.context().close();
    await curator.context().close();
  });
});
