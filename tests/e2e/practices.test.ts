import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_MUNICIPALITY, DEMO_PASSWORD } from '../../seeds/demo.js';
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
 * mentor of the municipality then finds it by a word form in the register. An anonymous visitor
 * finds it on the school's public page and by a word of its text, switches to the version for the
 * visually impaired (200 %, white on black) and every public page kind passes axe in each colour
 * scheme; screenshots go to tmp/screenshots/public (git-ignored).
 */

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tmp/screenshots/public');

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

    // An anonymous visitor finds it on the school's public page and by a word of its text.
    const visitor = await (await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } })).newPage();
    visitor.context().setDefaultTimeout(10_000);
    await visitor.goto(`${server.baseUrl}/public`);
    await submitAndWait(visitor, visitor.getByRole('link', { name: DEMO_MUNICIPALITY }).first());
    const municipalityPath = new URL(visitor.url()).pathname;
    await submitAndWait(visitor, visitor.getByRole('link', { name: /школа № 1»$/ }).first());
    const schoolPath = new URL(visitor.url()).pathname;
    await submitAndWait(visitor, visitor.getByRole('link', { name: 'Шахматный клуб наставников' }));
    const publicPracticePath = new URL(visitor.url()).pathname;
    expect(publicPracticePath).toMatch(/^\/p\/[a-z0-9-]+\/practices\/\d+$/);
    await visitor.getByText('Средний балл внимательности по тесту Тулуз-Пьерона').waitFor();
    // The authors typed as free text stay inside the portal.
    expect(await visitor.getByText('Белова Ирина Сергеевна').count()).toBe(0);
    await visitor.goto(`${server.baseUrl}${municipalityPath}/practices`);
    await visitor.getByLabel('Поиск по тексту практик').fill('шахматистов');
    await submitAndWait(visitor, visitor.getByRole('button', { name: 'Найти' }));
    await visitor.getByText('Найдено практик: 1').waitFor();
    await visitor.getByRole('link', { name: 'Шахматный клуб наставников' }).waitFor();

    // The version for the visually impaired: large font, white on black; every public page kind in
    // each colour scheme passes axe; a screenshot of each.
    await submitAndWait(visitor, visitor.getByRole('link', { name: 'Версия для слабовидящих' }));
    await visitor.getByLabel('Очень крупный (200 %)').check();
    await visitor.getByLabel('Белый текст на чёрном фоне').check();
    await submitAndWait(visitor, visitor.getByRole('button', { name: 'Включить' }));
    expect(await visitor.getAttribute('html', 'class')).toContain('lv-size-200 lv-scheme-bw');
    mkdirSync(SCREENSHOTS, { recursive: true });
    const kinds: Array<[string, string]> = [
      ['public', '/public'],
      ['municipality', municipalityPath],
      ['school', schoolPath],
      ['practices', `${municipalityPath}/practices?q=${encodeURIComponent('шахматистов')}`],
      ['practice', publicPracticePath],
    ];
    for (const scheme of [
      { value: 'bw', button: 'Ц — белый текст на чёрном фоне' },
      { value: 'wb', button: 'Ц — чёрный текст на белом фоне' },
      { value: 'blue', button: 'Ц — тёмно-синий текст на голубом фоне' },
    ]) {
      await submitAndWait(visitor, visitor.getByRole('button', { name: scheme.button }));
      expect(await visitor.getAttribute('html', 'class')).toContain(`lv-scheme-${scheme.value}`);
      for (const [kind, url] of kinds) {
        await visitor.goto(`${server.baseUrl}${url}`);
        await checkA11y(visitor, `public ${kind}, ${scheme.value}, 200 %`);
        await visitor.screenshot({ path: path.join(SCREENSHOTS, `${kind}-${scheme.value}.png`), fullPage: true });
      }
    }
    await visitor.context().close();
  });
});
