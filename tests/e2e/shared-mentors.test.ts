import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
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
 * Issue 17, a mentor shared across schools, through the UI only: the demo school's curator closes
 * and opens again its partner's mentor (seeds/shared-mentors.ts); the
 * lyceum's curator forms a pair of one of its students with that mentor, proposed as «из другой
 * организации»; the demo school's curator then reads on the mentor's card that it works at the
 * lyceum too. Screenshots go to tmp/screenshots/shared-mentors (git-ignored).
 */

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../tmp/screenshots/shared-mentors');
const LYCEUM = 'МБОУ «Лицей № 2»';

async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 5000 });
}

describeBrowser('a mentor shared across schools in a browser', () => {
  let browser: Browser;
  let server: DemoServer;
  let mentorId = 0;
  let mentorName = '';
  /** The partner the mentor represents. */
  let origin = '';
  /** A student of the lyceum of 13–17 with consent, in no working pair. */
  let menteeName = '';

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
    const db = server.database.db;
    // The demo's one mentor opened to the municipality.
    const mentor = await db
      .selectFrom('mentors')
      .innerJoin('organizations as origin', 'origin.id', 'mentors.origin_organization_id')
      .select(['mentors.id', 'mentors.last_name', 'mentors.first_name', 'mentors.middle_name', 'origin.short_name as origin'])
      .where('mentors.shared_at', 'is not', null)
      .executeTakeFirstOrThrow();
    mentorId = mentor.id;
    mentorName = [mentor.last_name, mentor.first_name, mentor.middle_name].filter(Boolean).join(' ');
    origin = mentor.origin;
    const lyceum = await db.selectFrom('organizations').select('id').where('short_name', '=', LYCEUM).executeTakeFirstOrThrow();
    const year = new Date().getUTCFullYear();
    const mentee = await db
      .selectFrom('mentees')
      .select(['last_name', 'first_name', 'middle_name'])
      .where('organization_id', '=', lyceum.id)
      .where('category', '=', 'student')
      .where('consent_date', 'is not', null)
      .where('archived_at', 'is', null)
      .where('erased_at', 'is', null)
      .where('status', '<>', 'left')
      .where('birth_date', '<=', `${year - 14}-01-01`)
      .where('birth_date', '>', `${year - 17}-01-01`)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('pair_mentees')
              .innerJoin('pairs', 'pairs.id', 'pair_mentees.pair_id')
              .select('pair_mentees.pair_id')
              .whereRef('pair_mentees.mentee_id', '=', 'mentees.id')
              .where('pairs.status', 'in', ['forming', 'active']),
          ),
        ),
      )
      .orderBy('id')
      .executeTakeFirstOrThrow();
    menteeName = [mentee.last_name, mentee.first_name, mentee.middle_name].filter(Boolean).join(' ');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function pageOf(loginName: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await login(page, server.baseUrl, loginName, DEMO_PASSWORD);
    return page;
  }

  it('the lyceum’s curator pairs its student with the opened mentor of the demo school; both curators see it', async () => {
    // The demo school's curator closes the mentor to the other schools and opens it again.
    const own = await pageOf('curator');
    await own.goto(`${server.baseUrl}/mentors/${mentorId}`);
    await visible(own.getByText('Открыт муниципалитету'));
    await checkA11y(own, 'mentor-card-shared');
    await submitAndWait(own, own.getByRole('button', { name: 'Закрыть для других школ' }));
    await visible(own.getByText('Наставник закрыт для других школ'));
    await submitAndWait(own, own.getByRole('button', { name: 'Открыть муниципалитету' }));
    await visible(own.getByText('Наставник открыт муниципалитету'));

    // The lyceum's curator: its student, the employer – student form, the proposals.
    const lyceum = await pageOf('curator.lyceum2');
    await lyceum.goto(`${server.baseUrl}/pairs/new`);
    const programme = await lyceum
      .locator('#field-programme_id option', { hasText: 'работодатель – ученик' })
      .first()
      .getAttribute('value');
    await lyceum.getByLabel('Программа наставничества').selectOption(programme ?? '');
    await lyceum.getByLabel('Форма наставничества').selectOption({ label: 'работодатель – ученик' });
    await lyceum.getByLabel('ФИО').fill(menteeName);
    await visible(lyceum.getByLabel(new RegExp(`^${menteeName}`)));
    await lyceum.getByLabel(new RegExp(`^${menteeName}`)).check();
    await submitAndWait(lyceum, lyceum.getByRole('button', { name: 'Подобрать наставников' }));
    const proposal = lyceum.locator('.proposal', { hasText: mentorName });
    await visible(proposal.getByText(`из другой организации: ${origin}`));
    await checkA11y(lyceum, 'pairs-new-shared-mentor');
    await proposal.getByRole('checkbox').check();
    await lyceum.getByLabel('Окончание (план)').fill(`${new Date().getUTCFullYear() + 1}-05-31`);
    await lyceum.screenshot({ path: path.join(SCREENSHOTS, 'proposals.png'), fullPage: true });
    await submitAndWait(lyceum, lyceum.getByRole('button', { name: 'Сформировать' }));
    await visible(lyceum.getByText('Пара сформирована.'));
    const pairPath = new URL(lyceum.url()).pathname;
    expect(pairPath).toMatch(/^\/pairs\/\d+$/);
    const pairId = pairPath.split('/').pop();
    await visible(lyceum.locator('.member-list').getByText(`из другой организации: ${origin}`));
    await visible(lyceum.locator('.member-list').getByText(mentorName));
    expect(await lyceum.locator(`a[href="/mentors/${mentorId}"]`).count()).toBe(0);
    await checkA11y(lyceum, 'pair-page-shared-mentor');
    await lyceum.screenshot({ path: path.join(SCREENSHOTS, 'pair.png'), fullPage: true });

    // The demo school's curator reads on the card that the mentor works at the lyceum too, without its student's name.
    await own.goto(`${server.baseUrl}/mentors/${mentorId}`);
    await visible(own.getByText(`Работает также в: ${LYCEUM}, пара № ${pairId}`));
    expect(await own.getByText(menteeName).count()).toBe(0);
    await own.screenshot({ path: path.join(SCREENSHOTS, 'mentor-card.png'), fullPage: true });
  });
});
