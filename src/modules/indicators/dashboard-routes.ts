import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { MODULE_ROLES } from '../../access/policy.js';
import { organizationsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import { idFrom } from '../../http/forms.js';
import { viewHelpers } from '../../http/render.js';
import { CONTINGENT_KINDS, DIRECTION_LABELS, LEVEL_LABELS, METHODS, UNIT_LABELS } from './catalogue.js';
import { yearsToCompute } from './compute.js';
import { cached, indicatorPage, municipalDashboard, PAIR_STATUS_LABELS, type SchoolRef, schoolDashboard } from './dashboard.js';
import { explainValue } from './explain.js';
import { STATUS_LABELS, STATUS_SYMBOLS } from './status.js';

const read = { access: { roles: MODULE_ROLES.indicators } };
const municipal = { access: { roles: MODULE_ROLES.indicatorsMunicipal } };

const labels = {
  status: STATUS_LABELS,
  statusSymbols: STATUS_SYMBOLS,
  units: UNIT_LABELS,
  levels: LEVEL_LABELS,
  directions: DIRECTION_LABELS,
  methods: METHODS,
  contingent: CONTINGENT_KINDS,
  pairStatus: PAIR_STATUS_LABELS,
};

const yearQuery = z.object({ year: z.coerce.number().int().optional() });
const rankQuery = z.object({ rank: z.coerce.number().int().positive().optional() });
const explainParams = z.object({ id: z.coerce.number().int().positive(), orgId: z.coerce.number().int().positive() });

/** The year asked for, or the current one; a year outside the model's years is the current one too. */
export function yearOf(query: unknown): number {
  const years = yearsToCompute();
  const parsed = yearQuery.safeParse(query ?? {});
  const year = parsed.success ? parsed.data.year : undefined;
  const last = years[years.length - 1] as number;
  return year !== undefined && years.includes(year) ? year : last;
}

function rankOf(request: FastifyRequest): number | null {
  const parsed = rankQuery.safeParse(request.query ?? {});
  return parsed.success ? (parsed.data.rank ?? null) : null;
}

export async function municipalityOf(db: Kysely<Database>, user: CurrentUser): Promise<SchoolRef> {
  if (user.municipalityId === null) throw new ForbiddenError();
  const row = await db.selectFrom('organizations').select(['id', 'short_name as name']).where('id', '=', user.municipalityId).executeTakeFirst();
  if (!row) throw new NotFoundError();
  return row;
}

/** A school the user may see, with its municipality; anything else is 404. */
async function schoolInScope(db: Kysely<Database>, user: CurrentUser, id: number): Promise<{ school: SchoolRef; municipality: SchoolRef }> {
  const row = await db
    .selectFrom('organizations')
    .innerJoin('organizations as m', 'm.id', 'organizations.municipality_id')
    .select(['organizations.id', 'organizations.short_name', 'm.id as municipality_id', 'm.short_name as municipality_name'])
    .where('organizations.id', '=', id)
    .where('organizations.type', '=', 'school')
    .where(organizationsInScope(user))
    .executeTakeFirst();
  if (!row) throw new NotFoundError();
  return { school: { id: row.id, name: row.short_name }, municipality: { id: row.municipality_id, name: row.municipality_name } };
}

export async function indicatorInScope(db: Kysely<Database>, user: CurrentUser, id: number) {
  if (user.municipalityId === null) throw new NotFoundError();
  const indicator = await db
    .selectFrom('indicators')
    .select(['id', 'code', 'name', 'unit', 'level', 'method', 'direction', 'source', 'contingent_kind', 'archived_at', 'municipality_id'])
    .where('id', '=', id)
    .where('municipality_id', '=', user.municipalityId)
    .executeTakeFirst();
  if (!indicator) throw new NotFoundError();
  return indicator;
}

/**
 * A dashboard's content rendered once per data version and kept (see `cached`): the page around it
 * (navigation, the user's name, the CSRF token) is rendered per request.
 */
async function body(app: FastifyInstance, template: string, data: Record<string, unknown>): Promise<string> {
  return app.view(template, { ...data, h: viewHelpers });
}

export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  app.get('/dashboard', { config: read }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const year = yearOf(request.query);
    if (user.role === 'curator' || user.role === 'school_head') return reply.redirect(`/dashboard/schools/${user.organizationId}?year=${year}`, 303);
    const municipality = await municipalityOf(app.db, user);
    const rank = rankOf(request);
    const title = `Показатели наставничества: ${municipality.name}, ${year} год`;
    const coordinator = user.role === 'coordinator';
    const { value: content } = await cached(app.db, municipality.id, `municipal:${year}:${rank ?? ''}:${coordinator}`, async (refreshedAt) =>
      body(app, 'indicators/dashboard', {
        title,
        dashboard: await municipalDashboard(app.db, municipality, year, rank),
        refreshedAt,
        labels,
        showCompleteness: coordinator,
        canEnterValues: coordinator,
      }),
    );
    return reply.render('indicators/page', { title, content });
  });

  app.get('/dashboard/schools/:id', { config: read }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const year = yearOf(request.query);
    const { school, municipality } = await schoolInScope(app.db, user, idFrom(request.params));
    const isMunicipal = user.role === 'coordinator' || user.role === 'department';
    const curator = user.role === 'curator';
    const title = `Показатели наставничества: ${school.name}, ${year} год`;
    const { value: content } = await cached(app.db, municipality.id, `school:${school.id}:${year}:${isMunicipal}:${curator}`, async (refreshedAt) =>
      body(app, 'indicators/school', {
        title,
        dashboard: await schoolDashboard(app.db, school, municipality, year),
        refreshedAt,
        labels,
        isMunicipal,
        canEnterValues: curator,
      }),
    );
    return reply.render('indicators/page', {
      title,
      breadcrumbs: isMunicipal ? [{ label: 'Показатели муниципалитета', href: `/dashboard?year=${year}` }, { label: school.name }] : undefined,
      content,
    });
  });

  app.get('/dashboard/indicators/:id', { config: municipal }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const year = yearOf(request.query);
    const indicator = await indicatorInScope(app.db, user, idFrom(request.params));
    const municipality = await municipalityOf(app.db, user);
    const { value: content } = await cached(app.db, municipality.id, `indicator:${indicator.id}:${year}`, async (refreshedAt) =>
      body(app, 'indicators/indicator', { indicator, page: await indicatorPage(app.db, indicator, municipality, year), refreshedAt, labels }),
    );
    return reply.render('indicators/page', {
      title: `${indicator.code}. ${indicator.name}`,
      breadcrumbs: [{ label: 'Показатели муниципалитета', href: `/dashboard?year=${year}` }, { label: `Показатель ${indicator.code} по школам` }],
      content,
    });
  });

  app.get('/dashboard/indicators/:id/organizations/:orgId', { config: read }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const year = yearOf(request.query);
    const params = explainParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError();
    const explanation = await explainValue(app.db, user, params.data.id, params.data.orgId, year);
    const isMunicipal = user.role === 'coordinator' || user.role === 'department';
    return reply.render('indicators/explain', {
      title: `Как получено значение ${explanation.indicator.code} за ${year} год`,
      breadcrumbs: [
        isMunicipal && explanation.organization.type === 'school'
          ? { label: `Показатель ${explanation.indicator.code} по школам`, href: `/dashboard/indicators/${explanation.indicator.id}?year=${year}` }
          : explanation.organization.type === 'school'
            ? { label: 'Показатели школы', href: `/dashboard/schools/${explanation.organization.id}?year=${year}` }
            : { label: 'Показатели муниципалитета', href: `/dashboard?year=${year}` },
        { label: 'Как получено значение' },
      ],
      explanation,
      year,
      labels,
    });
  });
}
