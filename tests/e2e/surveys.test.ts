import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
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
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tmp/screenshots/surveys');

const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 800 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };

const TITLE = 'Анкетирование наставников СОШ № 1';

async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 5000 });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function fitsPhone(page: Page, name: string): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${name}: no horizontal scrolling at 375 px`).toBeLessThanOrEqual(375);
  await shot(page, name);
}

describeBrowser(
  'surveys: the coordinator opens a survey, the demo mentor answers from a phone, the results count the answer',
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

    async function signedIn(role: string, options: BrowserContextOptions = DESKTOP): Promise<Page> {
      const context = await browser.newContext({ locale: 'ru-RU', ...options });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await login(page, server.baseUrl, role, DEMO_PASSWORD);
      return page;
    }

    it('the journey, with axe on the questionnaire form, the survey form, the answer page and the results', async () => {
      // The coordinator: the questionnaire form (with its errors), then a survey for the demo school.
      const coordinator = await signedIn('coordinator');
      await coordinator.goto(`${server.baseUrl}/surveys`);
      await visible(coordinator.getByRole('heading', { level: 2, name: 'Анкеты' }));
      await visible(coordinator.getByRole('link', { name: 'Анкета удовлетворённости наставника' }));
      await submitAndWait(coordinator, coordinator.getByRole('link', { name: 'Новая анкета' }));
      await checkA11y(coordinator, 'questionnaire form');
      await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Добавить вопрос' }));
      expect(await coordinator.getByRole('group', { name: /^Вопрос \d+$/ }).count()).toBe(6);
      await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Сохранить анкету' }));
      await visible(coordinator.locator('.error-summary').getByRole('link', { name: /Укажите название анкеты/ }));
      await checkA11y(coordinator, 'questionnaire form with errors');
      await shot(coordinator, 'template-form-errors');

      await coordinator.goto(`${server.baseUrl}/surveys`);
      await submitAndWait(coordinator, coordinator.getByRole('link', { name: 'Открыть опрос' }));
      await checkA11y(coordinator, 'survey form');
      await coordinator
        .getByRole('combobox', { name: 'Анкета', exact: true })
        .selectOption({ label: 'Анкета удовлетворённости наставника (для наставников)' });
      await coordinator.getByRole('textbox', { name: 'Название опроса' }).fill(TITLE);
      // every school is ticked to begin with: keep the demo school only
      const schools = coordinator.getByRole('group', { name: 'Школы' }).getByRole('checkbox');
      for (const box of await schools.all()) await box.uncheck();
      await coordinator.getByRole('checkbox', { name: DEMO_SCHOOL }).check();
      await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Открыть опрос' }));
      await visible(coordinator.getByRole('heading', { level: 1, name: TITLE }));
      await visible(coordinator.getByText(/Опрос открыт\. Приглашено участников: \d+/));
      const surveyUrl = coordinator.url();
      expect(new URL(surveyUrl).pathname).toMatch(/^\/surveys\/\d+$/);

      // The demo mentor, on a 375 px screen: «Анкеты» on the home page, the questionnaire, an error, the answer.
      const mentor = await signedIn('mentor', PHONE);
      const surveys = mentor.locator('section').filter({ has: mentor.getByRole('heading', { level: 2, name: 'Анкеты' }) });
      await visible(surveys.getByRole('link', { name: TITLE }));
      await fitsPhone(mentor, 'mentor-home-375');
      await submitAndWait(mentor, surveys.getByRole('link', { name: TITLE }));
      await visible(mentor.getByRole('heading', { level: 1, name: TITLE }));
      await checkA11y(mentor, 'answer page');
      await fitsPhone(mentor, 'answer-375');

      const q1 = mentor.getByRole('group', { name: /^1\. Насколько вы удовлетворены участием/ });
      await q1.getByLabel('9', { exact: true }).check();
      await submitAndWait(mentor, mentor.getByRole('button', { name: 'Отправить ответы' }));
      const summary = mentor.locator('.error-summary');
      await visible(summary.getByRole('link', { name: 'Вопрос 2: выберите оценку от 1 до 10' }));
      // the answer given is kept
      expect(
        await mentor
          .getByRole('group', { name: /^1\. Насколько вы удовлетворены участием/ })
          .getByLabel('9', { exact: true })
          .isChecked(),
      ).toBe(true);
      await checkA11y(mentor, 'answer page with errors');
      await fitsPhone(mentor, 'answer-errors-375');

      await mentor
        .getByRole('group', { name: /^2\. Насколько комфортным/ })
        .getByLabel('8', { exact: true })
        .check();
      await mentor
        .getByRole('group', { name: /^3\. Насколько полезными/ })
        .getByLabel('10', { exact: true })
        .check();
      await mentor
        .getByRole('group', { name: /^4\. Насколько вам хватало поддержки/ })
        .getByLabel('6', { exact: true })
        .check();
      await mentor.getByLabel('5. Что было самым полезным?').fill('Разбор уроков вместе с наставляемым');
      await submitAndWait(mentor, mentor.getByRole('button', { name: 'Отправить ответы' }));
      expect(new URL(mentor.url()).pathname).toBe('/');
      await visible(mentor.getByText('Спасибо! Ваши ответы приняты.'));
      expect(await mentor.getByRole('link', { name: TITLE }).count()).toBe(0);
      await mentor.context().close();

      // The results: the demo school's one answer is counted, shown as a count only.
      await coordinator.goto(surveyUrl);
      const row = coordinator.getByRole('row', { name: new RegExp(DEMO_SCHOOL.replace(/[«»№ ]/g, '.')) });
      await visible(row.getByRole('cell', { name: '1', exact: true }));
      await visible(row.getByText('меньше 3 ответов — только число'));
      await checkA11y(coordinator, 'results');
      await shot(coordinator, 'results-new-survey');

      // Last year's monitoring, answered in every school: figures per school and per question.
      await coordinator.goto(`${server.baseUrl}/surveys?state=finished`);
      await submitAndWait(coordinator, coordinator.getByRole('link', { name: /^Мониторинг удовлетворённости наставляемых/ }));
      await visible(coordinator.getByRole('heading', { level: 2, name: 'По вопросам' }));
      await visible(coordinator.getByRole('row', { name: /Всего по опросу/ }));
      await checkA11y(coordinator, 'results of last year');
      await shot(coordinator, 'results-last-year');
      await coordinator.context().close();

      // The curator hands out personal links for this year's mentee survey: the list, then the links shown once.
      const curator = await signedIn('curator');
      await curator.goto(`${server.baseUrl}/surveys?state=running`);
      await submitAndWait(
        curator,
        curator.getByRole('link', {
          name: /^Мониторинг удовлетворённости наставляемых|^Промежуточное анкетирование наставляемых/,
        }),
      );
      await submitAndWait(curator, curator.getByRole('link', { name: 'Личные ссылки для участников' }));
      await checkA11y(curator, 'personal links');
      await submitAndWait(curator, curator.getByRole('button', { name: 'Выдать ссылки отмеченным' }));
      await visible(curator.locator('.link-print'));
      expect(await curator.locator('.link-print').first().innerText()).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/survey-link\/[a-z2-7]{32}$/,
      );
      await checkA11y(curator, 'personal links issued');
      await shot(curator, 'links-issued');
      await curator.context().close();
    });
  },
);
