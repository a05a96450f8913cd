import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MUNICIPALITY, DEMO_PASSWORD, DEMO_SCHOOL } from '../../seeds/demo.js';
import { todayIso } from '../../src/lib/dates.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The demo monitoring (seeds/monitoring.ts) as seedDemo creates it on a fresh database. */

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
  app = await createTestApp(database);
}, 240_000);
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

async function campaigns() {
  return database.db.selectFrom('monitoring_campaigns').selectAll().orderBy('opens_on').execute();
}

async function statesOf(campaignId: number) {
  return database.db
    .selectFrom('monitoring_submissions')
    .select(['id', 'organization_id', 'status', 'deadline_override'])
    .where('campaign_id', '=', campaignId)
    .execute();
}

describe('demo monitoring', () => {
  it('last year’s campaign is finished: every school accepted, each with its frozen figures and its way there in the history', async () => {
    const [past] = await campaigns();
    const year = Number(todayIso().slice(0, 4));
    expect(past?.period_label).toBe(`${year - 1} год`);
    const submissions = await statesOf(past?.id ?? 0);
    const schools = await database.db.selectFrom('organizations').select('id').where('type', '=', 'school').execute();
    expect(submissions).toHaveLength(schools.length);
    expect(new Set(submissions.map((s) => s.status))).toEqual(new Set(['accepted']));
    const snapshots = await database.db
      .selectFrom('monitoring_snapshots')
      .select(['submission_id', 'figures'])
      .where(
        'submission_id',
        'in',
        submissions.map((s) => s.id),
      )
      .execute();
    expect(snapshots).toHaveLength(submissions.length);
    // Frozen figures with values computed from the demo data (some school has a value of each kind).
    const computed = snapshots.flatMap((s) => (s.figures as { computed: Array<{ value: string | null }> }).computed);
    expect(computed.some((c) => c.value !== null)).toBe(true);
    const events = await database.db
      .selectFrom('monitoring_events')
      .select('kind')
      .where('submission_id', '=', submissions[0]?.id ?? 0)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['start', 'send', 'approve', 'accept']);
  });

  it('this year’s campaign has a submission in every state, one overdue, and the demo school’s extended and being filled', async () => {
    const [, current] = await campaigns();
    const submissions = await statesOf(current?.id ?? 0);
    expect(new Set(submissions.map((s) => s.status))).toEqual(
      new Set(['not_started', 'filling', 'sent', 'approved', 'returned', 'accepted']),
    );
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    const page = textOf((await coordinator.get(`/monitoring/${current?.id}`)).body);
    expect(page).toMatch(/Отправлено \d+ из \d+, принято \d+, просрочено [1-9]/);
    const school = await database.db
      .selectFrom('organizations')
      .select('id')
      .where('short_name', '=', DEMO_SCHOOL)
      .executeTakeFirstOrThrow();
    const own = submissions.find((s) => s.organization_id === school.id);
    expect(own?.status).toBe('filling');
    expect(own?.deadline_override).not.toBeNull();
    const ownEvents = await database.db
      .selectFrom('monitoring_events')
      .select('kind')
      .where('submission_id', '=', own?.id ?? 0)
      .execute();
    expect(ownEvents.map((e) => e.kind)).toContain('extend');
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const form = await curator.get(`/monitoring/${current?.id}/schools/${school.id}`);
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('Сохранить черновик');
    expect(textOf(form.body)).toContain('продлён для школы');
    // The returned one shows the coordinator's comment.
    const returned = submissions.find((s) => s.status === 'returned');
    const returnedPage = textOf((await coordinator.get(`/monitoring/${current?.id}/schools/${returned?.organization_id}`)).body);
    expect(returnedPage).toContain('Уточните число наставников');
    // The list shows both to the department.
    const department = await signedIn(app, 'department', DEMO_PASSWORD);
    const list = textOf((await department.get('/monitoring')).body);
    for (const c of await campaigns()) expect(list).toContain(c.title);
  });

  it('the schools’ internal monitoring of the running academic year takes that academic year’s figures', async () => {
    const academic = (await campaigns()).find((c) => c.period_kind === 'academic_year');
    expect(academic?.level).toBe('school');
    const school = await database.db
      .selectFrom('organizations')
      .select('id')
      .where('short_name', '=', DEMO_SCHOOL)
      .executeTakeFirstOrThrow();
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const text = textOf((await curator.get(`/monitoring/${academic?.id}/schools/${school.id}`)).body);
    expect(text).toContain(`за ${academic?.period_label} (период кампании)`);
    // Ш1 is counted for the academic year: a figure, not «нет данных».
    expect(text).toMatch(/Ш1\. Доля учителей[^%]*?\d+(,\d)? %/);
    // The analytical report counts calendar years: an academic year's campaign is not its source.
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    expect((await coordinator.get(`/reports/analytical?campaign=${academic?.id}`)).statusCode).toBe(404);
    expect((await coordinator.get(`/reports/indicators.xlsx?campaign=${academic?.id}`)).statusCode).toBe(404);
    expect((await coordinator.get('/reports/analytical')).body).not.toContain(`value="${academic?.id}"`);
  });

  it('last year’s campaign has its municipal summary (every kind of field totalled) and feeds the analytical report', async () => {
    const [past] = await campaigns();
    const schools = (await statesOf(past?.id ?? 0)).length;
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    const summary = textOf((await coordinator.get(`/monitoring/${past?.id}/summary`)).body);
    expect(summary).toContain(`Итоги по ${schools} из ${schools} школ (принятые сведения)`);
    expect(summary).toMatch(/Муниципалитет \(итог\) [\d,]+ % \d+ из \d+/);
    expect(summary).toMatch(/да: \d+ из \d+/);
    expect(summary).toMatch(/учитель — учитель — \d+; ученик — ученик — \d+; педагог — ученик — \d+/);
    expect(summary).toContain('Трудности и предложения');
    const report = textOf((await coordinator.get(`/reports/analytical?campaign=${past?.id}`)).body);
    expect(report).toContain(`по итогам мониторинга «${past?.title}»`);
    expect(report).toContain(`принято ${schools} из ${schools} школ`);
  });

  it('both campaigns carry the demo surveys: this year’s live results on the demo school’s page, last year’s frozen', async () => {
    const [past, current] = await campaigns();
    const attached = async (id: number) =>
      database.db.selectFrom('monitoring_campaign_surveys').select('survey_id').where('campaign_id', '=', id).execute();
    expect((await attached(current?.id ?? 0)).length).toBeGreaterThan(0);
    expect((await attached(past?.id ?? 0)).length).toBeGreaterThan(0);
    const school = await database.db
      .selectFrom('organizations')
      .select('id')
      .where('short_name', '=', DEMO_SCHOOL)
      .executeTakeFirstOrThrow();
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const page = textOf((await curator.get(`/monitoring/${current?.id}/schools/${school.id}`)).body);
    expect(page).toContain('Результаты анкетирования');
    expect(page).toMatch(/Ответили \d+/);
    const frozen = textOf((await curator.get(`/monitoring/${past?.id}/schools/${school.id}`)).body);
    expect(frozen).toContain('Зафиксированы при приёме отчёта');
    expect(frozen).toMatch(/Средняя оценка/);
  });

  it('the demo region’s operator (`region`) sees the municipality’s campaigns and exports real counts from the snapshots', async () => {
    const region = await signedIn(app, 'region', DEMO_PASSWORD);
    const home = textOf((await region.get('/')).body);
    expect(home).toContain('Региональный оператор');
    expect(home).toContain(DEMO_MUNICIPALITY);
    const [past] = await campaigns();
    const schools = (await statesOf(past?.id ?? 0)).length;
    expect(home).toContain(`принято ${schools} из ${schools}`);
    // Every accepted snapshot carries its counts; the demo's pairs make some of them non-zero.
    const snapshots = await database.db.selectFrom('monitoring_snapshots').select('figures').execute();
    const counts = snapshots.map((s) => (s.figures as { counts?: { mentors: number; pairs: number } }).counts);
    expect(counts.every((c) => c !== undefined)).toBe(true);
    expect(counts.some((c) => (c?.pairs ?? 0) > 0 && (c?.mentors ?? 0) > 0)).toBe(true);
    const exports = await region.get(`/monitoring/${past?.id}/exports/counts`);
    expect(exports.statusCode).toBe(200);
    expect(exports.headers['content-type']).toContain('spreadsheetml');
    // The region's exports: the latest period by default, last year's on choosing it.
    const [, current] = await campaigns();
    expect(textOf((await region.get('/region/exports')).body)).toContain(current?.title ?? '-');
    const lastYear = textOf((await region.get(`/region/exports?period=${past?.period_start}..${past?.period_end}`)).body);
    expect(lastYear).toContain(past?.title ?? '-');
    expect(lastYear).toContain(`принято ${schools} из ${schools}`);
  });
});
