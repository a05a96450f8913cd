import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { MODULE_ROLES, scopeOf } from '../../access/policy.js';
import { organizationsInScope } from '../../access/scope.js';
import type { CurrentUser, MunicipalityState } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import { type CompressedPart, compressPart } from '../../http/compression.js';
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

/**
 * The user's municipality. Its name comes with the session (request.municipality) when given;
 * otherwise it is read.
 */
export async function municipalityOf(db: Kysely<Database>, user: CurrentUser, known?: MunicipalityState | null): Promise<SchoolRef> {
  if (user.municipalityId === null) throw new ForbiddenError();
  if (known && known.id === user.municipalityId) return { id: known.id, name: known.name };
  const row = await db.selectFrom('organizations').select(['id', 'short_name as name']).where('id', '=', user.municipalityId).executeTakeFirst();
  if (!row) throw new NotFoundError();
  return row;
}

/** What a small lookup kept in the cache holds, roughly: a few hundred bytes an entry. */
const mapBytes = (map: Map<number, unknown>) => 256 * (map.size + 1);

/** The municipality's schools by id, kept per data version (a school added or renamed bumps it). */
async function schoolsById(db: Kysely<Database>, municipality: SchoolRef, known: MunicipalityState | null): Promise<Map<number, string>> {
  const { value } = await cached(db, { id: municipality.id, known }, 'model:schools-by-id', async () => {
    const rows = await db
      .selectFrom('organizations')
      .select(['id', 'short_name'])
      .where('municipality_id', '=', municipality.id)
      .where('type', '=', 'school')
      .execute();
    return new Map(rows.map((row) => [row.id, row.short_name]));
  }, mapBytes);
  return value;
}

/**
 * A school the user may see (organizationsInScope: its own school for a school's staff, the
 * municipality's schools for the municipality's), with its municipality; anything else is 404.
 * With the session's municipality state no query is made: a school user's school is their own
 * organisation, and the municipality's schools are kept per data version.
 */
async function schoolInScope(
  db: Kysely<Database>,
  user: CurrentUser,
  id: number,
  known: MunicipalityState | null,
): Promise<{ school: SchoolRef; municipality: SchoolRef }> {
  const scope = scopeOf(user);
  if (known && known.id === user.municipalityId) {
    const municipality = { id: known.id, name: known.name };
    if (scope.kind === 'organization') {
      if (id !== scope.organizationId || user.organizationType !== 'school') throw new NotFoundError();
      return { school: { id, name: user.organizationName }, municipality };
    }
    if (scope.kind === 'municipality') {
      const name = (await schoolsById(db, municipality, known)).get(id);
      if (name === undefined) throw new NotFoundError();
      return { school: { id, name }, municipality };
    }
  }
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

const INDICATOR_COLUMNS = ['id', 'code', 'name', 'unit', 'level', 'method', 'direction', 'source', 'contingent_kind', 'archived_at', 'municipality_id'] as const;

/** One of the user's municipality's indicators; any other is 404. The catalogue is kept per data version. */
export async function indicatorInScope(db: Kysely<Database>, user: CurrentUser, id: number, known?: MunicipalityState | null) {
  if (user.municipalityId === null) throw new NotFoundError();
  const municipalityId = user.municipalityId;
  const { value: catalogue } = await cached(db, { id: municipalityId, known }, 'model:catalogue-by-id', async () => {
    const rows = await db.selectFrom('indicators').select(INDICATOR_COLUMNS).where('municipality_id', '=', municipalityId).execute();
    return new Map(rows.map((row) => [row.id, row]));
  }, mapBytes);
  const indicator = catalogue.get(id);
  if (!indicator) throw new NotFoundError();
  return indicator;
}

/**
 * A dashboard's content rendered once per data version and kept (see `cached`): the page around it
 * (navigation, the user's name, the CSRF token) is rendered per request.
 */
async function body(app: FastifyInstance, template: string, data: Record<string, unknown>): Promise<CompressedPart> {
  return compressPart(await app.view(template, { ...data, h: viewHelpers }));
}

const partBytes = (part: CompressedPart) => part.bytes;

export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  app.get('/dashboard', { config: read }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const year = yearOf(request.query);
    if (user.role === 'curator' || user.role === 'school_head') return reply.redirect(`/dashboard/schools/${user.organizationId}?year=${year}`, 303);
    const known = request.municipality;
    const municipality = await municipalityOf(app.db, user, known);
    const rank = rankOf(request);
    const title = `Показатели наставничества: ${municipality.name}, ${year} год`;
    const coordinator = user.role === 'coordinator';
    const { value: content } = await cached(app.db, { id: municipality.id, known }, `page:municipal:${year}:${rank ?? ''}:${coordinator}`, async (refreshedAt) =>
      body(app, 'indicators/dashboard', {
        title,
        dashboard: await municipalDashboard(app.db, municipality, year, rank),
        refreshedAt,
        labels,
        showCompleteness: coordinator,
        canEnterValues: coordinator,
      }),
      partBytes,
    );
    return reply.renderAround('indicators/page', { title }, content);
  });

  app.get('/dashboard/schools/:id', { config: read }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const year = yearOf(request.query);
    const known = request.municipality;
    const { school, municipality } = await schoolInScope(app.db, user, idFrom(request.params), known);
    const isMunicipal = user.role === 'coordinator' || user.role === 'department';
    const curator = user.role === 'curator';
    const title = `Показатели наставничества: ${school.name}, ${year} год`;
    const { value: content } = await cached(app.db, { id: municipality.id, known }, `page:school:${school.id}:${year}:${isMunicipal}:${curator}`, async (refreshedAt) =>
      body(app, 'indicators/school', {
        title,
        dashboard: await schoolDashboard(app.db, school, municipality, year),
        refreshedAt,
        labels,
        isMunicipal,
        canEnterValues: curator,
      }),
      partBytes,
    );
    return reply.renderAround(
      'indicators/page',
      { title, breadcrumbs: isMunicipal ? [{ label: 'Показатели муниципалитета', href: `/dashboard?year=${year}` }, { label: school.name }] : undefined },
      content,
    );
  });

  app.get('/dashboard/indicators/:id', { config: municipal }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const year = yearOf(request.query);
    const known = request.municipality;
    const indicator = await indicatorInScope(app.db, user, idFrom(request.params), known);
    const municipality = await municipalityOf(app.db, user, known);
    const { value: content } = await cached(app.db, { id: municipality.id, known }, `page:indicator:${indicator.id}:${year}`, async (refreshedAt) =>
      body(app, 'indicators/indicator', { indicator, page: await indicatorPage(app.db, indicator, municipality, year), refreshedAt, labels }),
      partBytes,
    );
    return reply.renderAround(
      'indicators/page',
      {
        title: `${indicator.code}. ${indicator.name}`,
        breadcrumbs: [{ label: 'Показатели муниципалитета', href: `/dashboard?year=${year}` }, { label: `Показатель ${indicator.code} по школам` }],
      },
      content,
    );
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
