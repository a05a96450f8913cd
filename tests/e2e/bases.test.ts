import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_SCHOOL } from '../../seeds/demo.js';
import { writeXlsx } from '../../src/lib/spreadsheet.js';
import { type DemoServer, describeBrowser, launchBrowser, login, startDemoServer, submitAndWait } from '../helpers/browser.js';

// Browser globals used inside page.evaluate (the project compiles without the DOM library).
declare const document: {
  documentElement: { scrollWidth: number };
  createRange(): { selectNodeContents(node: unknown): void; getClientRects(): ArrayLike<{ top: number }> };
};
/** The bits of a table cell the layout check reads (the project compiles without the DOM library). */
interface CellElement {
  querySelector(selector: string): { nextSibling: unknown; getBoundingClientRect(): { top: number } } | null;
}

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../screenshots');
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Waits (briefly) until the locator is visible; fails with its description otherwise. */
async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 5000 });
}

/** A day `years` years and `days` days before today, as DD.MM.YYYY. */
function daysAgo(years: number, days: number): string {
  const date = new Date();
  date.setFullYear(date.getFullYear() - years);
  date.setDate(date.getDate() - days);
  return [date.getDate(), date.getMonth() + 1].map((n) => String(n).padStart(2, '0')).join('.') + `.${date.getFullYear()}`;
}

const HEADER = [
  'Фамилия',
  'Имя',
  'Отчество',
  'Категория',
  'Класс',
  'Дата рождения',
  'Дата согласия',
  'Согласие дал(а)',
  'Статус',
];

/** Three 7th-graders of 12–13 years; surnames that the demo bases do not use. */
function students(thirdBirthDate: string): string[][] {
  const consent = daysAgo(0, 30);
  return [
    [
      'Селиверстова',
      'Алиса',
      'Игоревна',
      'обучающийся',
      '7Б',
      daysAgo(12, 100),
      consent,
      'Селиверстов Игорь Петрович',
      'потенциальный',
    ],
    [
      'Пантелеев',
      'Глеб',
      'Романович',
      'обучающийся',
      '7Б',
      daysAgo(12, 200),
      consent,
      'Пантелеева Ирина Олеговна',
      'потенциальный',
    ],
    ['Ермолаева', 'Ева', 'Денисовна', 'обучающийся', '7Б', thirdBirthDate, consent, 'Ермолаев Денис Юрьевич', 'потенциальный'],
  ];
}

describeBrowser('bases of mentors and mentees in a browser', () => {
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

  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU', ...options });
    context.setDefaultTimeout(10_000);
    return context.newPage();
  }

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Разделы портала' });

  async function upload(page: Page, name: string, rows: string[][]): Promise<void> {
    const buffer = await writeXlsx('Наставляемые', HEADER, rows);
    await page.setInputFiles('#field-file', { name, mimeType: XLSX_TYPE, buffer });
    await submitAndWait(page, page.getByRole('button', { name: 'Проверить файл' }));
  }

  it('the curator loads students from a file, fixes an error it shows, and the coordinator finds them in the municipal register', async () => {
    const curator = await newPage();
    await login(curator, server.baseUrl, 'curator', DEMO_PASSWORD);
    await submitAndWait(curator, nav(curator).getByRole('link', { name: 'Наставляемые', exact: true }));
    await visible(curator.getByRole('heading', { level: 1, name: 'База наставляемых' }));
    await submitAndWait(curator, curator.getByRole('link', { name: 'Загрузить из файла' }));
    expect(new URL(curator.url()).pathname).toBe('/mentees/import');

    // a file whose third student was born on 31 February
    await upload(curator, 'sedmoy-b.xlsx', students('31.02.2012'));
    expect(new URL(curator.url()).pathname).toMatch(/^\/mentees\/import\/\d+$/);
    const errors = curator.getByRole('region', { name: 'Ошибки в файле' });
    await visible(errors.getByRole('heading', { level: 2, name: 'Ошибки в файле' }));
    const rows = errors.getByRole('table').locator('tbody tr');
    expect(await rows.count()).toBe(1);
    // the Excel line: the header is line 1, so the third student is on line 4
    expect(await rows.first().locator('td').allInnerTexts()).toEqual([
      '4',
      'Ермолаева Ева Денисовна',
      'Дата рождения',
      'Дата рождения: даты «31.02.2012» не существует: в феврале 2012 года 29 дней, а не 31',
    ]);
    await visible(curator.getByText('С ошибками: 1'));
    expect(await curator.getByRole('button', { name: /Загрузить в базу/ }).count()).toBe(0);

    // the fixed file
    await submitAndWait(curator, curator.getByRole('link', { name: 'Загрузить исправленный файл' }));
    await upload(curator, 'sedmoy-b.xlsx', students(daysAgo(13, 10)));
    await visible(curator.getByText('Будет добавлено: 3'));
    expect(await curator.getByRole('region', { name: 'Ошибки в файле' }).count()).toBe(0);
    await submitAndWait(curator, curator.getByRole('button', { name: /^Загрузить в базу/ }));
    expect(new URL(curator.url()).pathname).toBe('/mentees');
    await visible(curator.getByRole('status').getByText(/^Загрузка завершена: добавлено 3/));

    // found with a typo: one letter of the surname missing
    await curator.getByLabel('ФИО', { exact: true }).fill('Селверстова');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Показать' }));
    await visible(curator.getByRole('link', { name: 'Селиверстова Алиса Игоревна', exact: true }));
    await curator.context().close();

    const coordinator = await newPage();
    await login(coordinator, server.baseUrl, 'coordinator', DEMO_PASSWORD);
    await submitAndWait(coordinator, nav(coordinator).getByRole('link', { name: 'Наставляемые', exact: true }));
    await visible(coordinator.getByRole('heading', { level: 1, name: 'База наставляемых: муниципальный реестр' }));
    await coordinator.getByLabel('ФИО', { exact: true }).fill('Селиверстова');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Показать' }));
    const row = coordinator
      .getByRole('row')
      .filter({ has: coordinator.getByRole('link', { name: 'Селиверстова Алиса Игоревна' }) });
    expect(await row.count()).toBe(1);
    await visible(row.getByRole('cell', { name: DEMO_SCHOOL, exact: true }));
    // the district sees an age group, not a minor's birth date
    await visible(row.getByRole('cell', { name: '10–14 лет', exact: true }));
    expect(await row.innerText()).not.toMatch(/\d{2}\.\d{2}\.\d{4}/);

    await nav(coordinator).locator('summary').click(); // «Ещё»
    await submitAndWait(coordinator, nav(coordinator).getByRole('link', { name: 'Реестры', exact: true }));
    await visible(coordinator.getByRole('heading', { level: 1, name: 'Муниципальные реестры' }));
    const counts = coordinator.getByRole('table', { name: 'Наставники и наставляемые по школам и категориям' });
    await visible(counts.getByRole('rowheader', { name: DEMO_SCHOOL, exact: true }));
    await coordinator.context().close();
  }, 40_000);

  it('the curator adds a mentor through the form and moves the record to the archive', async () => {
    const page = await newPage();
    await login(page, server.baseUrl, 'curator', DEMO_PASSWORD);
    await page.goto(`${server.baseUrl}/mentors`);
    await submitAndWait(page, page.getByRole('link', { name: 'Добавить наставника' }));
    await visible(page.getByRole('heading', { level: 1, name: 'Новый наставник' }));
    await page.getByRole('textbox', { name: 'Фамилия', exact: true }).fill('Вершинина');
    await page.getByRole('textbox', { name: 'Имя', exact: true }).fill('Лада');
    await page.getByRole('textbox', { name: 'Отчество', exact: true }).fill('Андреевна');
    await page.getByLabel('Категория наставника').selectOption({ label: 'педагог' });
    await page.getByLabel('Должность или класс').fill('Учитель физики');
    await page.getByRole('group', { name: 'Компетенции' }).getByLabel('Предметные', { exact: true }).check();
    await page
      .getByRole('group', { name: 'Формы наставничества, в которых может работать' })
      .getByLabel('педагог – ученик')
      .check();
    await page.getByRole('spinbutton', { name: 'Сколько наставляемых одновременно' }).fill('2');
    await submitAndWait(page, page.getByRole('button', { name: 'Добавить в базу' }));

    expect(new URL(page.url()).pathname).toMatch(/^\/mentors\/\d+$/);
    await visible(page.getByRole('status').getByText('Наставник добавлен в базу.'));
    await visible(page.getByRole('heading', { level: 1, name: 'Вершинина Лада Андреевна' }));
    const details = page.locator('dl.details');
    await visible(details.getByText('Предметные', { exact: true }));
    await visible(details.getByText('педагог – ученик', { exact: true }));
    expect(await details.locator('dt:has-text("Наставляемых одновременно") + dd').innerText()).toBe('2');

    await submitAndWait(page, page.getByRole('button', { name: 'В архив' }));
    await visible(page.getByRole('status').getByText('Запись перенесена в архив.'));
    await visible(page.getByText(/^Запись в архиве с /));
    await visible(page.getByRole('button', { name: 'Вернуть из архива' }));

    // gone from the current list, found under «в архиве»
    await page.goto(`${server.baseUrl}/mentors?q=${encodeURIComponent('Вершинина')}`);
    await visible(page.getByText('В базе нет записей по этим условиям.'));
    await page.getByLabel('Статус', { exact: true }).selectOption({ label: 'в архиве' });
    await submitAndWait(page, page.getByRole('button', { name: 'Показать' }));
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Вершинина Лада Андреевна' }) });
    await visible(row.getByRole('cell', { name: 'потенциальный, в архиве' }));
    await page.context().close();
  });

  it('a mentor is refused the base of mentees with the 403 page in Russian', async () => {
    const page = await newPage();
    await login(page, server.baseUrl, 'mentor', DEMO_PASSWORD);
    const response = await page.goto(`${server.baseUrl}/mentees`);
    expect(response?.status()).toBe(403);
    await visible(page.getByRole('heading', { level: 1, name: 'Доступ запрещён' }));
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await page.getByRole('table').count()).toBe(0);
    await page.context().close();
  });

  it('the list of mentees fits a 375 px phone screen without horizontal scrolling', async () => {
    const page = await newPage({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await login(page, server.baseUrl, 'curator', DEMO_PASSWORD);
    await page.goto(`${server.baseUrl}/mentees`);
    await visible(page.getByRole('heading', { level: 1, name: 'База наставляемых' }));
    await visible(page.getByRole('table', { name: 'База наставляемых' }));
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'mentees-375.png'), fullPage: true });
    await page.context().close();
  });

  it('on a phone, a pair’s number and names read as one text beside their label', async () => {
    const page = await newPage({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
    await login(page, server.baseUrl, 'curator', DEMO_PASSWORD);
    await page.goto(`${server.baseUrl}/pairs`);
    const cell = page.locator('td[data-label="Пара"]').first();
    await visible(cell);
    // The link «№ N» and the text after it («: mentor → mentee») start on the same line.
    const tops = await cell.evaluate((td) => {
      const link = (td as unknown as CellElement).querySelector('a');
      const range = document.createRange();
      range.selectNodeContents(link?.nextSibling);
      return { link: link?.getBoundingClientRect().top ?? -1, text: range.getClientRects()[0]?.top ?? -1 };
    });
    expect(tops.link).toBeGreaterThan(0);
    expect(Math.abs(tops.text - tops.link)).toBeLessThan(4);
    // An active pair has no checkbox to put it into an order: its empty cell shows no bare label.
    const empty = page.locator('td[data-label="В приказ"]:empty').first();
    expect(await empty.count()).toBe(1);
    expect(await empty.isVisible()).toBe(false);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await page.context().close();
  });
});
