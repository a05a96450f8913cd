import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import { MODULE_ROLES } from '../../access/policy.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { XLSX } from '../../lib/mime.js';
import { formatDate, formatDateTime } from '../../lib/ru.js';
import { todayIso } from '../../lib/dates.js';
import { type OutValue, writeWorkbook } from '../../lib/spreadsheet.js';
import { auditActor, recordAudit } from '../audit/service.js';
import { contentDisposition } from '../files/service.js';
import { MENTEE_CATEGORY_LABELS, MENTOR_CATEGORY_LABELS, MENTORING_FORM_LABELS } from '../people/labels.js';
import { LEVEL_LABELS, METHODS, UNIT_NAMES } from './catalogue.js';
import { ensureFresh } from './compute.js';
import { cached, type Cell, municipalDashboard, PAIR_STATUS_LABELS, type SchoolRef, schoolMatrix } from './dashboard.js';
import { municipalityOf, yearOf } from './dashboard-routes.js';
import { conclusionsForm } from './schemas.js';
import { STATUS_LABELS, STATUS_SYMBOLS, targetFor, targetStatus } from './status.js';

const reports = { access: { roles: MODULE_ROLES.reports } };
const write = { access: { roles: MODULE_ROLES.indicatorsManage } };

function valueOut(value: number | null): OutValue {
  return value === null ? 'нет данных' : value;
}

async function sendXlsx(reply: FastifyReply, fileName: string, data: Buffer): Promise<FastifyReply> {
  return reply.header('content-type', XLSX.mediaType).header('content-disposition', contentDisposition(fileName)).header('cache-control', 'no-store').send(data);
}

/** Every indicator × every school (and the municipality) for a year: the form the region asks for. */
async function indicatorsWorkbook(db: Kysely<Database>, municipality: SchoolRef, year: number): Promise<Buffer> {
  const fresh = await ensureFresh(db, municipality.id);
  const indicators = await db
    .selectFrom('indicators')
    .select(['id', 'code', 'name', 'unit', 'level', 'method', 'direction', 'source'])
    .where('municipality_id', '=', municipality.id)
    .where('archived_at', 'is', null)
    .orderBy('position')
    .orderBy('id')
    .execute();
  const orgs = [
    { id: municipality.id, name: municipality.name, type: 'municipality' as const },
    ...(
      await db.selectFrom('organizations').select(['id', 'short_name as name']).where('municipality_id', '=', municipality.id).where('type', '=', 'school').orderBy('short_name').execute()
    ).map((s) => ({ ...s, type: 'school' as const })),
  ];
  const ids = indicators.map((i) => i.id);
  const results = ids.length
    ? await db.selectFrom('indicator_results').selectAll().where('indicator_id', 'in', ids).where('year', '=', year).execute()
    : [];
  const targets = ids.length
    ? await db.selectFrom('indicator_targets').selectAll().where('indicator_id', 'in', ids).where('year', '=', year).execute()
    : [];
  const cell = (indicatorId: number, orgId: number) => {
    const r = results.find((x) => x.indicator_id === indicatorId && x.organization_id === orgId);
    const { target } = targetFor((org) => targets.find((x) => x.indicator_id === indicatorId && x.organization_id === org), orgId, municipality.id);
    return { result: r, target };
  };
  const applies = (level: string, type: 'municipality' | 'school') => (type === 'school' ? level !== 'municipality' : level !== 'school');

  const header = ['Организация'];
  for (const i of indicators) header.push(`${i.code}: факт`, `${i.code}: цель`, `${i.code}: статус`);
  const rows: OutValue[][] = orgs.map((o) => {
    const row: OutValue[] = [o.name];
    for (const i of indicators) {
      if (!applies(i.level, o.type)) {
        row.push('не считается', null, null);
        continue;
      }
      const { result, target } = cell(i.id, o.id);
      const value = result?.value == null ? null : Number(result.value);
      const targetValue = target?.value == null ? null : Number(target.value);
      const status = value === null ? 'no_data' : targetValue === null ? 'no_target' : null;
      row.push(valueOut(value), target ? (target.wording ?? targetValue) : null);
      row.push(STATUS_LABELS[status ?? targetStatus(value, targetValue, i.direction)]);
    }
    return row;
  });

  const details: OutValue[][] = [];
  for (const o of orgs) {
    for (const i of indicators) {
      if (!applies(i.level, o.type)) continue;
      const { result } = cell(i.id, o.id);
      details.push([
        o.name,
        i.code,
        result?.numerator == null ? null : Number(result.numerator),
        result?.denominator == null ? 'нет данных' : Number(result.denominator),
        valueOut(result?.value == null ? null : Number(result.value)),
      ]);
    }
  }
  const stamp = `Сформировано ${formatDate(todayIso())}; данные рассчитаны ${fresh.refreshedAt ? formatDateTime(fresh.refreshedAt) : '—'}`;
  return writeWorkbook([
    {
      name: `Показатели ${year}`,
      title: [`Показатели реализации целевой модели наставничества: ${municipality.name}, ${year} год`, stamp],
      header,
      rows,
    },
    { name: 'Числители и знаменатели', title: [stamp], header: ['Организация', 'Показатель', 'Числитель', 'Знаменатель', 'Значение'], rows: details },
    {
      name: 'Перечень показателей',
      header: ['Код', 'Наименование', 'Единица', 'Уровень', 'Как считается', 'Источник'],
      rows: indicators.map((i) => [i.code, i.name, UNIT_NAMES[i.unit], LEVEL_LABELS[i.level], METHODS[i.method].label, i.source]),
    },
  ]);
}

/** Mentors, mentees and pairs of the year by form and by category: what federal statistical forms ask. */
async function participantsWorkbook(db: Kysely<Database>, municipality: SchoolRef, year: number): Promise<Buffer> {
  await ensureFresh(db, municipality.id);
  const orgs = [
    { id: municipality.id, name: `${municipality.name} (всего)` },
    ...(await db.selectFrom('organizations').select(['id', 'short_name as name']).where('municipality_id', '=', municipality.id).where('type', '=', 'school').orderBy('short_name').execute()),
  ];
  const facts = await db
    .selectFrom('dashboard_facts')
    .select(['organization_id', 'fact', 'key', 'value'])
    .where('organization_id', 'in', orgs.map((o) => o.id))
    .where('year', '=', year)
    .execute();
  const get = (org: number, fact: string, key: string) => facts.find((f) => f.organization_id === org && f.fact === fact && f.key === key)?.value ?? 0;
  const byForm: OutValue[][] = [];
  const byCategory: OutValue[][] = [];
  const byStatus: OutValue[][] = [];
  for (const o of orgs) {
    for (const [form, label] of Object.entries(MENTORING_FORM_LABELS)) {
      byForm.push([o.name, label, get(o.id, 'pairs_form', form), get(o.id, 'mentors_form', form), get(o.id, 'mentees_form', form)]);
    }
    for (const [category, label] of Object.entries(MENTOR_CATEGORY_LABELS)) byCategory.push([o.name, 'наставник', label, get(o.id, 'mentors_category', category)]);
    for (const [category, label] of Object.entries(MENTEE_CATEGORY_LABELS)) byCategory.push([o.name, 'наставляемый', label, get(o.id, 'mentees_category', category)]);
    byStatus.push([o.name, ...Object.keys(PAIR_STATUS_LABELS).map((s) => get(o.id, 'pairs_status', s)), get(o.id, 'mentors_total', 'all'), get(o.id, 'mentees_total', 'all')]);
  }
  const title = `Участники наставничества: ${municipality.name}, ${year} год (пары, действовавшие в году)`;
  return writeWorkbook([
    { name: 'По формам', title: [title], header: ['Организация', 'Форма наставничества', 'Пар и групп', 'Наставников', 'Наставляемых'], rows: byForm },
    { name: 'По категориям', title: [title], header: ['Организация', 'Роль', 'Категория', 'Человек'], rows: byCategory },
    {
      name: 'Итого',
      title: [title, 'Человек в нескольких формах или парах считается один раз в итогах и в каждой своей форме.'],
      header: ['Организация', ...Object.values(PAIR_STATUS_LABELS).map((l) => `Пар: ${l}`), 'Наставников', 'Наставляемых'],
      rows: byStatus,
    },
  ]);
}

export async function reportRoutes(app: FastifyInstance): Promise<void> {
  app.get('/reports/indicators.xlsx', { config: reports }, async (request, reply) => {
    const municipality = await municipalityOf(app.db, request.user as CurrentUser, request.municipality);
    const year = yearOf(request.query);
    return sendXlsx(reply, `Показатели наставничества ${year}.xlsx`, await indicatorsWorkbook(app.db, municipality, year));
  });

  app.get('/reports/participants.xlsx', { config: reports }, async (request, reply) => {
    const municipality = await municipalityOf(app.db, request.user as CurrentUser, request.municipality);
    const year = yearOf(request.query);
    return sendXlsx(reply, `Участники наставничества ${year}.xlsx`, await participantsWorkbook(app.db, municipality, year));
  });

  const renderReport = async (reply: FastifyReply, user: CurrentUser, year: number, form: { values?: Record<string, string>; errors?: FieldErrors } = {}, status = 200) => {
    const municipality = await municipalityOf(app.db, user, reply.request.municipality);
    const { value: dashboard, refreshedAt } = await cached(app.db, { id: municipality.id, known: reply.request.municipality }, `model:municipal:${year}`, () => municipalDashboard(app.db, municipality, year, null));
    const saved = await app.db
      .selectFrom('analytical_reports')
      .leftJoin('users', 'users.id', 'analytical_reports.updated_by')
      .select(['conclusions', 'analytical_reports.updated_at', 'users.full_name', 'users.position'])
      .where('municipality_id', '=', municipality.id)
      .where('year', '=', year)
      .executeTakeFirst();
    const department = await app.db
      .selectFrom('organizations')
      .select(['full_name', 'head_name', 'head_position'])
      .where('municipality_id', '=', municipality.id)
      .where('type', '=', 'department')
      .orderBy('id')
      .executeTakeFirst();
    const center = await app.db
      .selectFrom('organizations')
      .select(['full_name'])
      .where('municipality_id', '=', municipality.id)
      .where('type', '=', 'method_center')
      .orderBy('id')
      .executeTakeFirst();
    const { value: matrix } = await cached(app.db, { id: municipality.id, known: reply.request.municipality }, `model:matrix:${year}`, () => schoolMatrix(app.db, municipality, year));
    return reply.render('indicators/report', {
      title: `Аналитическая справка за ${year} год`,
      dashboard,
      matrix,
      refreshedAt,
      year,
      municipality,
      department,
      center,
      saved,
      canWrite: user.role === 'coordinator',
      values: form.values ?? { conclusions: saved?.conclusions ?? '' },
      errors: form.errors ?? {},
      labels: { status: STATUS_LABELS, statusSymbols: STATUS_SYMBOLS, units: { percent: '%', count: '' }, methods: METHODS },
      printedOn: formatDate(todayIso()),
      cellText: (c: Cell, unit: string) => (c.value === null ? 'нет данных' : `${String(c.value).replace('.', ',')}${unit === 'percent' ? ' %' : ''}`),
    }, status);
  };

  app.get('/reports/analytical', { config: reports }, async (request, reply) => renderReport(reply, request.user as CurrentUser, yearOf(request.query)));

  app.post('/reports/analytical', { config: write }, async (request, reply) => {
    const actor = actorOf(request);
    const municipality = await municipalityOf(app.db, actor.user);
    const fields = formValues(request.body);
    const year = yearOf({ year: fields.year });
    const parsed = conclusionsForm.safeParse(fields);
    if (!parsed.success) return renderReport(reply, actor.user, year, { values: fields, errors: fieldErrors(parsed.error) }, 400);
    await app.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('analytical_reports').select('year').where('municipality_id', '=', municipality.id).where('year', '=', year).executeTakeFirst();
      await trx
        .insertInto('analytical_reports')
        .values({ municipality_id: municipality.id, year, conclusions: parsed.data.conclusions, updated_by: actor.user.id })
        .onConflict((oc) => oc.columns(['municipality_id', 'year']).doUpdateSet({ conclusions: parsed.data.conclusions, updated_by: actor.user.id, updated_at: new Date() }))
        .execute();
      await recordAudit(trx, auditActor(actor), {
        action: existing ? 'update' : 'create',
        entityType: 'analytical_report',
        entityId: `${municipality.id}:${year}`,
        organizationId: municipality.id,
        municipalityId: municipality.id,
        changedFields: ['conclusions'],
      });
    });
    reply.flash('success', 'Выводы справки сохранены.');
    return reply.redirect(`/reports/analytical?year=${year}`, 303);
  });
}
