import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/types.js';
import { installCatalogue } from '../../src/modules/indicators/install.js';
import { createOrganization } from '../../src/modules/organizations/service.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { addCampaign } from '../helpers/monitoring.js';
import { daysAgo } from '../helpers/pair-fixtures.js';
import { type Suite, useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

async function post(client: Client, url: string, form: Record<string, string> = {}) {
  await client.get(url.replace(/\/(approve|accept|reopen|send)$/, ''));
  return client.post(url, form);
}

/** A third school of municipality A, so that one school can stay unaccepted. */
async function thirdSchool(s: Suite): Promise<number> {
  const result = await createOrganization(s.database.db, s.world.adminActor, {
    type: 'school',
    parent_id: s.world.a.id,
    full_name: 'Школа А3',
    short_name: 'Школа А3',
    full_name_genitive: null,
    full_name_prepositional: null,
    school_kind: 'general',
    is_resource_center: false,
    partner_kind: null,
    inn: null,
    address: null,
    head_name: null,
    head_position: null,
    phone: null,
    email: null,
    website: null,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

/** Ш3 (a percentage entered with its numerator and denominator) of a school for the campaign's year. */
async function setШ3(db: Kysely<Database>, indicatorId: number, school: number, numerator: number, denominator: number) {
  const value = Math.round((numerator / denominator) * 1000) / 10;
  await db
    .insertInto('indicator_manual_values')
    .values({
      indicator_id: indicatorId,
      organization_id: school,
      year: Number(daysAgo(0).slice(0, 4)),
      value,
      numerator,
      denominator,
      evidence: 'Протокол',
    })
    .onConflict((oc) => oc.columns(['indicator_id', 'organization_id', 'year']).doUpdateSet({ value, numerator, denominator }))
    .execute();
}

interface Scene {
  campaignId: number;
  schools: { a1: number; a2: number; a3: number };
  ш3: number;
  coordinator: Client;
}

/**
 * A campaign of municipality A with Ш3 and a field of every kind; Школа А1 and А2 accepted (Ш3
 * 1 из 2 and 1 из 8), Школа А3 approved but not accepted (Ш3 8 из 8, 1000 mentors).
 */
async function scene(): Promise<Scene> {
  const db = t.database.db;
  const a1 = t.world.a.school;
  const a2 = t.world.a.otherSchool;
  const a3 = await thirdSchool(t);
  const codes = await installCatalogue(db, t.world.a.id, [a1, a2, a3]);
  const ш3 = codes.get('Ш3') as number;
  await setШ3(db, ш3, a1, 1, 2);
  await setШ3(db, ш3, a2, 1, 8);
  await setШ3(db, ш3, a3, 8, 8);
  const campaignId = await addCampaign(db, 'coordinator', {
    indicators: ['Ш3'],
    documents: [],
    fields: [
      { kind: 'number', label: 'Число педагогов-наставников', hint: null, required: true, options: [] },
      { kind: 'yes_no', label: 'Положение утверждено', hint: null, required: false, options: [] },
      { kind: 'choice', label: 'Форма работы', hint: null, required: false, options: ['Клуб', 'Секция'] },
      { kind: 'percent', label: 'Доля молодых педагогов', hint: null, required: false, options: [] },
      { kind: 'table', label: 'Лучшие практики', hint: null, required: false, options: ['Практика'] },
      { kind: 'text', label: 'Трудности', hint: null, required: false, options: [] },
    ],
  });
  const fields = await db.selectFrom('monitoring_fields').select(['id', 'kind']).where('campaign_id', '=', campaignId).execute();
  const id = (kind: string) => fields.find((f) => f.kind === kind)?.id ?? 0;
  const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
  const fill = async (school: number, values: Record<string, unknown>, accept: boolean) => {
    const submission = await db
      .selectFrom('monitoring_submissions')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .where('organization_id', '=', school)
      .executeTakeFirstOrThrow();
    for (const [kind, value] of Object.entries(values))
      await db
        .insertInto('monitoring_values')
        .values({ submission_id: submission.id, field_id: id(kind), value: JSON.stringify(value), updated_by: null })
        .execute();
    await db.updateTable('monitoring_submissions').set({ status: 'approved' }).where('id', '=', submission.id).execute();
    if (accept) expect((await post(coordinator, `/monitoring/${campaignId}/schools/${school}/accept`)).statusCode).toBe(303);
  };
  await fill(
    a1,
    { number: '14', yes_no: 'yes', choice: 'Клуб', percent: '37,5', table: [['Клуб'], ['Школа']], text: 'Мало времени' },
    true,
  );
  await fill(a2, { number: '6', yes_no: 'no', choice: 'Клуб', percent: '20', table: [['Семинар']], text: '' }, true);
  await fill(a3, { number: '1000', yes_no: 'yes', choice: 'Секция', percent: '99', table: [], text: 'Не принято' }, false);
  return { campaignId, schools: { a1, a2, a3 }, ш3, coordinator };
}

async function workbookOf(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

describe('the municipal summary of a campaign', () => {
  it('totals the accepted snapshots only (a percentage as Σ numerators / Σ denominators); the .xlsx has the same numbers; later changes do not touch it', async () => {
    const s = await scene();
    const url = `/monitoring/${s.campaignId}/summary`;
    const response = await s.coordinator.get(url);
    expect(response.statusCode).toBe(200);
    const text = textOf(response.body);
    expect(text).toContain('Итоги по 2 из 3 школ (принятые сведения)');
    // Ш3: 1 из 2 and 1 из 8 → 2 из 10 = 20 % (the mean of 50 % and 12,5 % would be 31,3 %).
    expect(text).toContain('Муниципалитет (итог) 20 % 2 из 10');
    expect(text).not.toContain('31,3');
    expect(text).toContain('50 % 1 из 2');
    expect(text).toContain('12,5 % 1 из 8');
    // Numbers summed (with the mean), yes/no, choices per option, typed percentages averaged, table rows summed.
    expect(text).toContain('20 (в среднем 10 по 2 школам)');
    expect(text).toContain('да: 1 из 2');
    expect(text).toContain('Клуб — 2; Секция — 0');
    expect(text).toContain('28,8 % (среднее по 2 школам)');
    expect(text).toMatch(/20 \(в среднем 10 по 2 школам\) да: 1 из 2 Клуб — 2; Секция — 0 28,8 % \(среднее по 2 школам\) 3/);
    expect(text).toContain('Мало времени');
    // The unaccepted school is listed with its state, and none of its figures enter.
    expect(text).toContain('Школа А3 — не принят (утверждён руководителем ОО)');
    expect(text).not.toContain('1000');
    expect(text).not.toContain('1 000');
    expect(text).not.toContain('Не принято');
    expect(text).toContain('сумма числителей, делённая на сумму знаменателей');

    // The .xlsx: numeric cells matching the page.
    const xlsx = await s.coordinator.get(`${url}.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const sheet = (await workbookOf(xlsx.rawPayload)).getWorksheet('Сводка');
    if (!sheet) throw new Error('no sheet');
    const header = Array.from(sheet.getRow(4).values as unknown[], (v) => String(v ?? ''));
    const col = (name: string) => header.findIndex((h) => h.startsWith(name));
    const rowOf = (name: string) => {
      for (let r = 5; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(1).value === name) return sheet.getRow(r);
      throw new Error(`no row ${name}`);
    };
    const total = rowOf('Муниципалитет (итог)');
    const a1 = rowOf('Школа А1');
    const value = (row: ExcelJS.Row, name: string) => row.getCell(col(name)).value;
    expect(
      value(
        total,
        'Ш3. Доля молодых педагогов, у которых повысился профессиональный уровень (сформированы профессиональные умения, навыки, накоплен педагогический опыт), %',
      ),
    ).toBe(20);
    expect(
      value(
        total,
        'Ш3. Доля молодых педагогов, у которых повысился профессиональный уровень (сформированы профессиональные умения, навыки, накоплен педагогический опыт): числитель',
      ),
    ).toBe(2);
    expect(
      value(
        total,
        'Ш3. Доля молодых педагогов, у которых повысился профессиональный уровень (сформированы профессиональные умения, навыки, накоплен педагогический опыт): знаменатель',
      ),
    ).toBe(10);
    expect(
      value(
        a1,
        'Ш3. Доля молодых педагогов, у которых повысился профессиональный уровень (сформированы профессиональные умения, навыки, накоплен педагогический опыт), %',
      ),
    ).toBe(50);
    expect(value(total, 'Число педагогов-наставников')).toBe(20);
    expect(value(a1, 'Число педагогов-наставников')).toBe(14);
    expect(value(total, 'Положение утверждено')).toBe(1);
    expect(value(total, 'Форма работы: Клуб')).toBe(2);
    expect(value(total, 'Доля молодых педагогов')).toBe(28.8);
    expect(value(total, 'Лучшие практики')).toBe(3);
    expect(rowOf('Школа А3').getCell(2).value).toBe('не принят (утверждён руководителем ОО)');
    expect(rowOf('Школа А3').getCell(col('Число педагогов-наставников')).value ?? null).toBeNull();

    // The bases change after acceptance: the live figure moves, the summary does not.
    await setШ3(t.database.db, s.ш3, s.schools.a1, 2, 2);
    await setШ3(t.database.db, s.ш3, s.schools.a2, 8, 8);
    const live = textOf((await s.coordinator.get(`/dashboard/indicators/${s.ш3}`)).body);
    expect(live).toContain('100 %');
    const after = textOf((await s.coordinator.get(url)).body);
    expect(after).toContain('Муниципалитет (итог) 20 % 2 из 10');
    expect(after).not.toContain('100 %');
  });

  it('is the campaign municipality’s coordinator’s and department’s; everyone else gets 404, a visitor the login page', async () => {
    const campaignId = await addCampaign(t.database.db, 'coordinator');
    const url = `/monitoring/${campaignId}/summary`;
    for (const login of ['coordinator', 'department']) {
      const client = await signedIn(t.app, login, PASSWORD);
      expect((await client.get(url)).statusCode, login).toBe(200);
      expect((await client.get(`${url}.xlsx`)).statusCode, login).toBe(200);
      expect((await client.get(`/monitoring/${campaignId}`)).body, login).toContain(`href="${url}"`);
    }
    const empty = textOf((await (await signedIn(t.app, 'coordinator', PASSWORD)).get(url)).body);
    expect(empty).toContain('Итоги по 0 из 2 школ (принятые сведения)');
    expect(empty).toContain('Принятых отчётов пока нет');
    for (const login of ['coordinator.b', 'department.b', 'curator', 'school_head', 'mentor', 'mentee', 'admin']) {
      const client = await signedIn(t.app, login, PASSWORD);
      expect((await client.get(url)).statusCode, login).toBe(404);
      expect((await client.get(`${url}.xlsx`)).statusCode, login).toBe(404);
    }
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect((await curator.get(`/monitoring/${campaignId}`)).body).not.toContain(url);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect((await coordinator.get('/monitoring/999999/summary')).statusCode).toBe(404);
    const anonymous = await t.app.inject({ method: 'GET', url });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    expect((await t.app.inject({ method: 'GET', url: `${url}.xlsx` })).headers.location).toMatch(/^\/login\?next=/);
  });

  it('feeds the analytical report «по итогам мониторинга»: the page, the .docx and the .xlsx keep the frozen figures while the live report moves', async () => {
    const s = await scene();
    const year = Number(daysAgo(0).slice(0, 4));
    const asOf = daysAgo(5).split('-').reverse().join('.');
    const frozenUrl = `/reports/analytical?campaign=${s.campaignId}`;
    const liveUrl = `/reports/analytical?year=${year}`;
    const basis = `по итогам мониторинга «Мониторинг наставничества» по состоянию на ${asOf}, принято 2 из 3 школ`;
    let live = await s.coordinator.get(liveUrl);
    expect(live.statusCode).toBe(200);
    // The select offers the campaign; the live report does not claim to be the campaign's.
    expect(live.body).toMatch(new RegExp(`<option value="${s.campaignId}">по итогам мониторинга «Мониторинг наставничества»`));
    expect(textOf(live.body)).not.toContain(basis);
    let frozen = textOf((await s.coordinator.get(frozenUrl)).body);
    expect(frozen).toContain(basis);
    expect(frozen).toMatch(/Школа А1 50 %/);
    expect(frozen).toMatch(/Школа А2 12,5 %/);
    // The unaccepted school is not among the campaign's figures.
    expect(frozen).not.toMatch(/<th scope="row" class="doc-school">Школа А3/);

    const xlsxCell = async (url: string, school: string) => {
      const response = await s.coordinator.get(url);
      expect(response.statusCode).toBe(200);
      const sheet = (await workbookOf(response.rawPayload)).worksheets[0];
      if (!sheet) throw new Error('no sheet');
      let headerRow = 1;
      while (sheet.getRow(headerRow).getCell(1).value !== 'Организация') headerRow++;
      const header = Array.from(sheet.getRow(headerRow).values as unknown[], (v) => String(v ?? ''));
      for (let r = headerRow + 1; r <= sheet.rowCount; r++)
        if (sheet.getRow(r).getCell(1).value === school) return sheet.getRow(r).getCell(header.indexOf('Ш3: факт')).value;
      throw new Error(`no ${school}`);
    };
    expect(await xlsxCell(`/reports/indicators.xlsx?campaign=${s.campaignId}`, 'Школа А1')).toBe(50);
    expect(await xlsxCell(`/reports/indicators.xlsx?campaign=${s.campaignId}`, 'Школа А3')).toBe('нет данных');
    expect(await xlsxCell(`/reports/indicators.xlsx?year=${year}`, 'Школа А3')).toBe(100);

    // The data change after acceptance: the live report follows, the campaign's does not.
    await setШ3(t.database.db, s.ш3, s.schools.a1, 2, 2);
    live = await s.coordinator.get(liveUrl);
    expect(textOf(live.body)).toMatch(/Школа А1[^Ш]*?100 %/);
    frozen = textOf((await s.coordinator.get(frozenUrl)).body);
    expect(frozen).toMatch(/Школа А1 50 %/);
    expect(await xlsxCell(`/reports/indicators.xlsx?year=${year}`, 'Школа А1')).toBe(100);
    expect(await xlsxCell(`/reports/indicators.xlsx?campaign=${s.campaignId}`, 'Школа А1')).toBe(50);
    const docx = await s.coordinator.get(`/reports/analytical.docx?campaign=${s.campaignId}`);
    expect(docx.statusCode).toBe(200);
    const docText = (await mammoth.extractRawText({ buffer: docx.rawPayload })).value.replace(/\s+/g, ' ');
    expect(docText).toContain(basis);
    expect(docText).toMatch(/Школа А1 50 %/);
    expect(docText).not.toMatch(/Школа А1 100 %/);

    // The conclusions written on the campaign's report come back to it.
    await s.coordinator.get(frozenUrl);
    const saved = await s.coordinator.post('/reports/analytical', {
      year: String(year),
      campaign: String(s.campaignId),
      conclusions: 'Итоги мониторинга обсуждены на совещании.',
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(frozenUrl);

    // Another municipality's coordinator and department: 404 for the campaign, in every form.
    for (const login of ['coordinator.b', 'department.b']) {
      const other = await signedIn(t.app, login, PASSWORD);
      for (const url of [
        frozenUrl,
        `/reports/analytical.docx?campaign=${s.campaignId}`,
        `/reports/indicators.xlsx?campaign=${s.campaignId}`,
      ])
        expect((await other.get(url)).statusCode, `${login} ${url}`).toBe(404);
      expect((await other.get(`/reports/analytical?year=${year}`)).body).not.toContain('Мониторинг наставничества');
    }
  });
});
