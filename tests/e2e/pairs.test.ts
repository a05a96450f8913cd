import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { Browser, Locator, Page } from 'playwright-core';
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
 * The curator's journey of the pairs issue, through the UI only: forms a pair from a proposal,
 * downloads the order (.docx), records its number and date, and the pair becomes active.
 * Screenshots go to tmp/screenshots/pairs (git-ignored).
 */

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tmp/screenshots/pairs');

async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 5000 });
}

describeBrowser('pairs in a browser: from a proposal to an active pair', () => {
  let browser: Browser;
  let server: DemoServer;
  let page: Page;
  /** A new teacher of the demo school with consent and no pair yet: the one the curator pairs. */
  let menteeName = '';

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
    const db = server.database.db;
    const school = await db
      .selectFrom('organizations')
      .select('id')
      .where('short_name', '=', DEMO_SCHOOL)
      .executeTakeFirstOrThrow();
    const mentee = await db
      .selectFrom('mentees')
      .select(['last_name', 'first_name', 'middle_name'])
      .where('organization_id', '=', school.id)
      .where('category', 'in', ['new_teacher', 'young_specialist'])
      .where('consent_date', 'is not', null)
      .where('archived_at', 'is', null)
      .where('status', '<>', 'left')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(selectFrom('pair_mentees').select('pair_mentees.pair_id').whereRef('pair_mentees.mentee_id', '=', 'mentees.id')),
        ),
      )
      .orderBy('id')
      .executeTakeFirstOrThrow();
    menteeName = [mentee.last_name, mentee.first_name, mentee.middle_name].filter(Boolean).join(' ');
    const context = await browser.newContext({ locale: 'ru-RU', acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    await login(page, server.baseUrl, 'curator', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the curator forms a pair from a proposal, downloads the order, records it, and the pair becomes active', async () => {
    await page.goto(`${server.baseUrl}/pairs`);
    await submitAndWait(page, page.getByRole('link', { name: 'Сформировать пару или группу' }));
    const programme = await page
      .locator('#field-programme_id option', { hasText: 'Педагог – педагог' })
      .first()
      .getAttribute('value');
    await page.getByLabel('Программа наставничества').selectOption(programme ?? '');
    await page.getByLabel('Форма наставничества').selectOption({ label: 'педагог – педагог' });
    // The school's mentees a page at a time: found by name first (the list follows the typing).
    await page.getByLabel('ФИО').fill(menteeName);
    await visible(page.getByLabel(new RegExp(`^${menteeName}`)));
    await page.getByLabel(new RegExp(`^${menteeName}`)).check();
    await submitAndWait(page, page.getByRole('button', { name: 'Подобрать наставников' }));
    await checkA11y(page, 'pairs-new-proposals');

    // The best proposal that can be chosen, with the reasons of its rank.
    const proposal = page.locator('.proposal:not(.proposal-blocked)').first();
    await visible(proposal.locator('.reasons li'));
    const mentorLabel = (await proposal.locator('label').innerText()).split(' — ')[0]?.trim() ?? '';
    await proposal.getByRole('checkbox').check();
    await page.getByLabel('Окончание (план)').fill('2027-05-31');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'new-with-proposals.png'), fullPage: true });
    await submitAndWait(page, page.getByRole('button', { name: 'Сформировать' }));
    await visible(page.getByText('Пара сформирована.'));
    const pairPath = new URL(page.url()).pathname;
    expect(pairPath).toMatch(/^\/pairs\/\d+$/);
    await visible(page.getByText(menteeName));
    await visible(page.locator('.pair-state').getByText('формируется'));

    // The order: the printable page, then the .docx.
    await submitAndWait(page, page.getByRole('link', { name: 'Приказ о закреплении' }));
    await visible(page.getByText('О закреплении наставнических пар (групп)'));
    await checkA11y(page, 'pairs-order');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Скачать приказ (.docx)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const file = await download.path();
    const xml = (await (await JSZip.loadAsync(readFileSync(file))).file('word/document.xml')?.async('string')) ?? '';
    const text = xml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('ПРИКАЗ');
    expect(text).toContain(menteeName);
    expect(text).toContain(mentorLabel.split(',')[0] ?? '');

    // The signed order is recorded back: both people consented, so the pair is active.
    await page.getByLabel('Номер приказа').fill('112-о');
    await submitAndWait(page, page.getByRole('button', { name: 'Внести приказ' }));
    expect(new URL(page.url()).pathname).toBe(pairPath);
    await visible(page.getByText(/Приказ № 112-о от \d\d\.\d\d\.\d{4} внесён/));
    await visible(page.locator('.pair-state').getByText('активна'));
    await visible(page.getByText('Приказ № 112-о от', { exact: false }));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'pair-active.png'), fullPage: true });
    await checkA11y(page, 'pair-page-curator');
    await submitAndWait(page, page.getByRole('link', { name: 'Изменить условия пары' }));
    await checkA11y(page, 'pair-edit');

    // The list shows it as active.
    await page.goto(`${server.baseUrl}/pairs?status=active`);
    await visible(page.getByRole('row').filter({ hasText: menteeName }).getByText('активна'));
    await checkA11y(page, 'pairs-list');
  });
});
