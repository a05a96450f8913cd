import type { Browser, Page } from 'playwright-core';
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
 * Issue 18, recognition, in a browser: the head of the demo school nominates a mentor for a letter
 * of thanks; the coordinator includes it in the municipal list and sends the list; the department
 * supports it and records the order's number and date; the mentor's card shows the letter of thanks
 * with the order.
 */

describeBrowser('a mentor receives a letter of thanks through the department’s order', () => {
  let browser: Browser;
  let server: DemoServer;
  let mentor: { id: number; name: string };

  async function signedIn(loginName: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await login(page, server.baseUrl, loginName, DEMO_PASSWORD);
    return page;
  }

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
    // A mentor of the demo school with no award and no nomination yet.
    const row = await server.database.db
      .selectFrom('mentors')
      .innerJoin('organizations', 'organizations.id', 'mentors.organization_id')
      .select(['mentors.id', 'mentors.last_name', 'mentors.first_name', 'mentors.middle_name'])
      .where('organizations.short_name', '=', DEMO_SCHOOL)
      .where('mentors.archived_at', 'is', null)
      .where('mentors.erased_at', 'is', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('award_nominations')
              .select('award_nominations.id')
              .whereRef('award_nominations.mentor_id', '=', 'mentors.id'),
          ),
        ),
      )
      .orderBy('mentors.id')
      .executeTakeFirstOrThrow();
    mentor = { id: row.id, name: [row.last_name, row.first_name, row.middle_name].filter(Boolean).join(' ') };
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('nominated by the head, listed by the coordinator, supported and ordered by the department: on the mentor’s card', async () => {
    const head = await signedIn('head');
    // «Поощрения» is under the menu's «Ещё» for the head.
    expect(await head.locator('nav a[href="/recognition"]').count()).toBeGreaterThan(0);
    await head.goto(`${server.baseUrl}/recognition`);
    await head.locator('#field-mentor_id').selectOption(String(mentor.id));
    await head.locator('#field-kind').selectOption('letter_of_thanks');
    await head.locator('#field-reason').fill('Наставляемый — победитель муниципального конкурса молодых педагогов');
    await submitAndWait(head, head.getByRole('button', { name: 'Выдвинуть' }));
    const nominationPath = new URL(head.url()).pathname;
    expect(nominationPath).toMatch(/^\/recognition\/nominations\/\d+$/);
    await head.getByText('на рассмотрении').waitFor();
    await head.context().close();

    const coordinator = await signedIn('coordinator');
    await coordinator.goto(`${server.baseUrl}/recognition`);
    await submitAndWait(
      coordinator,
      coordinator.locator('section[aria-labelledby="compile"]').getByRole('link', { name: mentor.name }),
    );
    expect(new URL(coordinator.url()).pathname).toBe(nominationPath);
    await coordinator.locator('#field-comment').fill('Включить в список ко Дню учителя');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Включить в список' }));
    await coordinator.getByText('Выдвижение включено в муниципальный список.').waitFor();
    await coordinator.goto(`${server.baseUrl}/recognition`);
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: /Передать список в управление образования/ }));
    await coordinator.getByText(/Список к награждению передан в управление образования/).waitFor();
    await coordinator.context().close();

    const department = await signedIn('department');
    await department.goto(`${server.baseUrl}/recognition`);
    await submitAndWait(
      department,
      department.locator('section[aria-labelledby="decide"]').getByRole('link', { name: mentor.name }),
    );
    await submitAndWait(department, department.getByRole('button', { name: 'Поддержать' }));
    await department.getByText('Выдвижение поддержано.').waitFor();
    await department.goto(`${server.baseUrl}/recognition/order/print`);
    await department.getByRole('cell', { name: mentor.name }).waitFor();
    await checkA11y(department, 'recognition print');
    await department.goto(`${server.baseUrl}/recognition`);
    await department.locator('#field-order_number').fill('214-о');
    await department.locator('#field-order_date').fill('2026-12-01');
    await submitAndWait(department, department.getByRole('button', { name: 'Записать приказ' }));
    await department.getByText(/Приказ № 214-о от 01\.12\.2026 записан/).waitFor();
    await department.context().close();

    const curator = await signedIn('curator');
    await curator.goto(`${server.baseUrl}/mentors/${mentor.id}`);
    const awards = curator.locator('section[aria-labelledby="person-awards"]');
    await awards.getByText('Благодарственное письмо').waitFor();
    await awards.getByText('№ 214-о от 01.12.2026').waitFor();
    await checkA11y(curator, 'mentor card with awards');
    await curator.context().close();
  });
});
