import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { beforeEach, describe, expect, it } from 'vitest';
import { installCatalogue } from '../../src/modules/indicators/install.js';
import { signedIn, testConfig, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld(process.env.DEBUG_LOG ? { config: testConfig({ LOG_LEVEL: 'error' }), logStream: process.stderr } : {});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(200, 0x41)]);

let codes: Map<string, number>;
beforeEach(async () => {
  codes = await installCatalogue(t.database.db, t.world.a.id, [t.world.a.school]);
});

function auditOf(entityType: string) {
  return t.database.db
    .selectFrom('audit_log')
    .select(['action', 'entity_id', 'changed_fields', 'user_id'])
    .where('entity_type', '=', entityType)
    .orderBy('id')
    .execute();
}

async function workbookOf(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

describe('the catalogue', () => {
  it('is seeded with the documents’ twelve indicators and their targets exactly', async () => {
    const department = await signedIn(t.app, 'department', PASSWORD);
    const text = textOf((await department.get('/indicators')).body);
    for (const code of ['М1', 'М2', 'М3', 'М4', 'М5', 'М6', 'Ш1', 'Ш2', 'Ш3', 'Ш4', 'Ш5', 'Ш6']) expect(text).toContain(code);
    // Regulation 7.7: 32/50/70, 0/5/10, blank, 10/20/30, blank/75/85, 65/75/85.
    expect(text).toMatch(/М1 Доля детей в возрасте от 10 до 19 лет[\s\S]*?32\s+50\s+70/);
    expect(text).toMatch(/М2 Доля детей и подростков[\s\S]*?0\s+5\s+10/);
    expect(text).toMatch(/М5 Уровень удовлетворенности наставляемых[\s\S]*?—\s+75\s+85/);
    const targets = await t.database.db
      .selectFrom('indicator_targets')
      .select(['year', 'value', 'wording'])
      .where('indicator_id', '=', codes.get('Ш3') as number)
      .where('organization_id', '=', t.world.a.school)
      .orderBy('year')
      .execute();
    expect(targets.map((r) => [r.year, r.value === null ? null : Number(r.value), r.wording])).toEqual([
      [2022, 80, 'Не менее 80%'],
      [2023, 100, '100%'],
      [2024, 100, '100%'],
    ]);
    const lowIsGood = await t.database.db
      .selectFrom('indicator_targets')
      .select(['value', 'wording'])
      .where('indicator_id', '=', codes.get('Ш2') as number)
      .execute();
    expect(lowIsGood.every((r) => r.value === null && r.wording === '-')).toBe(true);
  });

  it('the coordinator adds an indicator; wrong input is named in Russian', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/indicators/new');
    let response = await coordinator.post('/indicators', {
      code: 'М1',
      name: '',
      unit: 'count',
      level: 'school',
      method: 'partner_organizations',
      direction: 'higher',
    });
    expect(response.statusCode).toBe(400);
    const text = textOf(response.body);
    expect(text).toContain('Укажите наименование показателя');
    expect(text).toContain('считается только для муниципалитета');
    expect(text).toContain('это доля в процентах');
    response = await coordinator.post('/indicators', {
      code: 'м1',
      name: 'Дубль',
      unit: 'percent',
      level: 'both',
      method: 'manual',
      direction: 'higher',
    });
    expect(textOf(response.body)).toContain('Код «м1» уже есть в перечне');
    response = await coordinator.post('/indicators', {
      code: 'М7',
      name: 'Доля педагогов, прошедших курсы наставников',
      unit: 'percent',
      level: 'both',
      method: 'manual',
      direction: 'higher',
      source: 'Решение коллегии',
    });
    expect(response.statusCode).toBe(303);
    const id = Number(/\/indicators\/(\d+)\/targets/.exec(String(response.headers.location))?.[1]);
    await coordinator.get(`/indicators/${id}/targets`);
    response = await coordinator.post(`/indicators/${id}/targets`, {
      org: String(t.world.a.id),
      value_2025: '12,5',
      wording_2025: 'не менее 12,5 %',
      value_2026: 'много',
    });
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('Цель на 2026 год: введите число, например 12,5');
    response = await coordinator.post(`/indicators/${id}/targets`, {
      org: String(t.world.a.id),
      value_2025: '12,5',
      wording_2025: 'не менее 12,5 %',
    });
    expect(response.statusCode).toBe(303);
    const target = await t.database.db
      .selectFrom('indicator_targets')
      .selectAll()
      .where('indicator_id', '=', id)
      .executeTakeFirstOrThrow();
    expect([Number(target.value), target.wording, target.year]).toEqual([12.5, 'не менее 12,5 %', 2025]);
    expect((await auditOf('indicator')).map((a) => a.action)).toEqual(['create']);
    expect((await auditOf('indicator_target')).map((a) => a.action)).toEqual(['create']);
    // Archived, it leaves the dashboards.
    expect((await coordinator.post(`/indicators/${id}/archive`)).statusCode).toBe(303);
    expect(textOf((await coordinator.get('/dashboard')).body)).not.toContain('прошедших курсы наставников');
  });

  it('a curator sets its school’s own target, not another school’s, and not a municipality-only one', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const id = codes.get('М1') as number;
    await curator.get(`/indicators/${id}/targets`);
    expect(
      (await curator.post(`/indicators/${id}/targets`, { org: String(t.world.a.school), value_2026: '40' })).statusCode,
    ).toBe(303);
    expect(
      (await curator.post(`/indicators/${id}/targets`, { org: String(t.world.a.otherSchool), value_2026: '40' })).statusCode,
    ).toBe(404);
    expect((await curator.get(`/indicators/${codes.get('М4')}/targets`)).statusCode).toBe(404);
  });
});

describe('contingent and values entered by hand', () => {
  it('the coordinator enters the municipality’s contingent; a bad figure names its field', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/contingent?year=2025');
    let response = await coordinator.post('/contingent', {
      org: String(t.world.a.id),
      year: '2025',
      value_children_10_19: '1 250',
      value_children_15_19: '-3',
      note_children_10_19: 'Росстат',
    });
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('Значение: введите целое число без знаков, например 1250');
    response = await coordinator.post('/contingent', {
      org: String(t.world.a.id),
      year: '2025',
      value_children_10_19: '1 250',
      note_children_10_19: 'Росстат',
      value_enterprises: '24',
    });
    expect(response.statusCode).toBe(303);
    const rows = await t.database.db
      .selectFrom('contingents')
      .select(['kind', 'value', 'note', 'updated_by'])
      .where('organization_id', '=', t.world.a.id)
      .orderBy('kind')
      .execute();
    expect(rows.map((r) => [r.kind, r.value, r.note])).toEqual([
      ['children_10_19', 1250, 'Росстат'],
      ['enterprises', 24, null],
    ]);
    expect((await auditOf('contingent'))[0]?.changed_fields).toEqual(['children_10_19', 'enterprises']);
    // Emptying a figure removes it.
    await coordinator.post('/contingent', {
      org: String(t.world.a.id),
      year: '2025',
      value_children_10_19: '1250',
      note_children_10_19: 'Росстат',
    });
    expect(
      await t.database.db.selectFrom('contingents').select('kind').where('organization_id', '=', t.world.a.id).execute(),
    ).toEqual([{ kind: 'children_10_19' }]);
  });

  it('a curator enters its school’s value with evidence and a document; the explanation shows them', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const id = codes.get('Ш3') as number;
    const url = `/indicators/${id}/values/${t.world.a.school}`;
    await curator.get(`${url}?year=2025`);
    let response = await curator.post(url, { year: '2025', value: '', numerator: '7', denominator: '', evidence: '' });
    expect(response.statusCode).toBe(400);
    let text = textOf(response.body);
    expect(text).toContain('Опишите, чем подтверждается значение');
    expect(text).toContain('Укажите и числитель, и знаменатель');
    response = await curator.upload(
      url,
      { name: 'protocol.exe', data: EXE },
      { year: '2025', numerator: '5', denominator: '6', evidence: 'Протокол № 4' },
    );
    expect(response.statusCode).toBe(400);
    expect(await t.database.db.selectFrom('indicator_manual_values').select('value').execute()).toEqual([]);
    response = await curator.upload(
      url,
      { name: 'Протокол.pdf', data: PDF, type: 'application/pdf' },
      { year: '2025', numerator: '5', denominator: '6', evidence: 'Протокол методсовета № 4' },
    );
    expect(response.statusCode).toBe(303);
    const saved = await t.database.db.selectFrom('indicator_manual_values').selectAll().executeTakeFirstOrThrow();
    expect([Number(saved.value), saved.numerator, saved.denominator, saved.evidence_file_id !== null]).toEqual([
      83.3,
      5,
      6,
      true,
    ]);
    const explained = await curator.get(`/dashboard/indicators/${id}/organizations/${t.world.a.school}?year=2025`);
    text = textOf(explained.body);
    expect(text).toContain('Протокол методсовета № 4');
    expect(text).toContain('5 из 6');
    const file = await curator.get(`${url}/file?year=2025`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The coordinator enters values for the municipality only; a school's value is its curator's.
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect((await coordinator.get(`${url}?year=2025`)).statusCode).toBe(403);
    // A computed indicator has no manual value.
    expect((await curator.get(`/indicators/${codes.get('Ш1')}/values/${t.world.a.school}?year=2025`)).statusCode).toBe(404);
    expect((await auditOf('indicator_value')).map((a) => a.action)).toEqual(['create']);
  });
});

describe('reports for the region', () => {
  it('exports every indicator × every school, and the counts by form and category', async () => {
    const db = t.database.db;
    await db
      .insertInto('contingents')
      .values({ organization_id: t.world.a.id, year: 2025, kind: 'children_10_19', value: 200 })
      .execute();
    const department = await signedIn(t.app, 'department', PASSWORD);
    const response = await department.get('/reports/indicators.xlsx?year=2025');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = await workbookOf(response.rawPayload);
    const sheet = workbook.getWorksheet('Показатели 2025');
    const header = ((sheet?.getRow(3).values as unknown[] | undefined) ?? []).slice(1);
    expect(header.slice(0, 4)).toEqual(['Организация', 'М1: факт', 'М1: цель', 'М1: статус']);
    const municipal = ((sheet?.getRow(4).values as unknown[] | undefined) ?? []).slice(1);
    // 0 of 200 is a real 0 %; the target for 2025 is not set in the regulation.
    expect(municipal.slice(1, 4)).toEqual([0, undefined, 'цель не задана']);
    // М4 is not counted for schools.
    const schoolRow = ((sheet?.getRow(5).values as unknown[] | undefined) ?? []).slice(1);
    expect(schoolRow[header.indexOf('М4: факт')]).toBe('не считается');
    expect(workbook.getWorksheet('Перечень показателей')?.rowCount).toBe(13);

    const participants = await department.get('/reports/participants.xlsx?year=2025');
    const sheets = (await workbookOf(participants.rawPayload)).worksheets.map((w) => w.name);
    expect(sheets).toEqual(['По формам', 'По категориям', 'Итого']);
  });

  it('the coordinator writes the conclusions of the analytical report; the department reads them', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/reports/analytical?year=2025');
    let response = await coordinator.post('/reports/analytical', { year: '2025', conclusions: ' ' });
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('Напишите выводы и предложения справки');
    response = await coordinator.post('/reports/analytical', {
      year: '2025',
      conclusions: 'Охват обучающихся ниже цели: расширить форму «ученик – ученик».',
    });
    expect(response.statusCode).toBe(303);
    const department = await signedIn(t.app, 'department', PASSWORD);
    const text = textOf((await department.get('/reports/analytical?year=2025')).body);
    expect(text).toContain('Аналитическая справка');
    expect(text).toContain('расширить форму «ученик – ученик»');
    expect(text).not.toContain('Сохранить выводы');
    expect((await department.post('/reports/analytical', { year: '2025', conclusions: 'x' })).statusCode).toBe(403);
    expect((await auditOf('analytical_report')).map((a) => a.action)).toEqual(['create']);
  });
});

describe('the analytical report’s sentences', () => {
  async function name(id: number, full_name: string, forms: { genitive?: string; prepositional?: string } = {}) {
    await t.database.db
      .updateTable('organizations')
      .set({ full_name, full_name_genitive: forms.genitive ?? null, full_name_prepositional: forms.prepositional ?? null })
      .where('id', '=', id)
      .execute();
  }

  async function docxText(body: Buffer): Promise<string> {
    const xml = (await (await JSZip.loadAsync(body)).file('word/document.xml')?.async('string')) ?? '';
    return xml
      .replace(/<\/w:p>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  }

  it('declines the municipality and the centre, on the print page and in the .docx, which opens', async () => {
    // Names saved before their forms were kept: the rule's guess.
    await name(t.world.a.id, 'Заречный муниципальный округ');
    await name(t.world.a.center, 'Муниципальное казённое учреждение «Информационно-методический центр»');
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/reports/analytical?year=2025');
    await coordinator.post('/reports/analytical', { year: '2025', conclusions: 'Первый вывод.\nВторой вывод.' });
    const department = await signedIn(t.app, 'department', PASSWORD);
    const page = textOf((await department.get('/reports/analytical?year=2025')).body).replace(/\s+/g, ' ');
    expect(page).toContain('о реализации целевой модели наставничества в Заречном муниципальном округе за 2025 год');
    expect(page).toContain(
      'Подготовлена специалистами Муниципального казённого учреждения «Информационно-методический центр» по данным портала «Наставничество»',
    );
    expect(page).toContain('Скачать справку для редактирования (.docx)');
    expect(page).not.toMatch(/в Заречный|Подготовлена Муниципальное/);

    const docx = await department.get('/reports/analytical.docx?year=2025');
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('Аналитическая справка 2025.docx')}`,
    );
    const text = await docxText(docx.rawPayload);
    for (const line of [
      'Аналитическая справка',
      'о реализации целевой модели наставничества',
      'в Заречном муниципальном округе за 2025 год',
      '1. Общие сведения',
      '2. Показатели реализации целевой модели',
      '4. Участники по формам наставничества',
      '5. Исполнение дорожных карт',
      '6. Выводы и предложения',
      'Первый вывод.',
      'Второй вывод.',
    ])
      expect(text.split('\n')).toContain(line);
    expect(text).toContain('Подготовлена специалистами Муниципального казённого учреждения «Информационно-методический центр»');
    expect(text).toMatch(/В 2025 году в парах и группах наставничества работали \d+ наставник/);
    expect(text).toContain('М1');

    // Forms a person corrected win over the rule; a municipality without a centre: the coordinator.
    await name(t.world.a.id, 'Город Энск', { prepositional: 'городе Энске' });
    await t.database.db
      .updateTable('organizations')
      .set({ type: 'partner', partner_kind: 'other' })
      .where('id', '=', t.world.a.center)
      .execute();
    const again = await docxText((await department.get('/reports/analytical.docx?year=2025')).rawPayload);
    expect(again).toContain('в городе Энске за 2025 год');
    expect(again).toContain('Подготовлена муниципальным координатором по данным портала');
    expect(textOf((await department.get('/reports/analytical?year=2025')).body).replace(/\s+/g, ' ')).toContain(
      'в городе Энске за 2025 год',
    );
  });
});
