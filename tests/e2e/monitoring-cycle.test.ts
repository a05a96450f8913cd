import { mkdirSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_SCHOOL } from '../../seeds/demo.js';
import { todayIso } from '../../src/lib/dates.js';
import { computedText } from '../../src/modules/monitoring/spravka.js';
import type { FrozenFigures } from '../../src/modules/monitoring/submission.js';
import {
  checkA11y,
  type DemoServer,
  describeBrowser,
  launchBrowser,
  login,
  startDemoServer,
  submitAndWait,
} from '../helpers/browser.js';

// Browser globals used inside page.evaluate (the project compiles without the DOM library).
declare const document: { documentElement: { scrollWidth: number } };

/**
 * The whole cycle of a monitoring campaign in a browser (issue 15): the coordinator launches a
 * campaign with the portal's indicators, a required hand field and a required document; the curator
 * is refused an empty send (error summary), fills, attaches, sends; the head approves; the
 * coordinator returns it with comments; the curator fixes and re-sends; the head approves again; the
 * coordinator accepts; the school's справка .docx holds the figures of the snapshot on the page; the
 * region's operator reads the municipal summary with the school's frozen figures.
 */

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tmp/screenshots/monitoring-cycle');
const DESKTOP: BrowserContextOptions = { viewport: { width: 1366, height: 900 }, locale: 'ru-RU', acceptDownloads: true };
const PHONE_NO_JS: BrowserContextOptions = {
  viewport: { width: 375, height: 800 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
  javaScriptEnabled: false,
  locale: 'ru-RU',
};
const FIELD = 'Число молодых педагогов, закреплённых за наставниками';
const DOCUMENT = 'Приказ о закреплении наставников';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const shift = (days: number) => {
  const d = new Date(`${todayIso()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** The rows of the .docx's tables as arrays of cell texts. */
async function docxRows(body: Buffer): Promise<string[][]> {
  const xml = await (await JSZip.loadAsync(body)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('the .docx has no word/document.xml');
  const text = (part: string) =>
    [...part.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
      .map((m) => m[1] ?? '')
      .join('')
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .trim();
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) => text(cell[0])),
  );
}

/** A number as the pages and the справка write it («33,3 %», «1 234»). */
const numberIn = (text: string) => Number(text.replace(/[\s\u00a0\u202f%]/g, '').replace(',', '.'));

async function fitsPhone(page: Page, name: string): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `${name}: no horizontal scrolling at 375 px`).toBeLessThanOrEqual(375);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

describeBrowser('monitoring: a campaign’s whole cycle in the browser', () => {
  let browser: Browser;
  let server: DemoServer;
  let campaignId = 0;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const schoolId = async (name: string) =>
    (await server.database.db.selectFrom('organizations').select('id').where('short_name', '=', name).executeTakeFirstOrThrow())
      .id;
  const signedInPage = async (loginName: string, options: BrowserContextOptions = DESKTOP) => {
    const page = await (await browser.newContext(options)).newPage();
    await login(page, server.baseUrl, loginName, DEMO_PASSWORD);
    return page;
  };

  it('launched, refused empty, sent, approved, returned with comments, fixed, re-sent, approved, accepted; the справка matches the snapshot', async () => {
    const db = server.database.db;
    // The coordinator launches the campaign: the portal's indicators (all offered, kept), a
    // required number, a required document; open from today.
    const coordinator = await signedInPage('coordinator');
    await coordinator.goto(`${server.baseUrl}/monitoring/new`);
    await checkA11y(coordinator, 'monitoring-new');
    await coordinator.locator('#field-title').fill('Мониторинг наставничества: проверка цикла');
    await coordinator.getByLabel('По состоянию на').fill(todayIso());
    await coordinator.getByLabel('Дата открытия').fill(todayIso());
    await coordinator.getByLabel('Срок сдачи').fill(shift(14));
    const indicators = coordinator.locator('input[name="indicators"]:checked');
    const indicatorCount = await indicators.count();
    expect(indicatorCount).toBeGreaterThan(0);
    const field1 = coordinator.getByRole('group', { name: 'Поле 1', exact: true });
    await field1.getByLabel('Название поля').fill(FIELD);
    await field1.getByLabel('Вид').selectOption('number');
    await field1.getByLabel('Подсказка').fill('По приказу на дату «по состоянию на»');
    await field1.getByLabel('Обязательное').check();
    const doc1 = coordinator.getByRole('group', { name: 'Документ 1', exact: true });
    await doc1.getByLabel('Название документа').fill(DOCUMENT);
    await doc1.getByLabel('Обязательный').check();
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Запустить мониторинг' }));
    const campaignPath = new URL(coordinator.url()).pathname;
    expect(campaignPath).toMatch(/^\/monitoring\/\d+$/);
    campaignId = Number(campaignPath.split('/').pop());
    await coordinator.getByText('Мониторинг создан').waitFor();
    await checkA11y(coordinator, 'monitoring-campaign');
    const school = await schoolId(DEMO_SCHOOL);
    const url = `${server.baseUrl}/monitoring/${campaignId}/schools/${school}`;

    // The curator: an empty send names the field and the document in the error summary.
    const curator = await signedInPage('curator');
    await curator.goto(`${server.baseUrl}/monitoring`);
    await submitAndWait(curator, curator.getByRole('link', { name: 'Мониторинг наставничества: проверка цикла' }));
    await submitAndWait(curator, curator.getByRole('link', { name: DEMO_SCHOOL }));
    expect(curator.url()).toBe(url);
    await checkA11y(curator, 'monitoring-submission');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Отправить' }));
    const summary = curator.locator('.error-summary');
    await summary.getByText(`Заполните поле «${FIELD}»`).waitFor();
    await summary.getByText(`Приложите документ «${DOCUMENT}»`).waitFor();
    await checkA11y(curator, 'monitoring-submission-errors');
    // The summary's link leads to the field.
    expect(await summary.getByRole('link', { name: `Заполните поле «${FIELD}»` }).getAttribute('href')).toMatch(/^#field-f_\d+$/);
    await curator.getByLabel(FIELD).fill('7');
    await curator.getByLabel(DOCUMENT).setInputFiles({ name: 'prikaz.pdf', mimeType: 'application/pdf', buffer: PDF });
    await submitAndWait(curator, curator.getByRole('button', { name: 'Отправить' }));
    await curator.getByText('Отчёт отправлен').waitFor();
    await curator.getByRole('link', { name: 'prikaz.pdf' }).waitFor();

    // The head approves.
    const head = await signedInPage('head');
    await head.goto(url);
    await checkA11y(head, 'monitoring-submission-head');
    await submitAndWait(head, head.getByRole('button', { name: 'Утвердить отчёт' }));
    await head.getByText('Отчёт утверждён').waitFor();

    // The coordinator returns it with a comment on the submission and on the field.
    await coordinator.goto(url);
    await checkA11y(coordinator, 'monitoring-submission-review');
    await coordinator.getByLabel('Что нужно доработать').fill('Сверьте число с приказом.');
    await coordinator.getByLabel(`Комментарий к полю «${FIELD}»`).fill('В приказе восемь молодых педагогов.');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Вернуть на доработку' }));
    await coordinator.getByText('Отчёт возвращён на доработку: школа увидит комментарии.').waitFor();

    // The curator sees both comments, fixes the number and sends again (the document stays attached).
    await curator.goto(url);
    await curator.getByRole('heading', { name: 'Отчёт возвращён на доработку' }).waitFor();
    await curator.getByText('Сверьте число с приказом.').first().waitFor();
    await curator.getByText('Комментарий методического центра: В приказе восемь молодых педагогов.').waitFor();
    await checkA11y(curator, 'monitoring-submission-returned');
    await expect(curator.getByLabel(FIELD).inputValue()).resolves.toBe('7');
    await curator.getByLabel(FIELD).fill('8');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Отправить' }));
    await curator.getByText('Отчёт отправлен').waitFor();

    // The head approves again, the coordinator accepts.
    await head.goto(url);
    await submitAndWait(head, head.getByRole('button', { name: 'Утвердить отчёт' }));
    await head.getByText('Отчёт утверждён').waitFor();
    await coordinator.goto(url);
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Принять отчёт' }));
    await coordinator.getByText('Зафиксированы при приёме отчёта').first().waitFor();
    await checkA11y(coordinator, 'monitoring-submission-accepted');
    await coordinator.screenshot({ path: path.join(SCREENSHOTS, 'accepted-1366.png'), fullPage: true });
    // The history: every transition, the return with its comments.
    const history = await coordinator.locator('#history-title + ul').innerText();
    for (const kind of [
      'начато заполнение',
      'отправлен',
      'утверждён руководителем ОО',
      'возвращён на доработку',
      'доработка начата',
      'принят, данные зафиксированы',
    ])
      expect(history, kind).toContain(kind);
    expect(history).toContain('Сверьте число с приказом.');
    expect(history).toContain('В приказе восемь молодых педагогов.');

    // The snapshot as the page shows it: code and value of each computed figure.
    const shown: Array<[string, string]> = [];
    for (const row of await coordinator.locator('table:has(caption:text("Показатели школы")) tbody tr').all()) {
      const [label = '', value = ''] = (await row.locator('td').allInnerTexts()).map((x) => x.trim());
      shown.push([label, value]);
    }
    expect(shown).toHaveLength(indicatorCount);
    const snapshot = await db
      .selectFrom('monitoring_snapshots as x')
      .innerJoin('monitoring_submissions as s', 's.id', 'x.submission_id')
      .select(['x.figures'])
      .where('s.campaign_id', '=', campaignId)
      .where('s.organization_id', '=', school)
      .where('x.superseded_at', 'is', null)
      .executeTakeFirstOrThrow();
    const figures = snapshot.figures as FrozenFigures;
    expect(figures.computed.map((c) => c.code)).toEqual(shown.map(([label]) => label.split('.')[0]));
    expect(figures.entered.find((e) => e.label === FIELD)?.value).toBe('8');

    // The справка .docx: every computed figure as the page shows it and as the snapshot holds it.
    const [download] = await Promise.all([
      coordinator.waitForEvent('download'),
      coordinator.getByRole('link', { name: 'Справка для подписи (.docx)' }).click(),
    ]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const rows = await docxRows(Buffer.concat(chunks));
    for (const [label, value] of shown) {
      const code = label.split('.')[0] as string;
      const row = rows.find((r) => r[0]?.startsWith(`${code}. `));
      expect(row, `the справка has a row of ${code}`).toBeDefined();
      const frozen = figures.computed.find((c) => c.code === code);
      expect(row?.[1], code).toBe(computedText(frozen?.value ?? null, frozen?.unit ?? null));
      if (value === 'нет данных') expect(row?.[1], code).toBe('нет данных');
      // The page rounds to a tenth.
      else expect(Math.abs(numberIn(row?.[1] ?? '') - numberIn(value)), code).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    expect(rows.find((r) => r[0] === FIELD)?.[1]).toBe('8');

    // The region's operator: the campaign on its home page, its municipal summary with the accepted school's figures.
    const region = await signedInPage('region');
    await region.getByText('Мониторинг наставничества: проверка цикла').first().waitFor();
    await region.goto(`${server.baseUrl}/monitoring/${campaignId}`);
    await submitAndWait(region, region.getByRole('link', { name: 'Сводка по муниципалитету' }));
    expect(new URL(region.url()).pathname).toBe(`/monitoring/${campaignId}/summary`);
    await region.getByText(/Итоги по 1 из \d+ школ \(принятые сведения\)/).waitFor();
    await checkA11y(region, 'monitoring-summary-region');
    const schoolRow = region.locator('tbody tr').filter({ hasText: DEMO_SCHOOL });
    const header = (await region.locator('thead th').allInnerTexts()).map((x) => x.replace(/\s+/g, ' ').trim());
    const column = header.findIndex((h) => h.includes(FIELD));
    expect(column, 'the hand field is a column of the summary').toBeGreaterThan(0);
    expect((await schoolRow.locator('th, td').nth(column).innerText()).trim()).toBe('8');
    for (const c of figures.computed.filter((x) => x.value !== null)) {
      const at = header.findIndex((h) => h === c.code || h.startsWith(`${c.code},`));
      expect(at, `${c.code} is a column of the summary`).toBeGreaterThan(0);
      const cell = (await schoolRow.locator('th, td').nth(at).innerText()).split('\n')[0] ?? '';
      // The page rounds to a tenth.
      expect(Math.abs(numberIn(cell) - Number(c.value)), c.code).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    await region.context().close();

    // The coordinator's home: the campaign among the running ones, its accepted count a link into the matrix.
    await coordinator.goto(`${server.baseUrl}/`);
    const block = coordinator.locator('section[aria-labelledby="home-monitoring"]');
    const item = block.getByRole('listitem').filter({ hasText: 'Мониторинг наставничества: проверка цикла' });
    expect((await item.innerText()).replace(/\s+/g, ' ')).toMatch(
      /Отправлен 1 из \d+ — открыть отчёты школ ?, принят 1 — открыть принятые отчёты ?, просроченных нет/,
    );
    await checkA11y(coordinator, 'home-coordinator-monitoring');
    await submitAndWait(coordinator, item.getByRole('link', { name: /^1 — открыть принятые отчёты$/ }));
    expect(new URL(coordinator.url()).search).toBe('?status=accepted');
    await coordinator.getByRole('link', { name: DEMO_SCHOOL }).waitFor();
  }, 240_000);

  it('the submission form at 375 px without JavaScript: one fill and send', async () => {
    expect(campaignId, 'the campaign of the first test').toBeGreaterThan(0);
    const school = await schoolId('МБОУ «Лицей № 2»');
    const url = `${server.baseUrl}/monitoring/${campaignId}/schools/${school}`;
    const curator = await signedInPage('curator.lyceum2', PHONE_NO_JS);
    await curator.goto(url);
    await fitsPhone(curator, 'submission-375');
    await curator.getByLabel(FIELD).fill('5');
    await curator.getByLabel(DOCUMENT).setInputFiles({ name: 'prikaz-licey.pdf', mimeType: 'application/pdf', buffer: PDF });
    await submitAndWait(curator, curator.getByRole('button', { name: 'Отправить' }));
    await curator.getByText('Отчёт отправлен').waitFor();
    await fitsPhone(curator, 'submission-375-sent');
    const row = await server.database.db
      .selectFrom('monitoring_submissions')
      .select('status')
      .where('campaign_id', '=', campaignId)
      .where('organization_id', '=', school)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
  }, 120_000);
});
