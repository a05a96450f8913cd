import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { checkA11y, type DemoServer, describeBrowser, launchBrowser, login, startDemoServer } from '../helpers/browser.js';

/**
 * Issue 18, the mentor's portfolio in a browser: the demo mentor opens «Портфолио» from its menu
 * and sees last year's seminar, its training and its letter of thanks; the printable version for
 * attestation carries the signature lines and names no student; the curator reaches the same
 * portfolio from the mentor's card.
 */

describeBrowser('the mentor opens its portfolio', () => {
  let browser: Browser;
  let server: DemoServer;

  async function signedIn(loginName: string, width = 1366): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await login(page, server.baseUrl, loginName, DEMO_PASSWORD);
    return page;
  }

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sees a seminar, a training and an award, and prints the document without a student’s name', async () => {
    const mentor = await signedIn('mentor');
    await mentor.getByRole('navigation').getByRole('link', { name: 'Портфолио' }).first().click();
    await mentor.waitForURL(/\/portfolio$/);
    expect(await mentor.getByRole('heading', { level: 1 }).innerText()).toBe('Моё портфолио');
    const events = mentor.locator('table.portfolio-events');
    expect(await events.innerText()).toContain('Установочный семинар');
    expect(await events.innerText()).toContain('победитель');
    expect(await mentor.locator('.portfolio-training').innerText()).toMatch(/72 ч/);
    expect(await mentor.locator('table.portfolio-awards').innerText()).toContain('Благодарственное письмо');
    await checkA11y(mentor, 'portfolio-mentor-flow');

    await mentor.getByRole('link', { name: 'Версия для печати' }).click();
    await mentor.waitForURL(/\/portfolio\/print$/);
    const doc = await mentor.locator('main.doc').innerText();
    expect(doc).toContain('Портфолио наставника');
    expect(doc).toContain('Павлова Наталья Игоревна');
    expect(doc).toContain('Руководитель ОО');
    expect(doc).toContain('М.П.');
    expect(doc).toContain('обучающийся');
    const students = await server.database.db
      .selectFrom('pair_mentors')
      .innerJoin('mentors', 'mentors.id', 'pair_mentors.mentor_id')
      .innerJoin('users', 'users.id', 'mentors.user_id')
      .innerJoin('pair_mentees', 'pair_mentees.pair_id', 'pair_mentors.pair_id')
      .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
      .select('mentees.last_name')
      .where('users.login', '=', 'mentor')
      .where('mentees.category', '=', 'student')
      .execute();
    expect(students.length).toBeGreaterThan(0);
    for (const s of students) expect(doc).not.toContain(s.last_name);
    // A4 portrait on paper: the print media hides the toolbar.
    await mentor.emulateMedia({ media: 'print' });
    expect(await mentor.locator('.print-toolbar').isVisible()).toBe(false);
    await mentor.context().close();
  });

  it('the curator opens it from the mentor’s card', async () => {
    const curator = await signedIn('curator');
    const pavlova = await server.database.db
      .selectFrom('mentors')
      .innerJoin('users', 'users.id', 'mentors.user_id')
      .select('mentors.id')
      .where('users.login', '=', 'mentor')
      .executeTakeFirstOrThrow();
    await curator.goto(`${server.baseUrl}/mentors/${pavlova.id}`);
    await curator.getByRole('link', { name: 'Портфолио', exact: true }).click();
    await curator.waitForURL(new RegExp(`/mentors/${pavlova.id}/portfolio$`));
    expect(await curator.getByRole('heading', { level: 1 }).innerText()).toBe('Портфолио наставника: Павлова Наталья Игоревна');
    expect(await curator.locator('table.portfolio-pairs').innerText()).toContain('активна');
    await curator.context().close();
  });
});
