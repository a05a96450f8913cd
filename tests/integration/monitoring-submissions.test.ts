import { describe, expect, it } from 'vitest';
import { installCatalogue } from '../../src/modules/indicators/install.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { addCampaign } from '../helpers/monitoring.js';
import { daysAgo } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

interface Form {
  campaignId: number;
  url: string;
  number: number;
  text: number;
  document: number;
}

/** The default fixture campaign of municipality A and the ids of its form, at A's first school. */
async function campaign(overrides: Parameters<typeof addCampaign>[2] = {}): Promise<Form> {
  const db = t.database.db;
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
    .executeTakeFirstOrThrow();
  return {
    campaignId,
    url: `/monitoring/${campaignId}/schools/${t.world.a.school}`,
    number: fields.find((f) => f.kind === 'number')?.id ?? 0,
    text: fields.find((f) => f.kind === 'text')?.id ?? 0,
    document: document.id,
  };
}

async function statusOf(form: Form): Promise<string> {
  const row = await t.database.db
    .selectFrom('monitoring_submissions')
    .select('status')
    .where('campaign_id', '=', form.campaignId)
    .where('organization_id', '=', t.world.a.school)
    .executeTakeFirstOrThrow();
  return row.status;
}

async function auditActions(form: Form): Promise<string[]> {
  const db = t.database.db;
  const ids = await db.selectFrom('monitoring_submissions').select('id').where('campaign_id', '=', form.campaignId).execute();
  const rows = await db
    .selectFrom('audit_log')
    .select('action')
    .where('entity_type', '=', 'monitoring_submission')
    .where(
      'entity_id',
      'in',
      ids.map((r) => String(r.id)),
    )
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

/** The curator fills in the number and sends with the required document. */
async function fillAndSend(curator: Client, form: Form, number = '14'): Promise<void> {
  await curator.get(form.url);
  const response = await curator.upload(
    `${form.url}/send`,
    { name: 'Приказ.pdf', data: PDF, type: 'application/pdf', field: `doc_${form.document}` },
    { [`f_${form.number}`]: number, [`f_${form.text}`]: 'Наставничество «учитель — учитель»' },
  );
  expect(response.statusCode, textOf(response.body).slice(0, 600)).toBe(303);
}

async function post(client: Client, url: string, form: Record<string, string> = {}) {
  await client.get(url.replace(/\/(approve|accept|return|reopen|extend|send)$/, ''));
  return client.post(url, form);
}

describe('the cycle of a submission', () => {
  it('draft, refused send, send, approval, return with comments, re-send, acceptance; each in the history and the audit', async () => {
    const form = await campaign();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect(await statusOf(form)).toBe('not_started');

    // A draft keeps what was typed, a number not yet written as one too.
    let response = await post(curator, form.url, { [`f_${form.number}`]: 'двенадцать', [`f_${form.text}`]: 'Практики' });
    expect(response.statusCode).toBe(303);
    expect(await statusOf(form)).toBe('filling');
    let page = await curator.get(form.url);
    expect(page.body).toContain('value="двенадцать"');
    expect(textOf(page.body)).toContain('заполняется');

    // Sending names the wrong number and the missing document, keeps the input, stays «заполняется».
    response = await post(curator, `${form.url}/send`, { [`f_${form.number}`]: '12 человек', [`f_${form.text}`]: 'Практики' });
    expect(response.statusCode).toBe(400);
    let text = textOf(response.body);
    expect(text).toContain('Проверьте форму');
    expect(text).toContain('Поле «Число педагогов-наставников»: укажите число цифрами, например 12 или 12,5');
    expect(text).toContain('Приложите документ «Приказ о закреплении наставников»');
    expect(response.body).toContain('href="#field-f_');
    expect(response.body).toContain('value="12 человек"');
    expect(await statusOf(form)).toBe('filling');

    // An empty required field is named too.
    response = await post(curator, `${form.url}/send`, { [`f_${form.number}`]: '' });
    expect(textOf(response.body)).toContain('Заполните поле «Число педагогов-наставников»');

    await fillAndSend(curator, form);
    expect(await statusOf(form)).toBe('sent');
    page = await curator.get(form.url);
    expect(textOf(page.body)).toContain('Приказ.pdf');
    // Sent: the curator no longer edits it.
    expect((await curator.post(form.url, { [`f_${form.number}`]: '1' })).statusCode).toBe(409);
    // The coordinator does not accept before the head approved.
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect((await post(coordinator, `${form.url}/accept`)).statusCode).toBe(409);

    const head = await signedIn(t.app, 'school_head', PASSWORD);
    expect((await post(head, `${form.url}/approve`)).statusCode).toBe(303);
    expect(await statusOf(form)).toBe('approved');

    // A return needs a comment; one on a field is shown at the field.
    response = await post(coordinator, `${form.url}/return`, { comment: '' });
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('Напишите, что нужно доработать');
    response = await post(coordinator, `${form.url}/return`, {
      comment: 'Уточните число наставников по приказу.',
      [`comment_${form.number}`]: 'В приказе 15 наставников',
    });
    expect(response.statusCode).toBe(303);
    expect(await statusOf(form)).toBe('returned');
    page = await curator.get(form.url);
    text = textOf(page.body);
    expect(text).toContain('Отчёт возвращён на доработку');
    expect(text).toContain('Уточните число наставников по приказу.');
    expect(text).toContain('Комментарий методического центра: В приказе 15 наставников');

    // The curator fixes it: the save takes it back to «заполняется»; sent again, approved, accepted.
    expect((await post(curator, form.url, { [`f_${form.number}`]: '15' })).statusCode).toBe(303);
    expect(await statusOf(form)).toBe('filling');
    response = await post(curator, `${form.url}/send`, { [`f_${form.number}`]: '15' });
    expect(response.statusCode).toBe(303);
    expect((await post(head, `${form.url}/approve`)).statusCode).toBe(303);
    expect((await post(coordinator, `${form.url}/accept`)).statusCode).toBe(303);
    expect(await statusOf(form)).toBe('accepted');

    const events = await t.database.db
      .selectFrom('monitoring_events as e')
      .innerJoin('monitoring_submissions as s', 's.id', 'e.submission_id')
      .select(['e.kind', 'e.from_status', 'e.to_status'])
      .where('s.campaign_id', '=', form.campaignId)
      .orderBy('e.id')
      .execute();
    expect(events.map((e) => `${e.kind}:${e.from_status}>${e.to_status}`)).toEqual([
      'start:not_started>filling',
      'send:filling>sent',
      'approve:sent>approved',
      'return:approved>returned',
      'resume:returned>filling',
      'send:filling>sent',
      'approve:sent>approved',
      'accept:approved>accepted',
    ]);
    expect(await auditActions(form)).toEqual(
      expect.arrayContaining(['update', 'send', 'approve', 'return_submission', 'accept_submission']),
    );
    const history = textOf((await coordinator.get(form.url)).body);
    expect(history).toContain('принят, данные зафиксированы');
    expect(history).toContain('«Число педагогов-наставников»: В приказе 15 наставников');
  });

  it('who may make each move: 403 for a role that never does, 404 outside the scope', async () => {
    const form = await campaign();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await fillAndSend(curator, form);
    // The curator does not approve, the department does not accept or return, the head does not send.
    expect((await post(curator, `${form.url}/approve`)).statusCode).toBe(403);
    const department = await signedIn(t.app, 'department', PASSWORD);
    expect((await department.get(form.url)).statusCode).toBe(200);
    expect((await post(department, `${form.url}/return`, { comment: 'x' })).statusCode).toBe(403);
    expect((await post(department, `${form.url}/extend`, { deadline: daysAgo(-40) })).statusCode).toBe(403);
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    expect((await post(head, `${form.url}/send`)).statusCode).toBe(403);
    // The other school's submission and another municipality's coordinator: 404.
    expect((await head.get(`/monitoring/${form.campaignId}/schools/${t.world.a.otherSchool}`)).statusCode).toBe(404);
    const foreign = await signedIn(t.app, 'coordinator.b', PASSWORD);
    expect((await foreign.get(form.url)).statusCode).toBe(404);
    expect((await post(foreign, `${form.url}/return`, { comment: 'x' })).statusCode).toBe(404);
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    expect((await mentor.get(form.url)).statusCode).toBe(403);
  });
});

describe('the frozen figures', () => {
  it('an accepted submission keeps the figures it was accepted with; the live ones follow the data; re-opening keeps the old snapshot', async () => {
    const db = t.database.db;
    const codes = await installCatalogue(db, t.world.a.id, [t.world.a.school]);
    const year = Number(daysAgo(0).slice(0, 4));
    const manual = (value: number) =>
      db
        .insertInto('indicator_manual_values')
        .values({
          indicator_id: codes.get('Ш3') as number,
          organization_id: t.world.a.school,
          year,
          value,
          numerator: null,
          denominator: null,
          evidence: 'Протокол',
        })
        .onConflict((oc) => oc.columns(['indicator_id', 'organization_id', 'year']).doUpdateSet({ value }))
        .execute();
    await manual(40);
    const form = await campaign({ indicators: ['Ш3'] });
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect(textOf((await curator.get(form.url)).body)).toContain('40 %');
    await fillAndSend(curator, form);
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    await post(head, `${form.url}/approve`);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await post(coordinator, `${form.url}/accept`);

    await manual(75);
    // The live figure follows the data: another campaign's open submission shows the new value.
    const other = await campaign({ indicators: ['Ш3'], title: 'Второй мониторинг' });
    expect(textOf((await coordinator.get(other.url)).body)).toContain('75 %');
    // The accepted one does not.
    let text = textOf((await coordinator.get(form.url)).body);
    expect(text).toContain('40 %');
    expect(text).not.toContain('75 %');
    expect(text).toContain('Зафиксированы при приёме отчёта');
    const snapshot = await db.selectFrom('monitoring_snapshots').select(['figures', 'sources']).executeTakeFirstOrThrow();
    expect(snapshot.figures).toMatchObject({
      computed: [{ code: 'Ш3', value: '40' }],
      entered: expect.arrayContaining([expect.objectContaining({ label: 'Число педагогов-наставников', value: '14' })]),
      documents: [{ title: 'Приказ о закреплении наставников', files: ['Приказ.pdf'] }],
    });
    expect(snapshot.sources).toMatchObject({ indicator_year: year, as_of: daysAgo(5) });

    // Re-opening needs a reason; it returns the submission, the snapshot stays as superseded, the page is live again.
    expect((await post(coordinator, `${form.url}/reopen`, { reason: '' })).statusCode).toBe(400);
    expect((await post(coordinator, `${form.url}/reopen`, { reason: 'Ошибка в числе наставников' })).statusCode).toBe(303);
    expect(await statusOf(form)).toBe('returned');
    const snapshots = await db.selectFrom('monitoring_snapshots').select('superseded_at').execute();
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]?.superseded_at).not.toBeNull();
    text = textOf((await coordinator.get(form.url)).body);
    expect(text).toContain('75 %');
    expect(text).toContain('Прежние зафиксированные данные');
    expect(text).toContain('Ш3 = 40');
    expect(text).toContain('Ошибка в числе наставников');
    expect(await auditActions(form)).toContain('reopen');
  });
});

describe('the deadline', () => {
  it('an unsent submission after its deadline reads «просрочен»; the coordinator extends it for one school', async () => {
    const form = await campaign({ opens_on: daysAgo(20), deadline: daysAgo(1) });
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect(textOf((await curator.get(form.url)).body)).toContain('просрочен');
    expect(textOf((await curator.get('/monitoring')).body)).toContain('просрочен');
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    let response = await post(coordinator, `${form.url}/extend`, { deadline: daysAgo(3) });
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('Новый срок должен быть позже нынешнего');
    response = await post(coordinator, `${form.url}/extend`, { deadline: daysAgo(-7) });
    expect(response.statusCode).toBe(303);
    const extended = textOf((await curator.get(form.url)).body);
    expect(extended).not.toContain('просрочен');
    expect(extended).toContain('продлён для школы');
    // The other school keeps the campaign's deadline: still overdue.
    const other = await t.database.db
      .selectFrom('monitoring_submissions')
      .select('deadline_override')
      .where('campaign_id', '=', form.campaignId)
      .where('organization_id', '=', t.world.a.otherSchool)
      .executeTakeFirstOrThrow();
    expect(other.deadline_override).toBeNull();
    expect(textOf((await coordinator.get(`/monitoring/${form.campaignId}/schools/${t.world.a.otherSchool}`)).body)).toContain(
      'просрочен',
    );
    expect(await auditActions(form)).toEqual(['extend_deadline']);
    // A sent submission is not overdue, whatever the date.
    const late = await campaign({ opens_on: daysAgo(20), deadline: daysAgo(1), title: 'Поздний' });
    await fillAndSend(curator, late);
    const page = textOf((await curator.get(late.url)).body);
    expect(page).toContain('отправлен');
    expect(page).not.toContain('просрочен');
  });
});
