import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_SCHOOL } from '../../seeds/demo.js';
import { type DemoServer, describeBrowser, launchBrowser, login, startDemoServer, submitAndWait } from '../helpers/browser.js';
import { type DemoPairs, findDemoPairs } from '../helpers/pair-fixtures.js';

// A browser global used inside page.evaluate (the project compiles without the DOM library).
declare const document: { documentElement: { scrollWidth: number } };

/** Screenshots of these journeys (git-ignored), to look at after a change of the pages. */
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tmp/screenshots/mentor');

const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 800 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};

async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 5000 });
}

async function fitsPhone(page: Page, name: string): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${name}: no horizontal scrolling at 375 px`).toBeLessThanOrEqual(375);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

describeBrowser('a mentor logs meetings from a phone; a student leaves feedback through the link', () => {
  let browser: Browser;
  let server: DemoServer;
  let demo: DemoPairs;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
    // The demo seed (seeds/pairs.ts) forms the demo mentor's pairs.
    demo = await findDemoPairs(server.database.db, DEMO_SCHOOL);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU', ...options });
    context.setDefaultTimeout(10_000);
    return context.newPage();
  }

  it('the demo mentor, on a 375 px screen, taps «Записать встречу», logs a joint-work meeting with feedback and sees it on the pair page', async () => {
    const page = await newPage(PHONE);
    await login(page, server.baseUrl, 'mentor', DEMO_PASSWORD);
    await visible(page.getByRole('heading', { level: 2, name: 'Мои пары' }));
    const card = page.locator('.pair-card').filter({ hasText: demo.studentName });
    await visible(card);
    await visible(card.getByText('этап: реализационный'));
    await fitsPhone(page, 'mentor-home-375');

    await submitAndWait(page, card.getByRole('link', { name: /^Записать встречу/ }));
    expect(new URL(page.url()).pathname).toBe(`/pairs/${demo.studentPair}/meetings/new`);
    await visible(page.getByRole('heading', { level: 1, name: 'Записать встречу' }));
    await page.getByLabel('Тип встречи').selectOption({ label: 'Совместная работа' });
    await page.getByLabel('Длительность, минут').fill('45');
    await page.getByLabel('Тема').fill('Подготовка к школьному туру олимпиады');
    await page.getByLabel('Что сделано').fill('Разобрали три задачи прошлого года');
    // joint work without the mentor's feedback: the form comes back with the reason
    await submitAndWait(page, page.getByRole('button', { name: 'Записать встречу' }));
    const summary = page.locator('.error-summary');
    await visible(summary.getByRole('link', { name: /заполните обратную связь наставника/ }));
    expect(await page.getByLabel('Тема').inputValue()).toBe('Подготовка к школьному туру олимпиады');
    await fitsPhone(page, 'meeting-form-errors-375');

    await page.getByLabel('Обратная связь наставника').fill('Хорошо решает комбинаторику, слабее геометрия');
    await submitAndWait(page, page.getByRole('button', { name: 'Записать встречу' }));
    expect(new URL(page.url()).pathname).toBe(`/pairs/${demo.studentPair}`);
    await visible(page.getByText('Встреча записана.'));
    const meeting = page.locator('.meeting').filter({ hasText: 'Подготовка к школьному туру олимпиады' });
    await visible(meeting.getByText('совместная работа'));
    await visible(meeting.getByText('Хорошо решает комбинаторику, слабее геометрия'));
    await visible(meeting.getByText('ждём отзыв'));
    await fitsPhone(page, 'pair-375');

    // back home: the pair's last meeting is today
    await page.goto(`${server.baseUrl}/`);
    await visible(page.locator('.pair-card').filter({ hasText: demo.studentName }).getByText('Последняя встреча: сегодня'));
    await page.context().close();
  });

  it('the curator issues the student’s link on the pair page; the student opens it on a phone without an account and leaves feedback', async () => {
    const curator = await newPage({ viewport: { width: 1280, height: 900 } });
    await login(curator, server.baseUrl, 'curator', DEMO_PASSWORD);
    await curator.goto(`${server.baseUrl}/pairs/${demo.studentPair}`);
    // The group has two students: the link of the one this test follows.
    await submitAndWait(curator, curator.getByRole('button', { name: new RegExp(`^Ссылка для отзыва\\W+${demo.studentName}`) }));
    expect(new URL(curator.url()).pathname).toBe(`/pairs/${demo.studentPair}/mentees/${demo.studentId}/feedback-link`);
    const link = (await curator.locator('.link-print').innerText()).trim();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/feedback\/[a-z2-7]{32}$/);
    // the printable card: the student's name and the QR code drawn on the server
    await visible(curator.locator('.qr-card-body svg'));
    expect(await curator.locator('.qr-card-name').innerText()).toContain(demo.studentName);
    await curator.screenshot({ path: path.join(SCREENSHOTS, 'feedback-link-issued.png'), fullPage: true });
    // shown once: a reload no longer shows it
    await curator.reload();
    await visible(curator.getByText(/Ссылка выдана \d{2}\.\d{2}\.\d{4} и уже была показана/));
    expect(await curator.locator('.qr-card').count()).toBe(0);
    expect(await curator.locator('.link-print').count()).toBe(0);
    await curator.context().close();

    const student = await newPage(PHONE);
    const response = await student.goto(link);
    expect(response?.status()).toBe(200);
    await visible(student.getByRole('heading', { level: 1, name: 'Отзыв о встречах с наставником' }));
    await visible(student.getByText('Павлова Наталья Игоревна'));
    // The seeded planning meeting (seeds/pairs.ts) waits for the student's feedback.
    const planning = student.locator('.meeting').filter({ hasText: 'Составление индивидуального плана развития' });
    await planning.getByLabel('Ваш отзыв о встрече').fill('Понравилось, что план составили вместе');
    await planning.getByLabel('Оценка встречи от 1 до 10 (по желанию)').selectOption('9');
    await fitsPhone(student, 'feedback-link-375');
    await submitAndWait(student, planning.getByRole('button', { name: 'Отправить отзыв' }));
    await visible(student.getByText('Спасибо! Отзыв о встрече сохранён.'));
    await visible(student.getByRole('heading', { level: 2, name: 'Ваши отзывы' }));
    await visible(student.getByText('Понравилось, что план составили вместе'));
    // the link signs nobody in
    const cookies = await student.context().cookies();
    expect(cookies.map((c) => c.name)).not.toContain('session');
    await student.goto(`${server.baseUrl}/pairs/${demo.studentPair}`);
    expect(new URL(student.url()).pathname).toBe('/login');
    await student.context().close();

    const stored = await server.database.db
      .selectFrom('meeting_feedback')
      .selectAll()
      .where('mentee_id', '=', demo.studentId)
      .where('text', '=', 'Понравилось, что план составили вместе')
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ text: 'Понравилось, что план составили вместе', rating: 9, via: 'link' });
  });
});
