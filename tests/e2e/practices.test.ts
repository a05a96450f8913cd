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
 * Issue 19, the bank of best practices, in a browser: the demo school's curator drafts a practice
 * and sends it to the methodological centre; the coordinator returns it with a comment; the curator
 * fixes it and sends it again; the coordinator accepts it into the register and publishes it; a
 * mentor of the municipality then finds it by a word form in the register.
 */

describeBrowser('a practice goes from the curator’s draft to publication', () => {
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
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('drafted, returned, fixed, accepted and published; a mentor finds it by another form of a word', async () => {
    const curator = await signedIn('curator');
    expect(await curator.locator('nav a[href="/practices"]').count()).toBeGreaterThan(0);
    await curator.goto(`${server.baseUrl}/practices`);
    await curator.getByRole('link', { name: 'Описать практику' }).click();
    await curator.locator('#field-title').fill('Шахматный клуб наставников');
    await curator.locator('#field-form').selectOption('student_student');
    await curator.locator('#field-authors').fill('Белова Ирина Сергеевна, учитель физической культуры');
    await curator.locator('#field-problem').fill('Ученики 5-х классов не умели сосредотачиваться на уроках.');
    await curator.locator('#field-actions').fill('Старшеклассники-шахматисты занимались с пятиклассниками два раза в неделю.');
    await curator.locator('#field-results').fill('Занятия понравились.');
    await curator.locator('#field-tags').fill('шахматы');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить' }));
    const practicePath = new URL(curator.url()).pathname;
    expect(practicePath).toMatch(/^\/practices\/\d+$/);
    await curator.getByText('черновик').first().waitFor();
    await submitAndWait(curator, curator.getByRole('button', { name: 'Направить на рассмотрение' }));
    await curator.getByText('на рассмотрении').first().waitFor();

    const coordinator = await signedIn('coordinator');
    await coordinator.goto(`${server.baseUrl}/practices?status=submitted`);
    await coordinator.getByRole('link', { name: 'Шахматный клуб наставников' }).click();
    await coordinator.locator('#field-comment').fill('Добавьте результаты в цифрах.');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Вернуть на доработку' }));
    await coordinator.getByText('возвращена на доработку').first().waitFor();

    await curator.goto(`${server.baseUrl}${practicePath}`);
    await curator.getByText('Добавьте результаты в цифрах.').waitFor();
    await checkA11y(curator, 'practices-returned');
    await curator.getByRole('link', { name: 'Изменить' }).click();
    await curator
      .locator('#field-results')
      .fill('Средний балл внимательности по тесту Тулуз-Пьерона вырос с 0,71 до 0,86 у 18 из 22 учеников.');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить' }));
    await submitAndWait(curator, curator.getByRole('button', { name: 'Направить на рассмотрение' }));
    await curator.getByText('на рассмотрении').first().waitFor();

    await coordinator.goto(`${server.baseUrl}${practicePath}`);
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Принять в муниципальный реестр' }));
    await coordinator.getByText('принята в реестр').first().waitFor();
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Опубликовать' }));
    await coordinator.getByText('опубликована').first().waitFor();
    await coordinator.context().close();

    // The curator was told of each decision.
    await curator.goto(`${server.baseUrl}/notifications`);
    await curator.getByText('Практика «Шахматный клуб наставников» опубликована').first().waitFor();
    await curator.context().close();

    const mentor = await signedIn('mentor');
    await mentor.goto(`${server.baseUrl}/practices?q=${encodeURIComponent('шахматистов')}`);
    await mentor.getByRole('link', { name: 'Шахматный клуб наставников' }).waitFor();
    expect(await mentor.getByText('Найдено: 1').count()).toBe(1);
    await mentor.context().close();
  });
});
