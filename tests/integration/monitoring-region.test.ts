import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import { installCatalogue } from '../../src/modules/indicators/install.js';
import type { FrozenCounts } from '../../src/modules/monitoring/counts.js';
import { schoolCounts } from '../../src/modules/monitoring/counts.js';
import type { FrozenFigures } from '../../src/modules/monitoring/submission.js';
import { createUser } from '../../src/modules/users/service.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { addCampaign } from '../helpers/monitoring.js';
import { addPair, daysAgo } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A regional operator `login` of the organisation `regionId`, its password PASSWORD. */
async function addRegionUser(login: string, regionId: number): Promise<void> {
  const db = t.database.db;
  const result = await createUser(db, t.world.adminActor, {
    login,
    full_name: `Регионов ${login} Иванович`,
    position: null,
    organization_id: regionId,
    role: 'region',
    email: null,
    phone: null,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(PASSWORD) })
    .where('id', '=', result.id)
    .execute();
}

/** Another region, with no municipality of A or B. */
async function otherRegion(): Promise<number> {
  const row = await t.database.db
    .insertInto('organizations')
    .values({ type: 'region', full_name: 'Соседняя область', short_name: 'Соседняя область' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function post(client: Client, url: string, form: Record<string, string> = {}) {
  await client.get(url.replace(/\/(approve|accept|reopen|send)$/, ''));
  return client.post(url, form);
}

/**
 * Municipality A's campaign with its first school's submission accepted (a draft with a document by
 * the curator, approved straight in the database, accepted by the coordinator); the second school's
 * stays «не начат».
 */
async function acceptedCampaign(overrides: Parameters<typeof addCampaign>[2] = {}) {
  const db = t.database.db;
  const school = t.world.a.school;
  const campaignId = await addCampaign(db, 'coordinator', overrides);
  const fields = await db
    .selectFrom('monitoring_fields')
    .select(['id', 'kind'])
    .where('campaign_id', '=', campaignId)
    .orderBy('position')
    .execute();
  const document = await db
    .selectFrom('monitoring_documents')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  const url = `/monitoring/${campaignId}/schools/${school}`;
  const curator = await signedIn(t.app, 'curator', PASSWORD);
  await curator.get(url);
  const values = Object.fromEntries(
    fields
      .filter((f) => f.kind === 'number' || f.kind === 'text')
      .map((f) => [`f_${f.id}`, f.kind === 'number' ? '14' : 'Клуб наставников']),
  );
  const saved = document
    ? await curator.upload(url, { name: 'Приказ.pdf', data: PDF, type: 'application/pdf', field: `doc_${document.id}` }, values)
    : await curator.post(url, values);
  expect(saved.statusCode, textOf(saved.body).slice(0, 400)).toBe(303);
  await db
    .updateTable('monitoring_submissions')
    .set({ status: 'approved' })
    .where('campaign_id', '=', campaignId)
    .where('organization_id', '=', school)
    .execute();
  const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
  expect((await post(coordinator, `${url}/accept`)).statusCode).toBe(303);
  return { campaignId, school, url, coordinator };
}

async function sheetRows(body: Buffer, name: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}: ${workbook.worksheets.map((w) => w.name).join(', ')}`);
  const rows: unknown[][] = [];
  sheet.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

describe('the regional operator', () => {
  it('reads its region’s campaigns and accepted snapshots only: no history, files, справка; other regions 404', async () => {
    const db = t.database.db;
    const { campaignId, school, url, coordinator } = await acceptedCampaign();
    const other = t.world.a.otherSchool;
    await addRegionUser('region', t.world.region);
    await addRegionUser('region.other', await otherRegion());
    const region = await signedIn(t.app, 'region', PASSWORD);

    // Home: the municipalities of the region with their campaigns and how many are accepted.
    const home = textOf((await region.get('/')).body);
    expect(home).toContain('Региональный оператор');
    expect(home).toContain('Округ А');
    expect(home).toContain('Округ Б');
    expect(home).toContain('Мониторинг наставничества');
    expect(home).toContain('принято 1 из 2');

    const list = await region.get('/monitoring');
    expect(list.statusCode).toBe(200);
    expect(textOf(list.body)).toContain('Округ А · Муниципальный');

    // The campaign's matrix: schools and states; only the accepted school is a link.
    const campaign = await region.get(`/monitoring/${campaignId}`);
    expect(campaign.statusCode).toBe(200);
    expect(campaign.body).toContain(`href="/monitoring/${campaignId}/schools/${school}"`);
    expect(campaign.body).not.toContain(`href="/monitoring/${campaignId}/schools/${other}"`);
    expect(textOf(campaign.body)).toContain('Школа А2');
    expect(campaign.body).toContain(`/monitoring/${campaignId}/exports/counts`);
    expect(campaign.body).not.toContain(`/monitoring/${campaignId}/edit`);

    // The accepted snapshot: figures, no names of people, no files, the note on files.
    const snapshot = await region.get(url);
    expect(snapshot.statusCode).toBe(200);
    const text = textOf(snapshot.body);
    expect(text).toContain('Число педагогов-наставников');
    expect(text).toContain('14');
    expect(text).toContain('Файлы школы доступны муниципалитету');
    expect(text).not.toContain('Клуб наставников');
    expect(text).not.toContain('Приказ.pdf');
    expect(text).not.toContain('Тестов coordinator');
    expect(text).not.toContain('Тестов curator');
    expect(text).not.toContain('История');
    const file = await db.selectFrom('monitoring_submission_files').select('id').executeTakeFirstOrThrow();
    expect((await coordinator.get(`${url}/files/${file.id}`)).statusCode).toBe(200);
    expect((await region.get(`${url}/files/${file.id}`)).statusCode).toBe(404);
    expect((await region.get(`${url}/report`)).statusCode).toBe(404);
    expect((await region.get(`${url}/report.docx`)).statusCode).toBe(404);
    // A submission not accepted: 404.
    expect((await region.get(`/monitoring/${campaignId}/schools/${other}`)).statusCode).toBe(404);
    // Exports of the campaign and of the region.
    expect((await region.get(`/monitoring/${campaignId}/exports/indicators`)).statusCode).toBe(200);
    expect((await region.get(`/monitoring/${campaignId}/exports/nonsense`)).statusCode).toBe(404);
    expect((await region.get('/region/exports')).statusCode).toBe(200);
    // Read-only: no act on a submission, no launch.
    expect((await post(region, `${url}/reopen`, { reason: 'Проверка' })).statusCode).toBe(403);
    expect((await region.get('/monitoring/new')).statusCode).toBe(403);
    // Every other part of the portal is refused, and the menu offers none of it.
    for (const path of [
      '/pairs',
      '/mentors',
      '/mentees',
      '/roadmaps',
      '/dashboard',
      '/surveys',
      '/organizations',
      '/users',
      '/registers',
      '/programmes',
      '/audit',
      '/reports/indicators.xlsx',
      `/organizations/${school}`,
    ]) {
      expect((await region.get(path)).statusCode, path).toBe(403);
    }
    const nav = (await region.get('/')).body.match(/<nav[\s\S]*?<\/nav>/)?.[0] ?? '';
    expect(nav).toContain('/monitoring');
    expect(nav).toContain('/region/exports');
    expect(nav).not.toContain('/pairs');
    expect(nav).not.toContain('/mentors');

    // Another region's operator: A's campaign is not its own.
    const foreign = await signedIn(t.app, 'region.other', PASSWORD);
    expect(textOf((await foreign.get('/')).body)).not.toContain('Округ А');
    expect(textOf((await foreign.get('/monitoring')).body)).not.toContain('Мониторинг наставничества');
    expect((await foreign.get(`/monitoring/${campaignId}`)).statusCode).toBe(404);
    expect((await foreign.get(url)).statusCode).toBe(404);
    expect((await foreign.get(`/monitoring/${campaignId}/exports/counts`)).statusCode).toBe(404);
    expect((await foreign.get('/region/exports')).statusCode).toBe(200);

    // The municipality: its coordinator and department export; B's coordinator 404; a curator 403.
    expect((await coordinator.get(`/monitoring/${campaignId}/exports/participants`)).statusCode).toBe(200);
    expect((await coordinator.get(`/monitoring/${campaignId}`)).body).toContain(`/monitoring/${campaignId}/exports/indicators`);
    const department = await signedIn(t.app, 'department', PASSWORD);
    expect((await department.get(`/monitoring/${campaignId}/exports/counts`)).statusCode).toBe(200);
    const coordinatorB = await signedIn(t.app, 'coordinator.b', PASSWORD);
    expect((await coordinatorB.get(`/monitoring/${campaignId}/exports/counts`)).statusCode).toBe(404);
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect((await curator.get(`/monitoring/${campaignId}/exports/counts`)).statusCode).toBe(403);
    expect((await coordinator.get('/region/exports')).statusCode).toBe(403);
  });

  it('reads the municipal summary of its region’s campaigns, without the schools’ text answers; another region 404', async () => {
    const { campaignId, coordinator } = await acceptedCampaign();
    await addRegionUser('region', t.world.region);
    await addRegionUser('region.other', await otherRegion());
    const region = await signedIn(t.app, 'region', PASSWORD);
    expect((await region.get(`/monitoring/${campaignId}`)).body).toContain(`/monitoring/${campaignId}/summary`);
    const page = await region.get(`/monitoring/${campaignId}/summary`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Итоги по 1 из 2 школ (принятые сведения)');
    expect(text).toContain('Текстовые ответы школ доступны муниципалитету');
    // The municipality reads the same summary with the school's text answer.
    const full = textOf((await coordinator.get(`/monitoring/${campaignId}/summary`)).body);
    expect(full).toContain('Клуб наставников');
    expect(text).not.toContain('Клуб наставников');
    const workbook = await region.get(`/monitoring/${campaignId}/summary.xlsx`);
    expect(workbook.statusCode).toBe(200);
    const sheets = new ExcelJS.Workbook();
    await sheets.xlsx.load(workbook.rawPayload as unknown as ArrayBuffer);
    const cells = sheets.worksheets.flatMap((w) => {
      const out: string[] = [];
      w.eachRow((row) => {
        out.push(JSON.stringify(row.values));
      });
      return out;
    });
    expect(cells.join(' ')).not.toContain('Клуб наставников');
    const foreign = await signedIn(t.app, 'region.other', PASSWORD);
    expect((await foreign.get(`/monitoring/${campaignId}/summary`)).statusCode).toBe(404);
    expect((await foreign.get(`/monitoring/${campaignId}/summary.xlsx`)).statusCode).toBe(404);
  });

  it('a campaign that has not opened yet is not the region’s', async () => {
    const campaignId = await addCampaign(t.database.db, 'coordinator', { opens_on: daysAgo(-3), deadline: daysAgo(-20) });
    await addRegionUser('region', t.world.region);
    const region = await signedIn(t.app, 'region', PASSWORD);
    expect((await region.get(`/monitoring/${campaignId}`)).statusCode).toBe(404);
    expect(textOf((await region.get('/')).body)).toContain('Открытых мониторингов нет');
  });

  it('the exports hold the accepted snapshots’ figures; the counts are frozen at acceptance', async () => {
    const db = t.database.db;
    const school = t.world.a.school;
    const codes = await installCatalogue(db, t.world.a.id, [school]);
    const year = Number(daysAgo(0).slice(0, 4));
    await db
      .insertInto('indicator_manual_values')
      .values({
        indicator_id: codes.get('Ш3') as number,
        organization_id: school,
        year,
        value: 40,
        numerator: null,
        denominator: null,
        evidence: 'Протокол',
      })
      .execute();
    // A group of one mentor (a teacher) and two mentees (a new teacher, a student), active since a month ago;
    // with the world's programme, the school has two.
    const pair = await addPair(db, t.world, 'a');
    await db
      .updateTable('pairs')
      .set({ activated_at: new Date(`${daysAgo(30)}T09:00:00Z`) })
      .where('id', '=', pair.id)
      .execute();
    const { campaignId, url, coordinator } = await acceptedCampaign({ indicators: ['Ш3'], documents: [] });

    const snapshot = await db
      .selectFrom('monitoring_snapshots')
      .select(['id', 'figures'])
      .where('superseded_at', 'is', null)
      .executeTakeFirstOrThrow();
    const figures = snapshot.figures as FrozenFigures;
    const counts = figures.counts as FrozenCounts;
    expect([counts.pairs, counts.groups, counts.mentors, counts.mentees, counts.programmes]).toEqual([1, 1, 1, 2, 2]);
    expect(counts.by_form.teacher_teacher).toEqual({ pairs: 1, mentors: 1, mentees: 2 });
    expect(counts.mentees_by_category.student).toBe(1);
    // Nothing personal in the snapshot's counts.
    expect(JSON.stringify(counts)).not.toContain('Ученикова');

    // The submission page and the справка show them.
    expect(textOf((await coordinator.get(url)).body)).toContain('Участники, пары и программы за период');
    expect(textOf((await coordinator.get(`${url}/report`)).body)).toContain(
      'наставников — 1, наставляемых — 2, пар и групп — 1 (из них групп — 1), программ наставничества — 2',
    );

    await addRegionUser('region', t.world.region);
    const region = await signedIn(t.app, 'region', PASSWORD);
    expect(textOf((await region.get(url)).body)).toContain('педагог – педагог');

    const indicators = await region.get(`/monitoring/${campaignId}/exports/indicators`);
    expect(indicators.headers['content-type']).toContain('spreadsheetml');
    const rows = await sheetRows(indicators.rawPayload, 'Показатели по школам');
    const header = rows[1] as string[];
    expect(header.slice(0, 5)).toEqual(['Муниципалитет', 'Школа', 'Ш3: значение', 'Ш3: числитель', 'Ш3: знаменатель']);
    const frozenШ3 = figures.computed.find((c) => c.code === 'Ш3');
    expect(rows.slice(2)).toEqual([
      [
        'Округ А',
        'Школа А1',
        Number(frozenШ3?.value),
        ...(frozenШ3?.numerator == null ? [] : [Number(frozenШ3.numerator), Number(frozenШ3.denominator)]),
      ],
    ]);
    expect(Number(frozenШ3?.value)).toBe(40);

    const countsRows = async () =>
      (await sheetRows((await region.get(`/monitoring/${campaignId}/exports/counts`)).rawPayload, 'Численность')).slice(2);
    expect(await countsRows()).toEqual([
      ['Округ А', 'Школа А1', 1, 2, 1, 1, 2],
      ['Округ А', 'всего по принятым отчётам', 1, 2, 1, 1, 2],
    ]);
    const participants = await sheetRows(
      (await coordinator.get(`/monitoring/${campaignId}/exports/participants`)).rawPayload,
      'По формам',
    );
    expect(participants).toContainEqual(['Округ А', 'Школа А1', 'педагог – педагог', 1, 1, 2]);
    const categories = await sheetRows(
      (await coordinator.get(`/monitoring/${campaignId}/exports/participants`)).rawPayload,
      'По категориям',
    );
    expect(categories).toContainEqual(['Округ А', 'Школа А1', 'наставляемый', 'обучающийся', 1]);
    const everything = JSON.stringify([participants, categories, rows]);
    for (const personal of ['Ученикова', 'Алиса', '2011']) expect(everything).not.toContain(personal);

    // The pair changes after acceptance: the live counts change, the export does not.
    await db.deleteFrom('pair_mentees').where('mentee_id', '=', pair.studentId).execute();
    await db.updateTable('pairs').set({ kind: 'traditional' }).where('id', '=', pair.id).execute();
    const campaign = await db.selectFrom('monitoring_campaigns').select(['period_start', 'period_end']).executeTakeFirstOrThrow();
    expect((await schoolCounts(db, campaign, school)).mentees).toBe(1);
    expect(await countsRows()).toEqual([
      ['Округ А', 'Школа А1', 1, 2, 1, 1, 2],
      ['Округ А', 'всего по принятым отчётам', 1, 2, 1, 1, 2],
    ]);

    // The region's export for the period: the same figures; the page names the campaign taken.
    const key = `${campaign.period_start}..${campaign.period_end}`;
    const page = textOf((await region.get('/region/exports')).body);
    expect(page).toContain('Мониторинг наставничества');
    expect(page).toContain('принято 1 из 2');
    expect(page).toContain('Округ Б');
    const regionRows = (
      await sheetRows((await region.get(`/region/exports/counts?period=${key}`)).rawPayload, 'Численность')
    ).slice(2);
    expect(regionRows[0]).toEqual(['Округ А', 'Школа А1', 1, 2, 1, 1, 2]);
    expect((await region.get('/region/exports/counts?period=1999-01-01..1999-12-31')).statusCode).toBe(404);
    expect((await region.get('/region/exports/counts')).statusCode).toBe(404);

    // A snapshot frozen before counts were taken: «нет данных».
    const { counts: _dropped, ...without } = figures;
    await db
      .updateTable('monitoring_snapshots')
      .set({ figures: JSON.stringify(without) })
      .where('id', '=', snapshot.id)
      .execute();
    expect((await countsRows())[0]).toEqual([
      'Округ А',
      'Школа А1',
      'нет данных',
      'нет данных',
      'нет данных',
      'нет данных',
      'нет данных',
    ]);
    expect(textOf((await region.get(url)).body)).toContain('Нет данных: отчёт принят до того');
  });

  it('the administrator gives a regional operator’s account in a region, never in a school', async () => {
    const admin = await signedIn(t.app, 'admin', PASSWORD);
    await admin.get('/users/new');
    const created = await admin.post('/users', {
      full_name: 'Регионова Ольга Петровна',
      login: 'regionova',
      organization_id: String(t.world.region),
      role: 'region',
    });
    expect(created.statusCode, textOf(created.body).slice(0, 400)).toBe(303);
    const row = await t.database.db
      .selectFrom('users')
      .select(['role'])
      .where('login', '=', 'regionova')
      .executeTakeFirstOrThrow();
    expect(row.role).toBe('region');
    expect(textOf((await admin.get('/users/new')).body)).toContain('Региональный оператор');
    const inSchool = await admin.post('/users', {
      full_name: 'Регионов Пётр',
      login: 'regionov',
      organization_id: String(t.world.a.school),
      role: 'region',
    });
    expect(inSchool.statusCode).toBe(400);
    expect(textOf(inSchool.body)).toContain('Роль «Региональный оператор» можно дать только сотруднику организации типа');
    // Nor does the coordinator give one.
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/users/new');
    const byCoordinator = await coordinator.post('/users', {
      full_name: 'Регионов Пётр',
      login: 'regionov2',
      organization_id: String(t.world.a.school),
      role: 'region',
    });
    expect(byCoordinator.statusCode).toBe(400);
    expect(
      await t.database.db.selectFrom('users').select('id').where('login', 'in', ['regionov', 'regionov2']).execute(),
    ).toEqual([]);
  });
});
