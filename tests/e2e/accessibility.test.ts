import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_SCHOOL } from '../../seeds/demo.js';
import { writeXlsx } from '../../src/lib/spreadsheet.js';
import {
  checkA11y,
  type DemoServer,
  describeBrowser,
  launchBrowser,
  login,
  startDemoServer,
  submitAndWait,
} from '../helpers/browser.js';
import { daysAgo, findDemoPairs } from '../helpers/pair-fixtures.js';

// A browser global used inside evaluate (the project compiles without the DOM library).
declare function getComputedStyle(element: unknown): { color: string; backgroundColor: string };

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../screenshots');

const ROLE_LOGINS = ['admin', 'department', 'coordinator', 'head', 'curator', 'mentor', 'mentee', 'region'];

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const IMPORT_HEADER = [
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

/** Rows of a mentees file: two good students, and with `bad` three rows with errors in several columns. */
function importRows(bad: boolean): string[][] {
  const year = new Date().getFullYear();
  const good = [
    [
      'Селезнёва',
      'Вера',
      'Олеговна',
      'обучающийся',
      '6А',
      `15.03.${year - 12}`,
      `01.09.${year - 1}`,
      'Селезнёв Олег Иванович',
      'потенциальный',
    ],
    [
      'Шубин',
      'Марк',
      'Ильич',
      'обучающийся',
      '6А',
      `20.05.${year - 12}`,
      `01.09.${year - 1}`,
      'Шубина Анна Сергеевна',
      'активный',
    ],
  ];
  if (!bad) return good;
  return [
    ...good,
    ['Ершова', 'Ника', '', 'обучающийся', '6А', '31.02.2012', '', '', ''],
    ['Лукин', 'Тимур', 'Ренатович', 'ученик', '6 кл', `01.01.${year - 8}`, '', '', 'новый'],
    ['', 'Без', 'Фамилии', 'молодой специалист', '', '', `01.09.${year + 1}`, '', ''],
  ];
}

describeBrowser('accessibility (axe, WCAG 2.1 A/AA) of every page kind', () => {
  let browser: Browser;
  let server: DemoServer;
  /** Signed in as the coordinator for the municipal pages. */
  let coordinator: Page;
  /** Signed in as the curator of the demo school for the pages of its bases. */
  let curator: Page;
  let schoolId: number;
  let mentorId: number;
  /** An account whose password link is re-issued at the end (used by no other test). */
  let resetUserId: number;
  /** A student of the demo school (a minor: the page shows a parent's consent) and a mentor with trainings. */
  let menteeId: number;
  let baseMentorId: number;

  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    return context;
  }

  /** axe on the page as it is now, then a full-page screenshot named `name`. */
  async function audit(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    await checkA11y(page, name);
  }

  /** A page in a context of its own, signed in as `role`. */
  async function signedIn(role: string): Promise<Page> {
    const page = await (await newContext()).newPage();
    await login(page, server.baseUrl, role, DEMO_PASSWORD);
    return page;
  }

  async function open(page: Page, url: string, expectedStatus = 200): Promise<void> {
    const response = await page.goto(`${server.baseUrl}${url}`);
    expect(response?.status(), `status of ${url}`).toBe(expectedStatus);
  }

  async function idOf(table: 'organizations' | 'users', column: 'short_name' | 'login', value: string): Promise<number> {
    const row = await server.database.db
      .selectFrom(table)
      .select('id')
      .where(column as never, '=', value as never)
      .executeTakeFirstOrThrow();
    return row.id;
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [browser, server] = await Promise.all([launchBrowser(), startDemoServer()]);
    schoolId = await idOf('organizations', 'short_name', DEMO_SCHOOL);
    mentorId = await idOf('users', 'login', 'mentor');
    resetUserId = await idOf('users', 'login', 'curator.lyceum2');
    const db = server.database.db;
    menteeId = (
      await db
        .selectFrom('mentees')
        .select('id')
        .where('organization_id', '=', schoolId)
        .where('category', '=', 'student')
        .where('consent_by', 'is not', null)
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
    baseMentorId = (
      await db
        .selectFrom('mentors')
        .select('mentors.id')
        .where('organization_id', '=', schoolId)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('mentor_trainings')
              .select('mentor_trainings.id')
              .whereRef('mentor_trainings.mentor_id', '=', 'mentors.id'),
          ),
        )
        .orderBy('mentors.id')
        .executeTakeFirstOrThrow()
    ).id;
    [coordinator, curator] = await Promise.all([signedIn('coordinator'), signedIn('curator')]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the public start page', async () => {
    const page = await (await newContext()).newPage();
    await open(page, '/');
    await audit(page, 'public-start');
    await page.context().close();
  });

  it('the login page, empty and after a failed submit', async () => {
    const page = await (await newContext()).newPage();
    await open(page, '/login');
    await audit(page, 'login');
    await login(page, server.baseUrl, 'nobody', 'wrong-password');
    await page.getByText('Неверный логин или пароль').waitFor();
    await audit(page, 'login-error');
    await page.context().close();
  });

  it('the settings of the version for the visually impaired, before and after it is on', async () => {
    const page = await (await newContext()).newPage();
    await open(page, '/accessibility?back=%2Flogin');
    await audit(page, 'low-vision-settings');
    await submitAndWait(page, page.getByRole('button', { name: 'Включить' }));
    await open(page, '/accessibility?back=%2Flogin');
    await page.getByRole('button', { name: 'Обычная версия' }).first().waitFor();
    await audit(page, 'low-vision-settings-on');
    await page.context().close();
  });

  // Concurrent: each in its own context; axe is the slow part, and the pages do not interfere.
  for (const role of ROLE_LOGINS) {
    it.concurrent(`the home page of ${role}`, async () => {
      const page = await (await newContext()).newPage();
      await login(page, server.baseUrl, role, DEMO_PASSWORD);
      expect(new URL(page.url()).pathname).toBe('/');
      await page.getByRole('heading', { level: 1 }).waitFor();
      await audit(page, `home-${role}`);
      await page.context().close();
    });
  }

  // The bases of mentors and mentees: on the two signed-in pages, one after another (the
  // machine's CPU is what limits this file, and a login per test costs more than it saves).
  for (const role of ['curator', 'coordinator'] as const) {
    for (const kind of ['mentees', 'mentors']) {
      it(`the list of ${kind} as ${role}`, async () => {
        const page = role === 'curator' ? curator : coordinator;
        await open(page, `/${kind}`);
        await page.getByRole('table').first().waitFor();
        await audit(page, `${kind}-${role}`);
      });
    }
  }

  it('a mentee page', async () => {
    await open(curator, `/mentees/${menteeId}`);
    await curator.getByRole('button', { name: 'В архив' }).waitFor();
    await audit(curator, 'mentee');
  });

  it('a mentor page', async () => {
    await open(curator, `/mentors/${baseMentorId}`);
    await curator.getByRole('button', { name: 'В архив' }).waitFor();
    await audit(curator, 'mentor');
  });

  it('the new mentee form', async () => {
    await open(curator, '/mentees/new');
    await audit(curator, 'mentee-new');
  });

  it('the new mentor form, empty and with errors', async () => {
    await open(curator, '/mentors/new');
    await audit(curator, 'mentor-new');
    await curator.getByRole('spinbutton', { name: 'Сколько наставляемых одновременно' }).fill('');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Добавить в базу' }));
    const summary = curator.locator('.error-summary');
    await summary.waitFor();
    // a message that already names its field is not prefixed with the label again
    expect(await summary.getByRole('link', { name: /одновременно/ }).innerText()).not.toMatch(/одновременно:.*одновременно/);
    await audit(curator, 'mentor-new-errors');
  });

  it("a mentee's edit form", async () => {
    await open(curator, `/mentees/${menteeId}/edit`);
    await audit(curator, 'mentee-edit');
  });

  it('the import page, and the check of a file with errors and of one without', async () => {
    await open(curator, '/mentees/import');
    await audit(curator, 'mentees-import');
    for (const bad of [true, false]) {
      const buffer = await writeXlsx('Наставляемые', IMPORT_HEADER, importRows(bad));
      await curator.setInputFiles('#field-file', {
        name: bad ? 's-oshibkami.xlsx' : 'bez-oshibok.xlsx',
        mimeType: XLSX_TYPE,
        buffer,
      });
      await submitAndWait(curator, curator.getByRole('button', { name: 'Проверить файл' }));
      expect(new URL(curator.url()).pathname).toMatch(/^\/mentees\/import\/\d+$/);
      if (bad) {
        await curator.getByRole('heading', { level: 2, name: 'Ошибки в файле' }).waitFor();
        await audit(curator, 'mentees-import-errors');
        await submitAndWait(curator, curator.getByRole('link', { name: 'Загрузить исправленный файл' }));
      } else {
        await curator.getByRole('button', { name: /^Загрузить в базу/ }).waitFor();
        await audit(curator, 'mentees-import-preview');
      }
    }
    // a request the municipal list does not have: named in the preview, with the two ways out
    await open(curator, '/mentees/import');
    const unlisted = importRows(false).map((row) => [...row, 'Робототехника']);
    await curator.setInputFiles('#field-file', {
      name: 'ne-iz-perechnya.xlsx',
      mimeType: XLSX_TYPE,
      buffer: await writeXlsx('Наставляемые', [...IMPORT_HEADER, 'Запросы'], unlisted),
    });
    await submitAndWait(curator, curator.getByRole('button', { name: 'Проверить файл' }));
    await curator.getByRole('heading', { level: 2, name: 'Значений нет в перечне муниципалитета' }).waitFor();
    await audit(curator, 'mentees-import-unlisted');
  });

  it('the municipal registers', async () => {
    await open(coordinator, '/registers');
    await coordinator.getByRole('table').first().waitFor();
    await audit(coordinator, 'registers');
  });

  it('the district lists of competencies and requests', async () => {
    await open(coordinator, '/tags');
    await audit(coordinator, 'tags');
  });

  it('the schools’ part of a municipal item: every school with the addressing form, a school’s own part with errors, its tasks', async () => {
    const part = await server.database.db
      .selectFrom('roadmap_school_parts as p')
      .innerJoin('roadmap_items as i', 'i.id', 'p.item_id')
      .select(['i.roadmap_id', 'i.id'])
      .where('p.status', '=', 'in_progress')
      .executeTakeFirstOrThrow();
    const url = `/roadmaps/${part.roadmap_id}/items/${part.id}/schools`;
    await open(coordinator, url);
    await audit(coordinator, 'roadmap-school-parts');
    await open(curator, url);
    await audit(curator, 'roadmap-school-part');
    await curator.getByLabel('Статус').selectOption('done');
    await curator.getByLabel('Дата выполнения').fill('');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить', exact: true }));
    expect(await curator.textContent('main')).toContain('Укажите дату выполнения');
    await audit(curator, 'roadmap-school-part-errors');
    await open(curator, '/roadmaps');
    await audit(curator, 'roadmap-school-tasks');
  });

  it('the schools’ part of a recurring municipal item: the half-years with their counts; a school marks one of them', async () => {
    const item = await server.database.db
      .selectFrom('roadmap_items')
      .select(['roadmap_id', 'id'])
      .where('deadline_text', '=', 'Декабрь, июнь в период с 2022 по 2024 г.г.')
      .executeTakeFirstOrThrow();
    const url = `/roadmaps/${item.roadmap_id}/items/${item.id}/schools`;
    await open(coordinator, url);
    expect(await coordinator.textContent('main')).toContain('декабрь 2024 (текущий срок)');
    await audit(coordinator, 'roadmap-school-parts-recurring');
    await open(curator, url);
    await curator.getByRole('link', { name: /^июнь 2022:/ }).click();
    await curator.waitForURL(/due=2022-06-30/);
    expect(await curator.textContent('main')).toContain('срок «июнь 2022»');
    await curator.getByLabel('Статус').selectOption('done');
    await curator.getByLabel('Дата выполнения').fill('2022-06-20');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить', exact: true }));
    expect(await curator.textContent('main')).toContain('часть школы (июнь 2022): выполнено');
    await audit(curator, 'roadmap-school-part-recurring');
  });

  it('the roadmap pages: list, new, import preview, table, item form, timeline, print', async () => {
    await open(coordinator, '/roadmaps');
    await audit(coordinator, 'roadmaps');
    await open(coordinator, '/roadmaps/new');
    await audit(coordinator, 'roadmap-new');
    await coordinator.getByLabel('Название').fill('План мероприятий (дорожная карта) МБОУ «СОШ № 2»');
    await coordinator.getByLabel('С года').fill('2022');
    await coordinator.getByLabel('По год').fill('2024');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Создать' }));
    const roadmapUrl = new URL(coordinator.url()).pathname;
    await open(coordinator, `${roadmapUrl}/import`);
    await audit(coordinator, 'roadmap-import');
    const text = readFileSync(path.resolve(import.meta.dirname, '../fixtures/domain/school-roadmap-and-indicators.txt'), 'utf8');
    const table = text.slice(text.indexOf('№ п/п\tНаименование мероприятий'), text.indexOf('**Планируемые результаты'));
    await coordinator.getByLabel('Вставьте таблицу из Word или Excel').fill(table);
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Прочитать таблицу' }));
    await audit(coordinator, 'roadmap-import-preview');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: /^Сохранить \d+ мероприятий/ }));
    await open(coordinator, roadmapUrl);
    await coordinator.getByRole('table').first().waitFor();
    await audit(coordinator, 'roadmap');
    const itemEdit = coordinator.getByRole('link', { name: /^Изменить пункт/ }).first();
    await itemEdit.click();
    await coordinator.waitForLoadState();
    await audit(coordinator, 'roadmap-item-edit');
    await open(coordinator, `${roadmapUrl}/timeline`);
    await coordinator.getByRole('region', { name: /^Сроки мероприятий по месяцам/ }).waitFor();
    await audit(coordinator, 'roadmap-timeline');
    await open(coordinator, `${roadmapUrl}/print`);
    await coordinator.getByRole('table').waitFor();
    await audit(coordinator, 'roadmap-print');
  });

  it('the roadmap tracking pages: import file error, occurrence form, evidence error, former marks, template matrix, changes since approval, sent for approval and refused', async () => {
    // A new empty roadmap: its import page refuses a file that is no .docx/.xlsx at the file field.
    await open(coordinator, '/roadmaps/new');
    await coordinator.getByLabel('Название').fill('План мероприятий по наставничеству: ежегодные отчёты');
    await coordinator.getByLabel('С года').fill('2022');
    await coordinator.getByLabel('По год').fill('2024');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Создать' }));
    const roadmapUrl = new URL(coordinator.url()).pathname;
    await open(coordinator, `${roadmapUrl}/import`);
    await coordinator.setInputFiles('#field-file', {
      name: 'plan.docx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('не документ Word'),
    });
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Прочитать файл' }));
    await coordinator.locator('#field-file-error').waitFor();
    await audit(coordinator, 'roadmap-import-file-error');

    // A recurring item, through the form; its first yearly occurrence, empty and with an error.
    await open(coordinator, `${roadmapUrl}/items/new`);
    await coordinator.getByLabel('Номер').fill('1');
    await coordinator.getByLabel('Мероприятие').fill('Отчёт о реализации целевой модели наставничества');
    await coordinator.getByLabel('Срок').fill('Ежегодно, не позднее 15 декабря');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Добавить' }));
    const occurrences = coordinator.getByRole('list', { name: 'Сроки пункта 1 по годам' });
    await submitAndWait(coordinator, occurrences.getByRole('link').first());
    expect(new URL(coordinator.url()).pathname).toMatch(/^\/roadmaps\/\d+\/items\/\d+\/occurrences\/2022-12-15$/);
    await audit(coordinator, 'roadmap-occurrence');
    await coordinator.getByLabel('Статус').selectOption({ label: 'Выполнено' });
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Сохранить', exact: true }));
    await coordinator.locator('.error-summary').waitFor();
    await audit(coordinator, 'roadmap-occurrence-errors');
    await coordinator.getByLabel('Дата выполнения').fill('2022-12-14');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Сохранить', exact: true }));

    // The item form after a document that is not a PDF, DOCX or ODT.
    await open(coordinator, roadmapUrl);
    await submitAndWait(coordinator, coordinator.getByRole('link', { name: 'Изменить пункт 1', exact: true }));
    await coordinator.getByLabel('Статус').selectOption({ label: 'Выполнено' });
    await coordinator.getByLabel('Дата выполнения').fill('2022-12-14');
    await coordinator
      .getByLabel('Документ-подтверждение')
      .setInputFiles({ name: 'otchet.pdf', mimeType: 'application/pdf', buffer: Buffer.from('просто текст, не PDF') });
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Сохранить статус' }));
    await coordinator.locator('#field-evidence_file-error').waitFor();
    await audit(coordinator, 'roadmap-item-evidence-error');

    // The deadline made a single date: the yearly mark stays, listed as a former one.
    await coordinator.getByLabel('Срок', { exact: true }).fill('до 15.12.2024');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Сохранить пункт' }));
    await submitAndWait(coordinator, coordinator.getByRole('link', { name: 'Изменить пункт 1', exact: true }));
    await coordinator.getByRole('heading', { name: 'Отметки по прежним срокам' }).waitFor();
    await audit(coordinator, 'roadmap-item-former-marks');

    // The matrix of the demo template: two schools with roadmaps, the others without.
    const template = await server.database.db
      .selectFrom('roadmaps')
      .select('id')
      .where('kind', '=', 'template')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await open(coordinator, `/roadmaps/${template.id}/matrix`);
    await coordinator.getByRole('region', { name: 'Исполнение пунктов шаблона по школам' }).waitFor();
    await audit(coordinator, 'roadmap-matrix');

    // A roadmap whose approval a change took away (the demo lyceum): the former approval, the changes since.
    const lyceum = await server.database.db
      .selectFrom('roadmaps')
      .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
      .select('roadmaps.id')
      .where('organizations.short_name', '=', 'МБОУ «Лицей № 2»')
      .where('roadmaps.kind', '=', 'plan')
      .executeTakeFirstOrThrow();
    await open(coordinator, `/roadmaps/${lyceum.id}`);
    await coordinator.getByRole('heading', { name: /^Изменения после утверждения/ }).waitFor();
    // Issue 17: the lyceum's roadmap waits for the centre's agreement — the coordinator's form to agree or return it.
    await coordinator.getByRole('button', { name: 'Согласовать' }).waitFor();
    await audit(coordinator, 'roadmap-changes-since-approval');

    // The roadmap with a yearly item sent for approval; the department's refusal without a comment, then with one.
    await open(coordinator, roadmapUrl);
    await coordinator.getByLabel('Примечание для утверждающего').fill('Пункт 1 дополнен сроком на 2024 год.');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Отправить на утверждение' }));
    await coordinator.getByRole('heading', { name: /^Отправлена на утверждение/ }).waitFor();
    await audit(coordinator, 'roadmap-sent-for-approval');
    const department = await signedIn('department');
    await open(department, roadmapUrl);
    await submitAndWait(department, department.getByRole('button', { name: 'Вернуть на доработку' }));
    await department.locator('#field-comment-error').waitFor();
    await audit(department, 'roadmap-refuse-errors');
    await department.getByLabel('Комментарий для автора').fill('Укажите ответственных за отчёт.');
    await submitAndWait(department, department.getByRole('button', { name: 'Вернуть на доработку' }));
    await open(coordinator, roadmapUrl);
    await coordinator.getByRole('heading', { name: /^Возвращена на доработку/ }).waitFor();
    await coordinator.getByText('История утверждения (2)').click();
    await audit(coordinator, 'roadmap-refused');
    await department.context().close();
  });

  it('the programme pages: the form empty and with errors, a programme, the review, the lists and the bank', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await open(curator, '/programmes/new');
    await audit(curator, 'programme-new');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Добавить программу' }));
    await curator.locator('.error-summary').waitFor();
    await audit(curator, 'programme-new-errors');
    await curator.locator('#field-title').fill('Программа наставничества «Вместе к успеху»');
    await curator.locator('#field-form').selectOption('teacher_teacher');
    await curator.locator('#field-target_group').fill('Молодые педагоги со стажем до 3 лет');
    await curator.locator('#field-duration').fill('сентябрь 2026 – май 2027');
    await curator.locator('#field-goals').fill('Адаптация молодого педагога.\nРазвитие методической компетентности.');
    await curator.setInputFiles('#field-file', { name: 'programma.pdf', mimeType: 'application/pdf', buffer: pdf });
    await submitAndWait(curator, curator.getByRole('button', { name: 'Добавить программу' }));
    const programmeUrl = new URL(curator.url()).pathname;
    expect(programmeUrl).toMatch(/^\/programmes\/\d+$/);
    await submitAndWait(curator, curator.getByRole('button', { name: 'Предложить в банк программ' }));
    await curator.getByText('на рассмотрении в методическом центре').first().waitFor();
    await audit(curator, 'programme');
    await open(curator, '/programmes');
    await curator.getByRole('table').waitFor();
    await audit(curator, 'programmes');

    await open(coordinator, programmeUrl);
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Вернуть на доработку' }));
    await coordinator.locator('#field-comment-error').waitFor();
    await audit(coordinator, 'programme-review-errors');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Включить в банк' }));
    await open(coordinator, '/programmes');
    await coordinator.getByRole('table').waitFor();
    await audit(coordinator, 'programmes-coordinator');
    await open(coordinator, '/programmes/bank');
    await coordinator.getByRole('link', { name: 'Программа наставничества «Вместе к успеху»', exact: true }).waitFor();
    await audit(coordinator, 'programmes-bank');
  });

  it('the documents of schools (issue 17): the form empty and with errors, a document, the register, the matrix, at 1 366 and 375 px', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await open(curator, '/documents/new');
    await audit(curator, 'document-new');
    await curator.locator('#field-status').selectOption('active');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Добавить документ' }));
    await curator.locator('.error-summary').waitFor();
    await audit(curator, 'document-new-errors');
    await curator.locator('#field-type').selectOption('council_minutes');
    await curator.locator('#field-number').fill('2');
    await curator.locator('#field-document_date').fill('2026-11-30');
    await curator.setInputFiles('#field-file', { name: 'protokol.pdf', mimeType: 'application/pdf', buffer: pdf });
    await submitAndWait(curator, curator.getByRole('button', { name: 'Добавить документ' }));
    expect(new URL(curator.url()).pathname).toMatch(/^\/documents\/\d+$/);
    await audit(curator, 'document');
    await open(curator, '/documents');
    await curator.getByRole('table').waitFor();
    await audit(curator, 'documents');
    await open(coordinator, '/documents');
    await audit(coordinator, 'documents-coordinator');
    await open(coordinator, '/documents/matrix');
    await audit(coordinator, 'documents-matrix');
    await coordinator.setViewportSize({ width: 375, height: 800 });
    await audit(coordinator, 'documents-matrix-375');
    await open(coordinator, '/documents');
    await audit(coordinator, 'documents-coordinator-375');
    await coordinator.setViewportSize({ width: 1280, height: 900 });
  });

  it('the library of model documents (issue 17): the list, the form empty and with errors, a model, the filling page, at 1 366 and 375 px', async () => {
    await open(coordinator, '/documents/models');
    await coordinator.getByRole('table').waitFor();
    await audit(coordinator, 'model-documents');
    await open(coordinator, '/documents/models/new');
    await audit(coordinator, 'model-document-new');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Опубликовать', exact: true }));
    await coordinator.locator('.error-summary').waitFor();
    await audit(coordinator, 'model-document-new-errors');
    await open(coordinator, '/documents/models');
    await coordinator.getByRole('link', { name: 'Примерное положение о наставничестве в образовательной организации' }).click();
    await coordinator.waitForURL(/\/documents\/models\/\d+$/);
    await audit(coordinator, 'model-document');
    const school = await idOf('organizations', 'short_name', DEMO_SCHOOL);
    await open(curator, `/documents/models/schools/${school}`);
    await audit(curator, 'model-documents-fill');
    await open(curator, '/documents/models');
    await curator.setViewportSize({ width: 375, height: 800 });
    await audit(curator, 'model-documents-375');
    await open(curator, `/documents/models/schools/${school}`);
    await audit(curator, 'model-documents-fill-375');
    await curator.setViewportSize({ width: 1280, height: 900 });
  });

  it('the agreements pages (issue 17): the lists, the form empty and with errors, an agreement, its edit form, at 1 366 and 375 px', async () => {
    for (const width of [1366, 375]) {
      await curator.setViewportSize({ width, height: 900 });
      await open(curator, '/agreements');
      await curator.getByRole('table').waitFor();
      await audit(curator, `agreements-${width}`);
    }
    await curator.setViewportSize({ width: 1280, height: 900 });
    await open(curator, '/agreements/new');
    await audit(curator, 'agreement-new');
    await curator.locator('#field-party_id').selectOption('new');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Добавить соглашение' }));
    await curator.locator('.error-summary').waitFor();
    await audit(curator, 'agreement-new-errors');
    await curator.locator('#field-new_partner_short_name').fill('ИП Соколов А. В.');
    await curator.locator('#field-new_partner_kind').selectOption('enterprise');
    await curator.locator('#field-valid_from').fill('2025-09-01');
    await curator.locator('#field-subject').fill('Наставничество мастера над обучающимися 9 классов: профессиональные пробы');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Добавить соглашение' }));
    const agreementUrl = new URL(curator.url()).pathname;
    expect(agreementUrl).toMatch(/^\/agreements\/\d+$/);
    for (const width of [1366, 375]) {
      await curator.setViewportSize({ width, height: 900 });
      await audit(curator, `agreement-${width}`);
    }
    await curator.setViewportSize({ width: 1280, height: 900 });
    await open(curator, `${agreementUrl}/edit`);
    await audit(curator, 'agreement-edit');
    await open(coordinator, '/agreements');
    await coordinator.getByRole('table').waitFor();
    await audit(coordinator, 'agreements-coordinator');
    await open(coordinator, '/agreements/new');
    await audit(coordinator, 'agreement-new-coordinator');
  });

  it('the events pages (issue 18): the list, the form with errors, an event, the check-list at 375 px, the plan and the sheet', async () => {
    const webinar = await server.database.db
      .selectFrom('events')
      .select('id')
      .where('title', 'like', 'Вебинар%')
      .executeTakeFirstOrThrow();
    for (const width of [1366, 375]) {
      await coordinator.setViewportSize({ width, height: 900 });
      await open(coordinator, '/events');
      await coordinator.getByRole('table').waitFor();
      await audit(coordinator, `events-${width}`);
      await open(curator, `/events/${webinar.id}`);
      await curator.setViewportSize({ width, height: 900 });
      await curator.getByRole('heading', { name: 'Регистрация участников школы' }).waitFor();
      await audit(curator, `event-${width}`);
    }
    await coordinator.setViewportSize({ width: 1280, height: 900 });
    await curator.setViewportSize({ width: 1280, height: 900 });
    await open(coordinator, '/events/new');
    await audit(coordinator, 'event-new');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Добавить в план' }));
    await coordinator.locator('.error-summary').waitFor();
    await audit(coordinator, 'event-new-errors');
    await open(coordinator, '/events/plan');
    await audit(coordinator, 'events-plan');
    await open(coordinator, `/events/${webinar.id}/sheet`);
    await audit(coordinator, 'event-sheet');
    // The webinar began an hour ago: its check-list, on a phone.
    const starts = new Date(Date.now() - 3_600_000);
    await server.database.db
      .updateTable('events')
      .set({ starts_at: starts, ends_at: new Date(starts.getTime() + 5_400_000) })
      .where('id', '=', webinar.id)
      .execute();
    await coordinator.setViewportSize({ width: 375, height: 800 });
    await open(coordinator, `/events/${webinar.id}/attendance`);
    await coordinator.locator('.checklist').waitFor();
    await audit(coordinator, 'event-attendance-375');
    await coordinator.setViewportSize({ width: 1280, height: 900 });
    // The organiser's page of last year's contest: the materials' upload form, the winners' «В список лучших наставников».
    const contest = await server.database.db
      .selectFrom('events')
      .select('id')
      .where('title', 'like', 'Муниципальный конкурс%')
      .executeTakeFirstOrThrow();
    for (const width of [1366, 375]) {
      await coordinator.setViewportSize({ width, height: 900 });
      await open(coordinator, `/events/${contest.id}`);
      await coordinator.getByRole('heading', { name: 'Материалы' }).waitFor();
      await audit(coordinator, `event-contest-coordinator-${width}`);
    }
    await coordinator.setViewportSize({ width: 1280, height: 900 });
    // The base's filter «нет обучения за последние 3 года».
    await open(curator, '/mentors?training=none_3y');
    await audit(curator, 'mentors-no-training');
    const mentor = await signedIn('mentor');
    await open(mentor, '/events');
    await audit(mentor, 'events-mentor');
    await mentor.context().close();
  });

  it('the recognition pages (issue 18): each role’s page, a form with errors, a nomination, the award form, the printable list', async () => {
    for (const width of [1366, 375]) {
      await coordinator.setViewportSize({ width, height: 900 });
      await open(coordinator, '/recognition');
      await audit(coordinator, `recognition-coordinator-${width}`);
    }
    await coordinator.setViewportSize({ width: 1280, height: 900 });
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Добавить', exact: true }));
    await coordinator.locator('.error-summary').waitFor();
    await audit(coordinator, 'recognition-best-errors');
    const head = await signedIn('head');
    await open(head, '/recognition');
    await submitAndWait(head, head.getByRole('button', { name: 'Выдвинуть' }));
    await head.locator('.error-summary').waitFor();
    await audit(head, 'recognition-head-errors');
    const department = await signedIn('department');
    await open(department, '/recognition');
    await audit(department, 'recognition-department');
    await open(department, '/recognition/order/print');
    await audit(department, 'recognition-print');
    const waiting = await server.database.db
      .selectFrom('award_nominations')
      .select('id')
      .where('status', '=', 'listed')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await open(department, `/recognition/nominations/${waiting.id}`);
    await audit(department, 'recognition-nomination');
    await submitAndWait(department, department.getByRole('button', { name: 'Отказать' }));
    await department.locator('.error-summary').waitFor();
    await audit(department, 'recognition-nomination-errors');
    await department.context().close();
    await head.context().close();
    await open(curator, `/recognition/awards/new?mentor=${baseMentorId}`);
    await audit(curator, 'recognition-award-new');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить' }));
    await curator.locator('.error-summary').waitFor();
    await audit(curator, 'recognition-award-new-errors');
    const mentor = await signedIn('mentor');
    await open(mentor, '/recognition');
    await audit(mentor, 'recognition-mentor');
    await mentor.context().close();
  });

  it('the bank of best practices (issue 19): the register, the form with errors, a practice, the review with errors, the collection', async () => {
    for (const width of [1366, 375]) {
      await coordinator.setViewportSize({ width, height: 900 });
      await open(coordinator, '/practices');
      await audit(coordinator, `practices-list-${width}`);
    }
    await coordinator.setViewportSize({ width: 1280, height: 900 });
    const waiting = await server.database.db
      .selectFrom('practices')
      .select('id')
      .where('status', '=', 'submitted')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await open(coordinator, `/practices/${waiting.id}`);
    await audit(coordinator, 'practices-show');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Вернуть на доработку' }));
    await coordinator.locator('.error-summary').waitFor();
    await audit(coordinator, 'practices-return-errors');
    await open(coordinator, '/practices/collection');
    await audit(coordinator, 'practices-collection');
    await open(curator, '/practices/new');
    await audit(curator, 'practices-new');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить' }));
    await curator.locator('.error-summary').waitFor();
    await audit(curator, 'practices-new-errors');
  });

  it('the mentor’s portfolio (issue 18): the mentor’s own at 1 366 and 375 px, the printable document, a curator’s view', async () => {
    const mentor = await signedIn('mentor');
    for (const width of [1366, 375]) {
      await mentor.setViewportSize({ width, height: 900 });
      await open(mentor, '/portfolio');
      await audit(mentor, `portfolio-mentor-${width}`);
    }
    const own = await server.database.db
      .selectFrom('mentors')
      .innerJoin('users', 'users.id', 'mentors.user_id')
      .select('mentors.id')
      .where('users.login', '=', 'mentor')
      .executeTakeFirstOrThrow();
    for (const width of [1366, 375]) {
      await mentor.setViewportSize({ width, height: 900 });
      await open(mentor, `/mentors/${own.id}/portfolio/print`);
      await audit(mentor, `portfolio-print-${width}`);
    }
    await mentor.context().close();
    await open(curator, `/mentors/${own.id}/portfolio`);
    await audit(curator, 'portfolio-curator');
  });

  it('the public pages (issue 19): the municipalities, a municipality, a school, and the news form with errors', async () => {
    const db = server.database.db;
    const school = await db
      .selectFrom('organizations as s')
      .innerJoin('organizations as m', 'm.id', 's.municipality_id')
      .select(['s.slug as school', 'm.slug as municipality'])
      .where('s.id', '=', schoolId)
      .executeTakeFirstOrThrow();
    const visitor = await (await newContext()).newPage();
    await open(visitor, '/public');
    await audit(visitor, 'public-municipalities');
    await open(visitor, `/p/${school.municipality}`);
    await audit(visitor, 'public-municipality');
    await open(visitor, `/p/${school.municipality}/${school.school}`);
    await audit(visitor, 'public-school');
    await visitor.context().close();
    // The department's ticks «Показывать на публичной странице» on the catalogue.
    const department = await signedIn('department');
    await open(department, '/indicators');
    await audit(department, 'indicators-catalogue-department');
    await department.context().close();
    await open(coordinator, '/public-news');
    await audit(coordinator, 'public-news-list');
    await open(coordinator, '/public-news/new');
    await submitAndWait(coordinator, coordinator.locator('form[action="/public-news"] button[type="submit"]'));
    await audit(coordinator, 'public-news-form-errors');
  });

  it('the organisations list', async () => {
    await open(coordinator, '/organizations');
    await audit(coordinator, 'organizations');
  });

  it('resource centres and mentor schools (issue 17): their list, a served school’s page, at 1 366 and 375 px', async () => {
    const served = await idOf('organizations', 'short_name', 'МБОУ «СОШ № 3»');
    for (const width of [1366, 375]) {
      await coordinator.setViewportSize({ width, height: 900 });
      await open(coordinator, '/organizations?support=any');
      await coordinator.getByRole('table').waitFor();
      await audit(coordinator, `organizations-support-${width}`);
      await open(coordinator, `/organizations/${served}`);
      await coordinator.getByRole('heading', { name: 'Школу поддерживают' }).waitFor();
      await audit(coordinator, `organization-served-${width}`);
    }
    await coordinator.setViewportSize({ width: 1280, height: 900 });
  });

  it('the school head’s form of its curator’s account (issue 17), empty and with errors', async () => {
    const head = await signedIn('head');
    await open(head, `/users/new?org=${schoolId}&role=curator`);
    await audit(head, 'user-new-head');
    await submitAndWait(head, head.getByRole('button', { name: 'Создать и выдать ссылку' }));
    await head.locator('.error-summary').waitFor();
    await audit(head, 'user-new-head-errors');
    await head.context().close();
  });

  it('an organisation page', async () => {
    await open(coordinator, `/organizations/${schoolId}`);
    await audit(coordinator, 'organization');
  });

  it('the new organisation form, empty and with errors', async () => {
    await open(coordinator, '/organizations/new');
    await audit(coordinator, 'organization-new');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Создать организацию' }));
    await coordinator.locator('.error-summary').waitFor();
    await audit(coordinator, 'organization-new-errors');
  });

  it("an organisation's edit form", async () => {
    await open(coordinator, `/organizations/${schoolId}/edit`);
    await audit(coordinator, 'organization-edit');
  });

  it('the users list', async () => {
    await open(coordinator, '/users');
    await audit(coordinator, 'users');
  });

  it('a user page', async () => {
    await open(coordinator, `/users/${mentorId}`);
    await audit(coordinator, 'user');
    // form buttons keep their variant: «Отключить» is the red danger button, not a primary one
    const style = await coordinator
      .getByRole('button', { name: 'Отключить' })
      .evaluate((el) => ({ color: getComputedStyle(el).color, background: getComputedStyle(el).backgroundColor }));
    expect(style).toEqual({ color: 'rgb(179, 38, 30)', background: 'rgb(255, 255, 255)' });
  });

  it('the new user form', async () => {
    await open(coordinator, '/users/new');
    await audit(coordinator, 'user-new');
  });

  it("a user's edit form", async () => {
    await open(coordinator, `/users/${mentorId}/edit`);
    await audit(coordinator, 'user-edit');
  });

  it('the audit log', async () => {
    await open(coordinator, '/audit');
    await audit(coordinator, 'audit');
  });

  it('the profile page', async () => {
    await open(coordinator, '/account');
    await audit(coordinator, 'account');
  });

  it('the "not found" page', async () => {
    await open(coordinator, '/organizations/999999', 404);
    await coordinator.getByRole('heading', { level: 1, name: 'Страница не найдена' }).waitFor();
    await audit(coordinator, 'not-found');
  });

  it('the page of an invalid password link', async () => {
    const page = await (await newContext()).newPage();
    await open(page, '/set-password/not-a-real-token', 404);
    await page.getByRole('heading', { level: 1, name: 'Ссылка недействительна' }).waitFor();
    await audit(page, 'set-password-invalid');
    await page.context().close();
  });

  it('a user page with a fresh link, and the set-password page it leads to', async () => {
    await open(coordinator, `/users/${resetUserId}`);
    // the button asks for confirmation through window.confirm
    coordinator.once('dialog', (dialog) => void dialog.accept());
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Сбросить пароль' }));
    const linkInput = coordinator.getByLabel('Ссылка', { exact: true });
    await linkInput.waitFor();
    await audit(coordinator, 'user-with-link');
    const link = await linkInput.inputValue();
    expect(link).toContain('/set-password/');

    const page = await (await newContext()).newPage();
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Установка пароля' }).waitFor();
    await audit(page, 'set-password');
    await page.context().close();
  });

  it('the pair pages: the mentor home and the meeting form (with errors) at 375 px, the pair page, completion, the feedback link pages', async () => {
    // The demo seed's pairs of the demo mentor: with students and with the demo teacher-mentee.
    const pairs = await findDemoPairs(server.database.db, DEMO_SCHOOL);
    const phone = await (
      await browser.newContext({ locale: 'ru-RU', viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true })
    ).newPage();
    await login(phone, server.baseUrl, 'mentor', DEMO_PASSWORD);
    await phone.getByRole('heading', { level: 2, name: 'Мои пары' }).waitFor();
    await audit(phone, 'mentor-home-375');
    await open(phone, `/pairs/${pairs.studentPair}/meetings/new`);
    await audit(phone, 'meeting-new-375');
    await phone.getByLabel('Тип встречи').selectOption({ label: 'Совместная работа' });
    await submitAndWait(phone, phone.getByRole('button', { name: 'Записать встречу' }));
    await phone.locator('.error-summary').waitFor();
    await audit(phone, 'meeting-new-errors-375');
    // the completion form, once a final meeting is logged
    await server.database.db
      .insertInto('meetings')
      .values({
        pair_id: pairs.teacherPair,
        type: 'final',
        held_on: daysAgo(0),
        duration_minutes: 45,
        format: 'in_person',
        topic: 'Итоги работы',
      })
      .execute();
    await open(phone, `/pairs/${pairs.teacherPair}/complete`);
    await audit(phone, 'pair-complete-375');
    await phone.context().close();

    const mentee = await (await newContext()).newPage();
    await login(mentee, server.baseUrl, 'mentee', DEMO_PASSWORD);
    await mentee.getByRole('heading', { level: 2, name: 'Ждут вашего отзыва' }).waitFor();
    await audit(mentee, 'home-mentee-pairs');
    await open(mentee, `/pairs/${pairs.teacherPair}`);
    await mentee.getByRole('heading', { level: 2, name: 'Итоги работы в паре' }).waitFor();
    await audit(mentee, 'pair-mentee');
    await mentee.context().close();

    await open(curator, `/pairs/${pairs.studentPair}`);
    await audit(curator, 'pair');
    await submitAndWait(curator, curator.getByRole('button', { name: /^Ссылка для отзыва/ }).first());
    await curator.locator('.link-print').waitFor();
    await audit(curator, 'pair-feedback-link');
    const link = (await curator.locator('.link-print').innerText()).trim();

    const student = await (await newContext()).newPage();
    expect((await student.goto(link))?.status()).toBe(200);
    await audit(student, 'feedback-link');
    await submitAndWait(student, student.getByRole('button', { name: 'Отправить отзыв' }).first());
    await student.locator('.error-summary').waitFor();
    await audit(student, 'feedback-link-errors');
    await open(student, `/feedback/${'a'.repeat(32)}`, 404);
    await student.getByRole('heading', { level: 1, name: 'Ссылка больше не действует' }).waitFor();
    await audit(student, 'feedback-link-invalid');
    await student.context().close();
    // Nine pages with axe in one test: over the default 30 s on a loaded 2-core CI machine.
  });

  it('the roadmap import preview of a table with a cell per line, its title naming other years than the roadmap', async () => {
    await open(coordinator, '/roadmaps/new');
    await coordinator.getByLabel('Название').fill('План мероприятий Заречного района');
    await coordinator.getByLabel('С года').fill('2022');
    await coordinator.getByLabel('По год').fill('2024');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Создать' }));
    await open(coordinator, `${new URL(coordinator.url()).pathname}/import`);
    const text = readFileSync(path.resolve(import.meta.dirname, '../fixtures/roadmaps/cell-per-line.txt'), 'utf8');
    await coordinator.getByLabel('Вставьте таблицу из Word или Excel').fill(text);
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Прочитать таблицу' }));
    await coordinator.locator('.roadmap-period').waitFor();
    await audit(coordinator, 'roadmap-import-preview-period');
  });

  it('the monitoring pages (issue 15): the campaign form empty and with errors, a campaign, a submission (with errors), the list', async () => {
    await open(coordinator, '/monitoring/new');
    await audit(coordinator, 'monitoring-new');
    await coordinator.locator('#field-title').fill('');
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Запустить мониторинг' }));
    await coordinator.locator('.error-summary').waitFor();
    await audit(coordinator, 'monitoring-new-errors');
    await coordinator.locator('#field-title').fill('Мониторинг наставничества за год');
    await coordinator.locator('#field-as_of').fill(daysAgo(1));
    await coordinator.locator('#field-opens_on').fill(daysAgo(0));
    await coordinator.locator('#field-deadline').fill(daysAgo(-14));
    await coordinator.locator('#field-field_1_label').fill('Число педагогов-наставников');
    await coordinator.locator('#field-field_1_kind').selectOption('number');
    await coordinator.locator('#field-doc_1_title').fill('Приказ о закреплении наставников');
    await coordinator.locator('#field-field_1_required').check();
    await coordinator.locator('#field-doc_1_required').check();
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Запустить мониторинг' }));
    const campaignUrl = new URL(coordinator.url()).pathname;
    expect(campaignUrl).toMatch(/^\/monitoring\/\d+$/);
    await audit(coordinator, 'monitoring-campaign');
    // The demo school's submission: the curator's form, sent incomplete (the error summary), then the coordinator's view.
    const submissionUrl = `${campaignUrl}/schools/${schoolId}`;
    await open(curator, submissionUrl);
    await audit(curator, 'monitoring-submission');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Отправить' }));
    await curator.locator('.error-summary').waitFor();
    await audit(curator, 'monitoring-submission-errors');
    await open(coordinator, submissionUrl);
    await audit(coordinator, 'monitoring-submission-coordinator');
    await open(coordinator, '/monitoring');
    await coordinator.getByRole('table').waitFor();
    await audit(coordinator, 'monitoring-list');
  });

  it('the school’s справка of an accepted monitoring submission, the print page (issue 15)', async () => {
    const accepted = await server.database.db
      .selectFrom('monitoring_submissions')
      .select(['campaign_id', 'organization_id'])
      .where('status', '=', 'accepted')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await open(coordinator, `/monitoring/${accepted.campaign_id}/schools/${accepted.organization_id}/report`);
    await audit(coordinator, 'monitoring-report');
  });

  it('the municipal summary of a finished monitoring campaign, and the analytical report made from it (issue 15)', async () => {
    const finished = await server.database.db
      .selectFrom('monitoring_submissions')
      .select('campaign_id')
      .where('status', '=', 'accepted')
      .orderBy('campaign_id')
      .executeTakeFirstOrThrow();
    await open(coordinator, `/monitoring/${finished.campaign_id}/summary`);
    await coordinator.getByRole('table').waitFor();
    await audit(coordinator, 'monitoring-summary');
    await open(coordinator, `/reports/analytical?campaign=${finished.campaign_id}`);
    await audit(coordinator, 'report-analytical-campaign');
  });

  it('the questionnaire block of a monitoring submission: live on this year’s, frozen on last year’s (issue 15)', async () => {
    const campaigns = await server.database.db
      .selectFrom('monitoring_campaign_surveys')
      .innerJoin('monitoring_campaigns', 'monitoring_campaigns.id', 'monitoring_campaign_surveys.campaign_id')
      .select('monitoring_campaigns.id')
      .distinct()
      .orderBy('monitoring_campaigns.id')
      .execute();
    for (const [i, c] of campaigns.entries()) {
      await open(curator, `/monitoring/${c.id}/schools/${schoolId}`);
      await curator.locator('#questionnaire-title').waitFor();
      await audit(curator, `monitoring-submission-questionnaire-${i + 1}`);
    }
    expect(campaigns.length).toBeGreaterThan(0);
  });

  it('the regional operator’s pages (issue 15): the exports for the region, a campaign with its exports, an accepted snapshot', async () => {
    const region = await signedIn('region');
    await open(region, '/region/exports');
    await region.getByRole('link', { name: 'Показатели по школам' }).waitFor();
    await audit(region, 'region-exports');
    const accepted = await server.database.db
      .selectFrom('monitoring_submissions')
      .select(['campaign_id', 'organization_id'])
      .where('status', '=', 'accepted')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await open(region, `/monitoring/${accepted.campaign_id}`);
    await audit(region, 'region-campaign');
    await open(region, `/monitoring/${accepted.campaign_id}/schools/${accepted.organization_id}`);
    await region.getByText('Файлы школы доступны муниципалитету').waitFor();
    await audit(region, 'region-snapshot');
    await region.context().close();
  });

  it("a municipality's edit form, with its time zone (issue 14)", async () => {
    const admin = await signedIn('admin');
    const municipality = await server.database.db
      .selectFrom('organizations')
      .select('id')
      .where('type', '=', 'municipality')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await open(admin, `/organizations/${municipality.id}/edit`);
    await admin.getByLabel('Часовой пояс').waitFor();
    await audit(admin, 'organization-edit-municipality');
    await admin.context().close();
  });

  it('the notifications (issue 16): the bell in the header, the list at 1 366 and 375 px', async () => {
    const head = await signedIn('head');
    await open(head, '/notifications');
    // The count depends on what the earlier cases did (a report sent tells the head): any unread.
    await head.getByRole('link', { name: /^Уведомления: \d+ непрочитанн(ое|ых) уведомлени(е|я|й)$/ }).waitFor();
    await head.getByRole('button', { name: 'Отметить все прочитанными' }).waitFor();
    // An unread notice opens by its title, a form's button; a read one is a link to its page.
    await head.locator('.notification-unread .notification-title button').first().waitFor();
    await head.locator('.notification:not(.notification-unread) .notification-title a').first().waitFor();
    await head.setViewportSize({ width: 1366, height: 900 });
    await audit(head, 'notifications');
    await head.setViewportSize({ width: 375, height: 800 });
    await audit(head, 'notifications-375');
    await head.context().close();
  });

  it('the e-mail settings, the address block and the confirmation link pages (issue 16) at 1 366 and 375 px', async () => {
    const curator = await signedIn('curator');
    await open(curator, '/account/notifications');
    await curator.getByRole('radio', { name: 'Раз в день сводкой' }).waitFor();
    for (const [width, name] of [
      [1366, 'mail-settings'],
      [375, 'mail-settings-375'],
    ] as const) {
      await curator.setViewportSize({ width, height: 900 });
      await audit(curator, name);
    }
    await open(curator, '/account');
    await curator.getByRole('heading', { name: 'Электронная почта' }).waitFor();
    await audit(curator, 'account-email-375');
    await curator.context().close();

    // A link waiting for the department's address (the demo sends no mail: the row is made here).
    const { generateToken, hashToken } = await import('../../src/auth/tokens.js');
    const db = server.database.db;
    const department = await db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('login', '=', 'department')
      .executeTakeFirstOrThrow();
    const token = generateToken();
    await db
      .insertInto('email_confirmations')
      .values({
        user_id: department.id,
        email: department.email ?? 'e.smirnova@uo.zarechny.example.ru',
        token_hash: hashToken(token),
        expires_at: new Date(Date.now() + 3_600_000),
      })
      .execute();
    const page = await (await newContext()).newPage();
    await open(page, `/account/email/confirm/${token}`);
    await page.getByRole('button', { name: 'Подтвердить адрес' }).waitFor();
    await audit(page, 'email-confirm');
    await open(page, '/account/email/confirm/not-a-real-token', 404);
    await page.getByRole('heading', { level: 1, name: 'Ссылка недействительна' }).waitFor();
    await audit(page, 'email-confirm-invalid');
    await page.context().close();
  });

  it('the centre’s agreement of a document: sent, the coordinator’s list, the panel, a return without a comment; «Кого касается» searched (issue 17)', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    await open(curator, '/documents/new');
    // The demo school is big: «Кого касается» is a search (demo-documents.test.ts).
    await curator.locator('#field-concerns_q').fill('Иван');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Найти' }));
    await curator
      .getByRole('status')
      .filter({ hasText: /Найдено|никого не найдено/ })
      .waitFor();
    await audit(curator, 'document-new-search');
    await curator.locator('#field-type').selectOption('curator_order');
    await curator.locator('#field-status').selectOption('active');
    await curator.locator('#field-number').fill('77-о');
    await curator.locator('#field-document_date').fill('2026-11-30');
    await curator.setInputFiles('#field-file', { name: 'prikaz.pdf', mimeType: 'application/pdf', buffer: pdf });
    await submitAndWait(curator, curator.getByRole('button', { name: 'Добавить документ' }));
    const url = new URL(curator.url()).pathname;
    expect(url).toMatch(/^\/documents\/\d+$/);
    await submitAndWait(curator, curator.getByRole('button', { name: 'Отправить на согласование' }));
    await curator.getByText('отправлен на согласование, ждёт ответа методического центра').waitFor();
    await audit(curator, 'document-agreement-sent');
    await open(coordinator, '/centre-agreements');
    await coordinator.getByRole('link', { name: 'Приказ о назначении куратора № 77-о' }).waitFor();
    await audit(coordinator, 'centre-agreements');
    await open(coordinator, url);
    await submitAndWait(coordinator, coordinator.getByRole('button', { name: 'Вернуть на доработку' }));
    await coordinator.locator('.error-summary').waitFor();
    await audit(coordinator, 'document-agreement-errors');
  });

  it('the department’s approving order for documents the centre agreed, empty and with errors (issue 17)', async () => {
    const department = await signedIn('department');
    await open(department, '/centre-agreements/order');
    await department.getByRole('button', { name: 'Записать приказ' }).waitFor();
    await audit(department, 'centre-agreement-order');
    await department.getByRole('button', { name: 'Записать приказ' }).click();
    await department.getByRole('heading', { name: 'Проверьте форму' }).waitFor();
    await audit(department, 'centre-agreement-order-errors');
    await department.context().close();
  });

  it('the periodic jobs of the administrator, one run failed (issue 16)', async () => {
    const { runJobsOnce } = await import('../../src/cli/jobs.js');
    const { testConfig } = await import('../helpers/app.js');
    const config = testConfig({ JOBS_MAX_ATTEMPTS: '1' }).jobs;
    await runJobsOnce(server.database.db, config);
    const failing = {
      name: 'e2e-failing',
      title: 'Проверка отказа',
      everyMinutes: () => 60,
      run: async (): Promise<Record<string, number>> => {
        throw new Error('отказ для проверки');
      },
    };
    await runJobsOnce(server.database.db, config, { jobs: [failing] });
    const admin = await signedIn('admin');
    await open(admin, '/admin/jobs');
    await admin.getByRole('heading', { name: 'Неудачные запуски' }).waitFor();
    await admin.getByText('отказ для проверки').waitFor();
    await audit(admin, 'admin-jobs');
    await admin.context().close();
  });

  it('the unsubscribe link of a mail without logging in, and the page after it (issue 16), at 1 366 and 375 px', async () => {
    const { unsubscribeToken } = await import('../../src/modules/mail/settings.js');
    const token = await unsubscribeToken(server.database.db, await idOf('users', 'login', 'coordinator'));
    const page = await (await newContext()).newPage();
    await open(page, `/mail/unsubscribe/${token}`);
    await page.getByRole('heading', { level: 1, name: 'Отписаться от писем портала?' }).waitFor();
    await page.setViewportSize({ width: 1366, height: 900 });
    await audit(page, 'mail-unsubscribe');
    await page.setViewportSize({ width: 375, height: 800 });
    await audit(page, 'mail-unsubscribe-375');
    await submitAndWait(page, page.getByRole('button', { name: 'Отписаться' }));
    await page.getByRole('heading', { level: 1, name: 'Вы отписались от писем портала' }).waitFor();
    await audit(page, 'mail-unsubscribed');
    await open(page, `/mail/unsubscribe/${'a'.repeat(32)}`, 404);
    await page.getByRole('heading', { level: 1, name: 'Ссылка недействительна' }).waitFor();
    await audit(page, 'mail-unsubscribe-invalid');
    await page.context().close();
  });
  it('the diagnostic «до» of a pair and a pupil’s outcomes form, with errors (issue 18)', async () => {
    const db = server.database.db;
    const pair = await db
      .selectFrom('pairs')
      .innerJoin('pair_mentors', 'pair_mentors.pair_id', 'pairs.id')
      .innerJoin('mentors', 'mentors.id', 'pair_mentors.mentor_id')
      .innerJoin('pair_mentees', 'pair_mentees.pair_id', 'pairs.id')
      .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
      .select(['pairs.id', 'mentees.id as mentee_id'])
      .where('mentors.user_id', '=', mentorId)
      .where('pairs.status', '=', 'active')
      .where('mentees.category', '=', 'student')
      .executeTakeFirstOrThrow();
    const mentor = await signedIn('mentor');
    await open(mentor, `/pairs/${pair.id}/diagnostic/before`);
    await audit(mentor, 'impact-diagnostic');
    await submitAndWait(mentor, mentor.getByRole('button', { name: 'Отправить ответы' }));
    await audit(mentor, 'impact-diagnostic-errors');
    await mentor.context().close();
    await open(curator, `/pairs/${pair.id}/mentees/${pair.mentee_id}/outcome`);
    await audit(curator, 'impact-outcome');
    await curator.getByLabel('Отметка до').selectOption('3');
    await submitAndWait(curator, curator.getByRole('button', { name: 'Сохранить результаты' }));
    await audit(curator, 'impact-outcome-errors');
  });
});
