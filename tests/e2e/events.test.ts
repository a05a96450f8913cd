import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
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
 * Events in a browser (issue 18): the coordinator plans a seminar for curators and mentors and
 * opens registration; the demo mentor is told, opens the event and registers; once the seminar has
 * begun (its start moved into the past in the database: time passing), the coordinator marks
 * attendance on the check-list on a phone (375 px) and publishes the result, which the mentor reads;
 * the mentor's portfolio then shows the seminar among its events and in its training.
 * Screenshots go to tmp/screenshots/events (git-ignored).
 */

// Browser globals used inside page.evaluate (the project compiles without the DOM library).
declare const document: { documentElement: { scrollWidth: number } };

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tmp/screenshots/events');
const TITLE = 'Семинар «Наставник и молодой педагог: первые полгода»';

describeBrowser('events in a browser: a seminar planned, registered for, attended and summed up', () => {
  let browser: Browser;
  let server: DemoServer;

  async function signedIn(loginName: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await login(page, server.baseUrl, loginName, DEMO_PASSWORD);
    return page;
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startDemoServer();
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the coordinator plans and opens a seminar, a mentor registers, the coordinator marks attendance and publishes the result', async () => {
    const year = new Date().getFullYear() + 1;
    const coordinator = await signedIn('coordinator');
    await coordinator.goto(`${server.baseUrl}/events`);
    await submitAndWait(coordinator, coordinator.getByRole('link', { name: 'Запланировать мероприятие' }));
    await coordinator.getByLabel('Название').fill(TITLE);
    await coordinator.getByLabel('Вид мероприятия').selectOption('seminar');
    await coordinator.getByLabel('Уровень').selectOption('municipal');
    await coordinator.getByLabel('Начало').fill(`${year}-02-12T14:00`);
    await coordinator.getByLabel('Окончание').fill(`${year}-02-12T16:00`);
    await coordinator.getByLabel('Место проведения').fill('Методический центр, ауд. 12');
    await coordinator.getByLabel('кураторы', { exact: true }).check();
    await coordinator.getByLabel('наставники', { exact: true }).check();
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Добавить в план' }));
    const eventPath = new URL(coordinator.url()).pathname;
    expect(eventPath).toMatch(/^\/events\/\d+$/);
    await coordinator.getByText('Мероприятие добавлено в план.').waitFor();
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Открыть регистрацию' }));
    await coordinator.getByText('Регистрация открыта.', { exact: false }).first().waitFor();

    // The mentor is told, opens the event from its list and registers.
    const mentor = await signedIn('mentor');
    await mentor.goto(`${server.baseUrl}/notifications`);
    await mentor.getByText(`Открыта регистрация на мероприятие «${TITLE}»`).first().waitFor();
    await mentor.goto(`${server.baseUrl}/events?year=${year}`);
    await submitAndWait(mentor, mentor.getByRole('link', { name: TITLE }));
    await submitAndWait(mentor, mentor.getByRole('button', { name: 'Зарегистрироваться' }));
    await mentor.getByText('Вы зарегистрированы на мероприятие.').first().waitFor();
    await mentor.screenshot({ path: path.join(SCREENSHOTS, 'mentor-registered.png'), fullPage: true });

    // The seminar has begun.
    const id = Number(eventPath.split('/').pop());
    const starts = new Date(Date.now() - 3_600_000);
    await server.database.db
      .updateTable('events')
      .set({ starts_at: starts, ends_at: new Date(starts.getTime() + 7_200_000) })
      .where('id', '=', id)
      .execute();

    // The check-list on a phone.
    await coordinator.setViewportSize({ width: 375, height: 800 });
    await coordinator.goto(`${server.baseUrl}${eventPath}`);
    await submitAndWait(coordinator, coordinator.getByRole('link', { name: 'Отметить присутствие' }));
    const box = coordinator.getByLabel(/Павлова Наталья Игоревна/);
    const size = await box.boundingBox();
    expect(size?.height ?? 0).toBeGreaterThanOrEqual(24);
    expect(await coordinator.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await checkA11y(coordinator, 'event check-list at 375');
    await box.check();
    await coordinator.screenshot({ path: path.join(SCREENSHOTS, 'check-list-375.png'), fullPage: true });
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Сохранить отметки' }));
    await coordinator.getByText('Присутствие отмечено: 1 из 1.').waitFor();
    await coordinator.getByText('присутствовал(а)').waitFor();

    // The result.
    await coordinator.setViewportSize({ width: 1366, height: 900 });
    await coordinator
      .locator('#field-summary')
      .fill('Семинар проведён. Наставникам рекомендовано обновить индивидуальные маршруты к 1 марта.');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Опубликовать итоги' }));
    await coordinator.getByText('Итоги опубликованы.').waitFor();
    await mentor.goto(`${server.baseUrl}${eventPath}`);
    await mentor.getByText('итоги опубликованы').first().waitFor();
    await mentor.getByText('Наставникам рекомендовано обновить индивидуальные маршруты').waitFor();
    const status = await server.database.db.selectFrom('events').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(status.status).toBe('results_published');

    // The mentor's portfolio (issue 18) shows the seminar among its events and, the seminar being
    // training, in its training history as the portal's record.
    await submitAndWait(mentor, mentor.getByRole('link', { name: 'Портфолио', exact: true }));
    await mentor.locator('section[aria-labelledby="portfolio-events"]').getByText(TITLE).first().waitFor();
    const training = mentor.locator('section[aria-labelledby="portfolio-training"] li', { hasText: TITLE });
    await training.waitFor();
    expect(await training.textContent()).toContain('(по данным портала)');
    await checkA11y(mentor, 'the mentor’s portfolio after the seminar');
  });
});
