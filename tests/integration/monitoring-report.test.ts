import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { installCatalogue } from '../../src/modules/indicators/install.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { addCampaign } from '../helpers/monitoring.js';
import { daysAgo } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function post(client: Client, url: string, form: Record<string, string> = {}) {
  await client.get(url.replace(/\/(approve|accept|reopen|send)$/, ''));
  return client.post(url, form);
}

const docxText = async (body: Buffer) => (await mammoth.extractRawText({ buffer: body })).value.replace(/\s+/g, ' ');

describe('the school’s справка of a submission', () => {
  it('is made from the accepted snapshot only: the page and the .docx; live changes do not change it; a re-open takes it away', async () => {
    const db = t.database.db;
    const school = t.world.a.school;
    await db
      .updateTable('organizations')
      .set({
        full_name: 'Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»',
        full_name_genitive: null,
        full_name_prepositional: null,
      })
      .where('id', '=', school)
      .execute();
    await db.updateTable('users').set({ position: 'Директор' }).where('login', '=', 'school_head').execute();
    const head = await db.selectFrom('users').select('full_name').where('login', '=', 'school_head').executeTakeFirstOrThrow();
    const codes = await installCatalogue(db, t.world.a.id, [school]);
    const year = Number(daysAgo(0).slice(0, 4));
    const manual = (value: number) =>
      db
        .insertInto('indicator_manual_values')
        .values({
          indicator_id: codes.get('Ш3') as number,
          organization_id: school,
          year,
          value,
          numerator: null,
          denominator: null,
          evidence: 'Протокол',
        })
        .onConflict((oc) => oc.columns(['indicator_id', 'organization_id', 'year']).doUpdateSet({ value }))
        .execute();
    await manual(40);
    const campaignId = await addCampaign(db, 'coordinator', {
      indicators: ['Ш3'],
      fields: [
        { kind: 'number', label: 'Число педагогов-наставников', hint: null, required: true, options: [] },
        { kind: 'yes_no', label: 'Положение о наставничестве утверждено', hint: null, required: true, options: [] },
        { kind: 'percent', label: 'Доля молодых педагогов', hint: null, required: true, options: [] },
        { kind: 'table', label: 'Лучшие практики', hint: null, required: false, options: ['Практика', 'Форма'] },
      ],
    });
    const fields = await db
      .selectFrom('monitoring_fields')
      .select(['id', 'kind'])
      .where('campaign_id', '=', campaignId)
      .orderBy('position')
      .execute();
    const id = (kind: string) => fields.find((f) => f.kind === kind)?.id ?? 0;
    const document = await db
      .selectFrom('monitoring_documents')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .executeTakeFirstOrThrow();
    const url = `/monitoring/${campaignId}/schools/${school}`;

    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    // Not accepted yet: no справка, and the page says when it appears; no link on the submission page.
    let response = await coordinator.get(`${url}/report`);
    expect(response.statusCode).toBe(409);
    expect(textOf(response.body)).toContain('Справка появится, когда отчёт школы будет принят');
    expect((await coordinator.get(`${url}/report.docx`)).statusCode).toBe(409);
    expect(textOf((await coordinator.get(url)).body)).not.toContain('Справка о результатах мониторинга');

    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.get(url);
    response = await curator.upload(
      `${url}/send`,
      { name: 'Приказ.pdf', data: PDF, type: 'application/pdf', field: `doc_${document.id}` },
      {
        [`f_${id('number')}`]: '14',
        [`f_${id('yes_no')}`]: 'yes',
        [`f_${id('percent')}`]: '37,5',
        [`f_${id('table')}_0_0`]: 'Клуб молодого педагога',
        [`f_${id('table')}_0_1`]: 'учитель — учитель',
      },
    );
    expect(response.statusCode, textOf(response.body).slice(0, 600)).toBe(303);
    const headClient = await signedIn(t.app, 'school_head', PASSWORD);
    await post(headClient, `${url}/approve`);
    expect((await post(coordinator, `${url}/accept`)).statusCode).toBe(303);
    expect(textOf((await coordinator.get(url)).body)).toContain('Справка о результатах мониторинга (печатная форма)');

    const expected = [
      'Справка',
      'о результатах мониторинга «Мониторинг наставничества»',
      'в Муниципальном бюджетном общеобразовательном учреждении «Средняя школа № 1»',
      'Отчёт Муниципального бюджетного общеобразовательного учреждения «Средняя школа № 1» принят',
      'по состоянию на',
      '40 %',
      'Число педагогов-наставников',
      '14',
      'Положение о наставничестве утверждено',
      'да',
      '37,5 %',
      'Клуб молодого педагога',
      'учитель — учитель',
      'Приказ о закреплении наставников: Приказ.pdf',
      'Директор',
      head.full_name,
    ];
    const check = (text: string) => {
      for (const part of expected) expect(text).toContain(part);
    };
    const page = await coordinator.get(`${url}/report`);
    expect(page.statusCode).toBe(200);
    check(textOf(page.body));
    // The table is a table with its columns' headings.
    expect(page.body).toMatch(/<th scope="col">Практика<\/th><th scope="col">Форма<\/th>/);
    const docx = await coordinator.get(`${url}/report.docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.headers['content-disposition']).toMatch(/^attachment; filename="Spravka [ -~]+\.docx"; filename\*=UTF-8''%D0%A1/);
    check(await docxText(docx.rawPayload));

    // The live data changes: the справка keeps the accepted figures.
    await manual(75);
    const after = textOf((await coordinator.get(`${url}/report`)).body);
    expect(after).toContain('40 %');
    expect(after).not.toContain('75 %');
    expect(await docxText((await coordinator.get(`${url}/report.docx`)).rawPayload)).not.toContain('75 %');

    // The school's curator and head and the department see it too.
    for (const login of ['curator', 'school_head', 'department']) {
      const client = await signedIn(t.app, login, PASSWORD);
      expect((await client.get(`${url}/report`)).statusCode, login).toBe(200);
    }

    // Re-opened: the old snapshot is no longer the справка until the submission is accepted again.
    expect((await post(coordinator, `${url}/reopen`, { reason: 'Ошибка в числе наставников' })).statusCode).toBe(303);
    expect((await coordinator.get(`${url}/report`)).statusCode).toBe(409);
    expect((await coordinator.get(`${url}/report.docx`)).statusCode).toBe(409);
    expect(textOf((await coordinator.get(url)).body)).not.toContain('Справка о результатах мониторинга (печатная форма)');
  });

  it('without a head on the portal the signature has blank lines; a school’s stored name forms are used', async () => {
    const db = t.database.db;
    const school = t.world.a.school;
    await db
      .updateTable('organizations')
      .set({
        full_name: 'МБОУ «СОШ № 1»',
        full_name_genitive: 'Муниципального бюджетного общеобразовательного учреждения «СОШ № 1» города',
        full_name_prepositional: 'Муниципальном бюджетном общеобразовательном учреждении «СОШ № 1» города',
        head_name: null,
        head_position: null,
      })
      .where('id', '=', school)
      .execute();
    await db.updateTable('users').set({ is_active: false }).where('login', '=', 'school_head').execute();
    const campaignId = await addCampaign(db, 'coordinator', { documents: [] });
    const field = await db
      .selectFrom('monitoring_fields')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .where('kind', '=', 'number')
      .executeTakeFirstOrThrow();
    // Sent and approved straight in the database (the head is blocked), then accepted by the coordinator.
    const submission = await db
      .selectFrom('monitoring_submissions')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .where('organization_id', '=', school)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('monitoring_values')
      .values({ submission_id: submission.id, field_id: field.id, value: JSON.stringify('9'), updated_by: null })
      .execute();
    await db.updateTable('monitoring_submissions').set({ status: 'approved' }).where('id', '=', submission.id).execute();
    const url = `/monitoring/${campaignId}/schools/${school}`;
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect((await post(coordinator, `${url}/accept`)).statusCode).toBe(303);
    const text = textOf((await coordinator.get(`${url}/report`)).body);
    expect(text).toContain('в Муниципальном бюджетном общеобразовательном учреждении «СОШ № 1» города');
    expect(text).toContain('Отчёт Муниципального бюджетного общеобразовательного учреждения «СОШ № 1» города принят');
    expect(text).toContain('Руководитель образовательной организации _______________ _______________________');
    const docx = await docxText((await coordinator.get(`${url}/report.docx`)).rawPayload);
    expect(docx).toContain('_______________ _______________________');
  });

  it('other municipalities: 404; mentors: 403', async () => {
    const campaignId = await addCampaign(t.database.db, 'coordinator');
    const url = `/monitoring/${campaignId}/schools/${t.world.a.school}/report`;
    const other = await signedIn(t.app, 'coordinator.b', PASSWORD);
    expect((await other.get(url)).statusCode).toBe(404);
    expect((await other.get(`${url}.docx`)).statusCode).toBe(404);
    // Another school's head and curator of the same municipality: 404.
    const otherSchool = `/monitoring/${campaignId}/schools/${t.world.a.otherSchool}/report`;
    expect((await (await signedIn(t.app, 'school_head', PASSWORD)).get(otherSchool)).statusCode).toBe(404);
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    expect((await mentor.get(url)).statusCode).toBe(403);
    expect((await mentor.get(`${url}.docx`)).statusCode).toBe(403);
  });
});
