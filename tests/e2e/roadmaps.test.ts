import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_SCHOOL } from '../../seeds/demo.js';
import { type DemoServer, describeBrowser, launchBrowser, login, startDemoServer, submitAndWait } from '../helpers/browser.js';

/**
 * The journey of the roadmaps issue, through the UI only: the coordinator pastes the district
 * roadmap and gets its sections and items; makes and publishes a template from the school
 * roadmap; a curator creates the school's roadmap from it, marks an item done with a comment and a
 * PDF; the coordinator's matrix shows it. Screenshots go to tmp/screenshots/roadmaps (git-ignored).
 */

// Browser globals used inside page.evaluate (the project compiles without the DOM library).
declare const document: { documentElement: { scrollWidth: number } };

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tmp/screenshots/roadmaps');
const DOMAIN = path.resolve(import.meta.dirname, '../fixtures/domain');

/** The table part of a domain document, as the coordinator copies it from Word. */
function table(doc: string, start: string, end: string | null): string {
  const text = readFileSync(path.join(DOMAIN, doc), 'utf8');
  return text.slice(text.indexOf(start), end === null ? undefined : text.indexOf(end));
}

const DISTRICT_TABLE = table('uva-district-regulation-and-roadmap.txt', '№п/п\tНаименование мероприятия\tСрок реализации', null);
const SCHOOL_TABLE = table('school-roadmap-and-indicators.txt', '№ п/п\tНаименование мероприятий', '**Планируемые результаты');

const MUNICIPAL_TITLE = 'Дорожная карта округа, вставленная из документа (проверка в браузере)';
const TEMPLATE_TITLE = 'Шаблон дорожной карты школы, вставленный из документа (проверка в браузере)';

/** A one-page PDF: what the curator attaches as the order that confirms the item. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

/** Waits (briefly) until the locator is visible; fails with its description otherwise. */
async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 5000 });
}

describeBrowser('roadmaps in a browser: from the documents to the matrix', () => {
  let browser: Browser;
  let server: DemoServer;
  let coordinator: Page;
  let curator: Page;
  /** Set by the steps, used by the later ones (the tests of this file run in order). */
  let municipalPath = '';
  let templatePath = '';
  let schoolPath = '';

  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 }, ...options });
    context.setDefaultTimeout(10_000);
    return context.newPage();
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  const flash = (page: Page) => page.getByRole('status');
  const itemRows = (page: Page) => page.locator('table.roadmap-table tbody tr:not(.roadmap-section)');

  /** Creates a roadmap through the form and pastes a table into it, checking the preview; returns its path. */
  async function createAndPaste(
    page: Page,
    kind: 'plan' | 'template',
    title: string,
    text: string,
    counts: { sections: number; items: number },
  ) {
    await page.goto(`${server.baseUrl}/roadmaps`);
    await submitAndWait(page, page.getByRole('link', { name: 'Создать дорожную карту' }));
    await visible(page.getByRole('heading', { level: 1, name: 'Новая дорожная карта' }));
    await page.getByLabel(kind === 'template' ? 'Шаблон дорожной карты школы' : 'Дорожная карта муниципалитета').check();
    await page.getByLabel('Название').fill(title);
    await page.getByLabel('С года').fill('2022');
    await page.getByLabel('По год').fill('2024');
    await submitAndWait(page, page.getByRole('button', { name: 'Создать', exact: true }));
    expect(new URL(page.url()).pathname).toMatch(/^\/roadmaps\/\d+$/);
    const roadmapPath = new URL(page.url()).pathname;
    await visible(flash(page).getByText(kind === 'template' ? /^Шаблон создан/ : /^Дорожная карта создана/));
    await visible(page.getByText('В дорожной карте пока нет пунктов.'));

    await submitAndWait(page, page.getByRole('link', { name: 'Вставить таблицу из документа' }));
    await page.getByLabel('Вставьте таблицу из Word или Excel').fill(text);
    await submitAndWait(page, page.getByRole('button', { name: 'Прочитать таблицу' }));
    await visible(
      page.getByText(`Прочитано: разделов — ${counts.sections}, мероприятий — ${counts.items}. Ничего ещё не сохранено.`),
    );
    const preview = page.getByRole('region', { name: 'Как прочитана таблица' });
    expect(await preview.locator('tbody tr').count()).toBe(counts.items);
    await visible(preview.getByRole('cell', { name: '1.1', exact: true }));
    // nothing is saved before the confirmation
    expect(await page.getByRole('button', { name: `Сохранить ${counts.items} мероприятий в дорожную карту` }).count()).toBe(1);
    await submitAndWait(page, page.getByRole('button', { name: `Сохранить ${counts.items} мероприятий в дорожную карту` }));

    expect(new URL(page.url()).pathname).toBe(roadmapPath);
    await visible(flash(page).getByText(`Таблица сохранена: разделов — ${counts.sections}, мероприятий — ${counts.items}.`));
    await visible(page.getByText(`Показано пунктов: ${counts.items} из ${counts.items}`));
    expect(await page.locator('table.roadmap-table tr.roadmap-section').count()).toBe(counts.sections);
    expect(await itemRows(page).count()).toBe(counts.items);
    // the import link is gone once the roadmap has items
    expect(await page.getByRole('link', { name: 'Вставить таблицу из документа' }).count()).toBe(0);
    return roadmapPath;
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
    [coordinator, curator] = await Promise.all([newPage(), newPage()]);
    await Promise.all([
      login(coordinator, server.baseUrl, 'coordinator', DEMO_PASSWORD),
      login(curator, server.baseUrl, 'curator', DEMO_PASSWORD),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the coordinator pastes the district roadmap and gets its sections and items', async () => {
    municipalPath = await createAndPaste(coordinator, 'plan', MUNICIPAL_TITLE, DISTRICT_TABLE, { sections: 6, items: 31 });
    const table = coordinator.locator('table.roadmap-table');
    await visible(
      table.locator('tr.roadmap-section').filter({ hasText: /^\s*1\. Нормативное обеспечение внедрения и реализации/ }),
    );
    await visible(table.locator('tr.roadmap-section').filter({ hasText: /^\s*6\. Мониторинг и оценка результатов/ }));
    const first = itemRows(coordinator).first();
    expect((await first.locator('td').first().innerText()).trim()).toBe('1.1');
    await visible(first.getByText('март 2022 г.'));
    await visible(first.getByText('Понимается как:'));
    // the row without a number in the document keeps its place, with a dash for the number
    expect(
      await itemRows(coordinator)
        .filter({ hasText: 'Участие в конкурсах профессионального педагогического мастерства' })
        .locator('td')
        .first()
        .innerText(),
    ).toBe('—');
    await coordinator.setViewportSize({ width: 1280, height: 900 });
    await shot(coordinator, 'municipal-roadmap-table');
  });

  it('the coordinator makes a template from the school roadmap and publishes it', async () => {
    templatePath = await createAndPaste(coordinator, 'template', TEMPLATE_TITLE, SCHOOL_TABLE, { sections: 6, items: 33 });
    await visible(coordinator.getByText('не опубликован: школы его пока не видят'));
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Опубликовать для школ' }));
    await visible(flash(coordinator).getByText(/^Шаблон опубликован/));
    await visible(coordinator.getByText(/^опубликован \d{2}\.\d{2}\.\d{4}: школы создают по нему свои дорожные карты$/));
    await visible(coordinator.getByRole('button', { name: 'Снять с публикации' }));
  });

  it('the curator creates the school roadmap from the template and marks an item done with evidence', async () => {
    await curator.goto(`${server.baseUrl}/roadmaps`);
    await submitAndWait(curator, curator.getByRole('link', { name: TEMPLATE_TITLE, exact: true }));
    expect(new URL(curator.url()).pathname).toBe(templatePath);
    await submitAndWait(curator, curator.getByRole('button', { name: 'Создать дорожную карту школы по шаблону' }));
    schoolPath = new URL(curator.url()).pathname;
    expect(schoolPath).toMatch(/^\/roadmaps\/\d+$/);
    expect(schoolPath).not.toBe(templatePath);
    await visible(flash(curator).getByText(/^Дорожная карта школы создана по шаблону/));
    await visible(curator.getByText(DEMO_SCHOOL, { exact: true }));
    await visible(curator.getByRole('link', { name: TEMPLATE_TITLE, exact: true }));
    expect(await itemRows(curator).count()).toBe(33);

    await submitAndWait(curator, curator.getByRole('link', { name: 'Изменить пункт 1.1', exact: true }));
    await visible(curator.getByRole('heading', { level: 2, name: 'Выполнение' }));
    await curator.getByLabel('Статус').selectOption({ label: 'Выполнено' });
    await curator.getByLabel('Дата выполнения').fill('2022-08-29');
    await curator
      .getByLabel('Подтверждение', { exact: true })
      .fill('Приказ № 12-ОД от 29.08.2022 «О рабочей группе по внедрению целевой модели наставничества»');
    await curator
      .getByLabel('Документ-подтверждение')
      .setInputFiles({ name: 'prikaz-12-od.pdf', mimeType: 'application/pdf', buffer: PDF });
    await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить статус' }));

    expect(new URL(curator.url()).pathname).toBe(schoolPath);
    await visible(flash(curator).getByText('Статус пункта 1.1 сохранён: выполнено.'));
    const row = itemRows(curator).first();
    expect((await row.locator('td').first().innerText()).trim()).toBe('1.1');
    await visible(row.locator('.roadmap-status-done').getByText('Выполнено'));
    await visible(row.getByText('Выполнено 29.08.2022'));
    // the status filter finds it
    await curator.getByLabel('Статус', { exact: true }).selectOption({ label: 'Выполнено (1)' });
    await submitAndWait(curator, curator.getByRole('button', { name: 'Показать' }));
    await visible(curator.getByText('Показано пунктов: 1 из 33'));

    // the document is kept with the item, and can be downloaded
    await curator.goto(`${server.baseUrl}${schoolPath}`);
    await submitAndWait(curator, curator.getByRole('link', { name: 'Изменить пункт 1.1', exact: true }));
    const attached = curator.getByRole('link', { name: 'prikaz-12-od.pdf' });
    await visible(attached);
    expect(await curator.getByLabel('Подтверждение', { exact: true }).inputValue()).toMatch(/^Приказ № 12-ОД/);
    const download = await curator.request.get(new URL((await attached.getAttribute('href')) ?? '', server.baseUrl).toString());
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toContain('application/pdf');
    expect((await download.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it("the coordinator's matrix shows the school's done item", async () => {
    await coordinator.goto(`${server.baseUrl}${templatePath}`);
    await submitAndWait(coordinator, coordinator.getByRole('link', { name: 'Исполнение по школам' }));
    expect(new URL(coordinator.url()).pathname).toBe(`${templatePath}/matrix`);
    const matrix = coordinator.getByRole('region', { name: 'Исполнение пунктов шаблона по школам' });
    const headers = matrix.locator('thead th');
    const names = await headers.allInnerTexts();
    const column = names.findIndex((n) => n.startsWith(DEMO_SCHOOL));
    expect(column).toBeGreaterThan(0);
    expect(names[column]).toMatch(/выполнено 1 из 33/);
    // the other schools made no roadmap from this template
    expect(names.filter((n) => n.includes('нет карты')).length).toBe(names.length - 2);
    const row = matrix
      .locator('tbody tr')
      .filter({ has: coordinator.getByRole('rowheader', { name: /^1\.1 Утверждение состава рабочей группы/ }) });
    const cell = row.locator('td').nth(column - 1);
    expect(await cell.getAttribute('class')).toContain('roadmap-status-done');
    expect((await cell.textContent())?.replace(/\s+/g, ' ').trim()).toBe('✓выполнено');
    // the cell links to the school's item
    expect(await cell.getByRole('link').getAttribute('href')).toMatch(new RegExp(`^${schoolPath}#item-\\d+$`));
    // every other item of the school is still «не начато» or overdue, never done
    const doneCells = await matrix.locator(`tbody tr td:nth-child(${column + 1}).roadmap-status-done`).count();
    expect(doneCells).toBe(1);
    await shot(coordinator, 'template-matrix');
  });

  it('the views of the school roadmap: timeline at desktop width, the table on a 375 px phone', async () => {
    await curator.goto(`${server.baseUrl}${schoolPath}`);
    await shot(curator, 'school-roadmap-table');
    await curator.goto(`${server.baseUrl}${schoolPath}/timeline`);
    await visible(curator.getByRole('region', { name: /^Сроки мероприятий по месяцам/ }));
    await shot(curator, 'school-roadmap-timeline');
    await coordinator.goto(`${server.baseUrl}${municipalPath}/timeline`);
    await visible(coordinator.getByRole('region', { name: /^Сроки мероприятий по месяцам/ }));
    await shot(coordinator, 'municipal-roadmap-timeline');

    const phone = await newPage({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await login(phone, server.baseUrl, 'curator', DEMO_PASSWORD);
    await phone.goto(`${server.baseUrl}${schoolPath}`);
    await visible(phone.getByRole('heading', { level: 1, name: TEMPLATE_TITLE }));
    await shot(phone, 'school-roadmap-375');
    // the wide table scrolls inside its own region; the page itself does not scroll sideways
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.context().close();
  });
});
