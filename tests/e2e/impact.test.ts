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
 * Issue 18, «Impact, before and after», in a browser: the demo teacher-mentee (Белов, login
 * `mentee`) answers its programme's diagnostic at the start of the pair; after the pair's final
 * meeting it answers again at the end; the curator's programme page counts one more participant
 * who answered both, and the curator records the mentee's outcomes.
 */

describeBrowser('a pair’s mentee answers the diagnostic at the start and at the end, and the programme shows the change', () => {
  let browser: Browser;
  let server: DemoServer;
  let pair: { id: number; programmeId: number; menteeId: number };

  async function signedIn(loginName: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await login(page, server.baseUrl, loginName, DEMO_PASSWORD);
    return page;
  }

  /** The «answered both» count of the programme's first question, as the curator reads it. */
  async function answeredBoth(page: Page): Promise<number> {
    await page.goto(`${server.baseUrl}/programmes/${pair.programmeId}`);
    const row = page.getByRole('row', { name: /Насколько уверенно вы ставите цели/ }).first();
    const cells = await row.getByRole('cell').allTextContents();
    return Number(cells.at(-1) ?? 0);
  }

  async function answer(page: Page, scores: number[]): Promise<void> {
    const groups = page.locator('fieldset');
    for (const [i, score] of scores.entries()) {
      await groups.nth(i).getByLabel(String(score), { exact: true }).check();
    }
    await submitAndWait(page, page.getByRole('button', { name: 'Отправить ответы' }));
  }

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
    const row = await server.database.db
      .selectFrom('pairs')
      .innerJoin('pair_mentees', 'pair_mentees.pair_id', 'pairs.id')
      .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
      .innerJoin('users', 'users.id', 'mentees.user_id')
      .select(['pairs.id', 'pairs.programme_id', 'mentees.id as mentee_id'])
      .where('users.login', '=', 'mentee')
      .where('pairs.status', '=', 'active')
      .executeTakeFirstOrThrow();
    pair = { id: row.id, programmeId: row.programme_id, menteeId: row.mentee_id };
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('answers «до», then «после» after the final meeting; the programme counts the change; the curator records the outcomes', async () => {
    const curator = await signedIn('curator');
    const before = await answeredBoth(curator);

    const mentee = await signedIn('mentee');
    await mentee.goto(`${server.baseUrl}/pairs/${pair.id}`);
    await submitAndWait(mentee, mentee.getByRole('link', { name: 'Пройти диагностику «до»' }));
    await mentee.getByRole('heading', { level: 1, name: 'Диагностика в начале работы пары («до»)' }).waitFor();
    // a question left out is named in the summary
    await submitAndWait(mentee, mentee.getByRole('button', { name: 'Отправить ответы' }));
    await mentee.getByText('Вопрос 1: выберите оценку от 1 до 10').first().waitFor();
    await checkA11y(mentee, 'impact-diagnostic-errors');
    await answer(mentee, [3, 4, 3, 2]);
    await mentee.getByText('Ответы на диагностическую анкету приняты').waitFor();
    expect(await mentee.getByRole('link', { name: 'Пройти диагностику «до»' }).count()).toBe(0);
    await checkA11y(mentee, 'impact-pair-page');

    // The pair's work ends: its mentor logs the final meeting (set up here, the meeting journal has tests of its own).
    await server.database.db
      .insertInto('meetings')
      .values({
        pair_id: pair.id,
        type: 'final',
        held_on: new Date().toISOString().slice(0, 10),
        duration_minutes: 45,
        format: 'in_person',
        topic: 'Итоги работы',
      })
      .execute();

    await mentee.goto(`${server.baseUrl}/pairs/${pair.id}`);
    await submitAndWait(mentee, mentee.getByRole('link', { name: 'Пройти диагностику «после»' }));
    await answer(mentee, [8, 7, 6, 7]);
    await mentee.getByText('Ответы на диагностическую анкету приняты').waitFor();

    expect(await answeredBoth(curator)).toBe(before + 1);
    await curator.getByRole('heading', { name: 'Диагностика «до / после»' }).waitFor();
    await checkA11y(curator, 'impact-programme');

    // The curator records the teacher-mentee's outcomes at the end.
    await curator.goto(`${server.baseUrl}/pairs/${pair.id}/mentees/${pair.menteeId}/outcome`);
    await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить результаты' }));
    await curator.getByText('Остался в профессии: выберите «да» или «нет»').first().waitFor();
    await checkA11y(curator, 'impact-outcome-errors');
    await curator.getByLabel('да', { exact: true }).check();
    await curator.getByLabel('Участвовал в профессиональном конкурсе').check();
    await curator.getByLabel('Квалификационная категория').selectOption({ label: 'первая' });
    await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить результаты' }));
    await curator.getByText('Результаты наставляемого сохранены.').waitFor();
    await curator.getByRole('heading', { name: 'Результаты наставляемых' }).waitFor();
    await checkA11y(curator, 'impact-pair-outcomes');
  });
});
