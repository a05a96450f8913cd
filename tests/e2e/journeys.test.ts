import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { greetingName } from '../../src/lib/ru.js';
import { type DemoServer, describeBrowser, launchBrowser, login, startDemoServer, submitAndWait } from '../helpers/browser.js';

// Browser globals used inside page.evaluate (the project compiles without the DOM library).
declare const document: { documentElement: { scrollWidth: number } };

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../screenshots');

/** Waits (briefly) until the locator is visible; fails with its description otherwise. */
async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: 5000 });
}

const ROLES = [
  {
    login: 'admin',
    name: 'Ершов Павел Геннадьевич',
    sees: ['Организации', 'Пользователи', 'Журнал действий'],
    hidden: [] as string[],
  },
  { login: 'department', name: 'Смирнова Елена Викторовна', sees: ['Организации', 'Пользователи'], hidden: ['Журнал действий'] },
  {
    login: 'coordinator',
    name: 'Кузнецова Ольга Павловна',
    sees: ['Организации', 'Пользователи', 'Журнал действий'],
    hidden: [],
  },
  { login: 'head', name: 'Орлов Денис Викторович', sees: ['Сотрудники ОО'], hidden: ['Организации', 'Журнал действий'] },
  { login: 'curator', name: 'Васильева Татьяна Сергеевна', sees: ['Сотрудники ОО'], hidden: ['Организации', 'Журнал действий'] },
  {
    login: 'mentor',
    name: 'Павлова Наталья Игоревна',
    sees: ['Главная'],
    hidden: ['Организации', 'Пользователи', 'Сотрудники ОО', 'Профиль'],
  },
  {
    login: 'mentee',
    name: 'Белов Кирилл Андреевич',
    sees: ['Главная'],
    hidden: ['Организации', 'Пользователи', 'Сотрудники ОО', 'Профиль'],
  },
];

/** What each home page shows below the greeting (its first section heading). */
const HOME_SECTION: Record<string, string> = {
  admin: 'С чего начать',
  department: 'Просроченные мероприятия дорожных карт',
  coordinator: 'Просроченные мероприятия дорожных карт',
  head: 'С чего начать',
  curator: 'С чего начать',
  mentor: 'К кому обращаться',
  mentee: 'К кому обращаться',
};

describeBrowser('user journeys in a browser', () => {
  let browser: Browser;
  let server: DemoServer;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({ locale: 'ru-RU', ...options });
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context.newPage();
  }

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Разделы портала' });

  for (const role of ROLES) {
    it(`${role.login} signs in, sees the home page for the role and signs out`, async () => {
      const page = await newPage();
      await login(page, server.baseUrl, role.login, DEMO_PASSWORD);
      expect(new URL(page.url()).pathname).toBe('/');
      await visible(page.getByRole('heading', { level: 1, name: `Здравствуйте, ${greetingName(role.name)}` }));
      await visible(page.getByRole('link', { name: role.name, exact: true }));
      await visible(page.getByRole('heading', { level: 2, name: HOME_SECTION[role.login] }));
      // The occasional sections are under «Ещё» (a <details>), opened first when the role has it.
      const more = nav(page).locator('summary');
      if ((await more.count()) > 0) await more.click();
      for (const label of role.sees) await visible(nav(page).getByRole('link', { name: label, exact: true }));
      for (const label of role.hidden) expect(await nav(page).getByRole('link', { name: label, exact: true }).count()).toBe(0);

      await submitAndWait(page, page.getByRole('button', { name: 'Выйти', exact: true }));
      expect(new URL(page.url()).pathname).toBe('/login');
      await visible(page.getByRole('heading', { level: 1, name: 'Вход в портал' }));
      await visible(page.getByText('Вы вышли из портала.'));
      expect(await page.getByRole('link', { name: role.name }).count()).toBe(0);
      await page.context().close();
    });
  }

  it('a wrong password is refused on the form, which keeps the login', async () => {
    const page = await newPage();
    await login(page, server.baseUrl, 'mentee', 'not-the-password');
    await visible(page.getByRole('alert').getByText('Неверный логин или пароль'));
    expect(await page.getByLabel('Логин').inputValue()).toBe('mentee');
    expect(await page.getByLabel('Пароль').inputValue()).toBe('');
    // the field itself is marked and explained
    expect(await page.getByLabel('Пароль').getAttribute('aria-invalid')).toBe('true');
    await page.context().close();
  });

  it('the coordinator adds a school through the form', async () => {
    const page = await newPage();
    await login(page, server.baseUrl, 'coordinator', DEMO_PASSWORD);

    await page.goto(`${server.baseUrl}/organizations/new`);
    await visible(page.getByRole('heading', { level: 1, name: 'Новая организация' }));
    // an empty form comes back with a summary that links to each field
    await submitAndWait(page, page.getByRole('button', { name: 'Создать организацию' }));
    const summary = page.locator('.error-summary');
    await visible(summary.getByRole('heading', { name: 'Проверьте форму' }));
    const links = summary.getByRole('link');
    expect(await links.count()).toBeGreaterThanOrEqual(3);
    await visible(summary.getByRole('link', { name: /Тип организации/ }));
    expect(await summary.getByRole('link', { name: /Тип организации/ }).getAttribute('href')).toBe('#field-type');
    expect(await summary.getByRole('link', { name: /Полное наименование/ }).getAttribute('href')).toBe('#field-full_name');
    // following a link moves to the field
    await summary.getByRole('link', { name: /Полное наименование/ }).click();
    expect(new URL(page.url()).hash).toBe('#field-full_name');

    await page.getByLabel('Тип организации').selectOption({ label: 'Образовательная организация' });
    await page
      .getByLabel('Полное наименование')
      .fill('Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 9»');
    // the name's forms for documents are pre-filled as the name is typed; a corrected one is kept
    const genitive = page.getByLabel('Родительный падеж');
    const prepositional = page.getByLabel('Предложный падеж');
    await expect
      .poll(() => genitive.inputValue())
      .toBe('Муниципального бюджетного общеобразовательного учреждения «Средняя общеобразовательная школа № 9»');
    await prepositional.fill('Школе № 9');
    await page
      .getByLabel('Полное наименование')
      .fill('Муниципальное автономное общеобразовательное учреждение «Средняя общеобразовательная школа № 9»');
    await expect
      .poll(() => genitive.inputValue())
      .toBe('Муниципального автономного общеобразовательного учреждения «Средняя общеобразовательная школа № 9»');
    expect(await prepositional.inputValue()).toBe('Школе № 9');
    await prepositional.fill('');
    await page.getByLabel('Краткое наименование').fill('МБОУ «СОШ № 9»');
    await page.getByLabel('Вид образовательной организации').selectOption({ label: 'общеобразовательная' });
    // the partner fields are hidden for a school
    expect(await page.getByLabel('Вид организации-партнёра').isVisible()).toBe(false);
    await submitAndWait(page, page.getByRole('button', { name: 'Создать организацию' }));

    expect(new URL(page.url()).pathname).toMatch(/^\/organizations\/\d+$/);
    await visible(page.getByRole('heading', { level: 1, name: 'МБОУ «СОШ № 9»' }));
    await visible(page.getByRole('status').getByText('Организация «МБОУ «СОШ № 9»» создана.'));
    await visible(
      page.getByText('Муниципальное автономное общеобразовательное учреждение «Средняя общеобразовательная школа № 9»'),
    );
    // the emptied prepositional was filled by the same rule on saving
    await visible(
      page.getByText('Муниципальном автономном общеобразовательном учреждении «Средняя общеобразовательная школа № 9»'),
    );
    await page.context().close();
  });

  it('the coordinator gives a curator an account; the curator sets a password by the link and signs in', async () => {
    const page = await newPage();
    await login(page, server.baseUrl, 'coordinator', DEMO_PASSWORD);
    await page.goto(`${server.baseUrl}/users/new`);
    await visible(page.getByRole('heading', { level: 1, name: 'Новый пользователь' }));
    await page.getByLabel('Фамилия, имя, отчество').fill('Соловьёва Анна Петровна');
    await page.getByLabel('Логин').fill('solovyova.sosh9');
    await page.getByLabel('Организация').selectOption({ label: 'МБОУ «СОШ № 9» (образовательная организация)' });
    await page.getByLabel('Роль').selectOption({ label: 'Куратор ОО' });
    await page.getByLabel('Должность').fill('Заместитель директора по УВР');
    await submitAndWait(page, page.getByRole('button', { name: 'Создать и выдать ссылку' }));

    expect(new URL(page.url()).pathname).toMatch(/^\/users\/\d+$/);
    await visible(page.getByRole('heading', { level: 1, name: 'Соловьёва Анна Петровна' }));
    await visible(page.getByRole('heading', { name: 'Одноразовая ссылка для установки пароля' }));
    const link = await page.getByLabel('Ссылка', { exact: true }).inputValue();
    expect(link).toMatch(new RegExp(`^${server.baseUrl}/set-password/[^/]+$`));
    // shown once: a reload no longer shows it
    await page.reload();
    expect(await page.getByLabel('Ссылка', { exact: true }).count()).toBe(0);
    await page.context().close();

    const curator = await newPage();
    await curator.goto(link);
    await visible(curator.getByRole('heading', { level: 1, name: 'Установка пароля' }));
    await visible(curator.getByText('solovyova.sosh9'));
    const password = 'Kettle-Orbit-Sunny-4821';
    await curator.getByLabel('Новый пароль').fill(password);
    await curator.getByLabel('Пароль ещё раз').fill(password);
    await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить пароль' }));
    expect(new URL(curator.url()).pathname).toBe('/login');
    await visible(curator.getByText('Пароль установлен. Войдите с логином «solovyova.sosh9» и новым паролем.'));

    await login(curator, server.baseUrl, 'solovyova.sosh9', password);
    expect(new URL(curator.url()).pathname).toBe('/');
    await visible(curator.getByRole('heading', { level: 1, name: 'Здравствуйте, Анна Петровна' }));
    await visible(curator.getByText('Куратор ОО · МБОУ «СОШ № 9»'));

    // the link is used up
    await curator.goto(link);
    await visible(curator.getByRole('heading', { level: 1, name: 'Ссылка недействительна' }));
    await curator.context().close();
  });

  it('the mentor home page fits a 375 px phone screen without horizontal scrolling', async () => {
    const page = await newPage({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    await login(page, server.baseUrl, 'mentor', DEMO_PASSWORD);
    await visible(page.getByRole('heading', { level: 1, name: 'Здравствуйте, Наталья Игоревна' }));
    // role labels keep their abbreviation when put in lower case (not «куратор оо»)
    await visible(page.getByText('Васильева Татьяна Сергеевна — куратор ОО'));
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'mentor-home-375.png'), fullPage: true });
    await page.context().close();
  });

  it('works without JavaScript: sign in and open the organisations list', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await login(page, server.baseUrl, 'coordinator', DEMO_PASSWORD);
    await visible(page.getByRole('heading', { level: 1, name: 'Здравствуйте, Ольга Павловна' }));
    // «Ещё» is a <details>: it opens without the script.
    await nav(page).locator('summary', { hasText: 'Ещё' }).click();
    await submitAndWait(page, nav(page).getByRole('link', { name: 'Организации', exact: true }));
    expect(new URL(page.url()).pathname).toBe('/organizations');
    await visible(page.getByRole('heading', { level: 1, name: 'Организации' }));
    await visible(page.getByRole('link', { name: 'МБОУ «СОШ № 1»', exact: true }));
    // without the script both fieldsets of the form stay visible and usable
    await page.goto(`${server.baseUrl}/organizations/new`);
    expect(await page.getByLabel('Вид образовательной организации').isVisible()).toBe(true);
    expect(await page.getByLabel('Вид организации-партнёра').isVisible()).toBe(true);
    await page.context().close();
  });

  // Last: it locks its login (curator.lyceum2, used by no other test) for 15 minutes.
  it('after five wrong passwords the sixth attempt is refused even with the right password', async () => {
    const page = await newPage();
    for (let i = 1; i <= 5; i++) {
      await login(page, server.baseUrl, 'curator.lyceum2', `wrong-password-${i}`);
      await visible(page.getByRole('alert').getByText('Неверный логин или пароль'));
    }
    await login(page, server.baseUrl, 'curator.lyceum2', DEMO_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/login');
    await visible(page.getByRole('alert').getByText(/Слишком много неудачных попыток входа/));
    expect(await page.getByRole('link', { name: 'Андреева Марина Олеговна' }).count()).toBe(0);
    await page.context().close();
  });
});
