import { schoolBeforeAfter } from '../impact/diagnostics.js';
import { MENTORING_FORM_LABELS } from '../people/labels.js';
import type { FastifyInstance } from 'fastify';
import {
  canEnterValue,
  MODULE_ROLES,
  ownDashboardSchoolOf,
  readsMunicipalIndicators,
  seesDataCompleteness,
} from '../../access/policy.js';
import type { CurrentUser } from '../../auth/sessions.js';
import { type CompressedPart, compressPart } from '../../http/compression.js';
import { NotFoundError } from '../../http/errors.js';
import { idFrom } from '../../http/forms.js';
import { viewHelpers } from '../../http/render.js';
import { cached } from './cache.js';
import { CONTINGENT_KINDS, DIRECTION_LABELS, LEVEL_LABELS, METHODS, UNIT_LABELS } from './catalogue.js';
import { indicatorPage, municipalDashboard, PAIR_STATUS_LABELS, schoolDashboard } from './dashboard.js';
import { explainValue } from './explain.js';
import { municipalityOf, readableIndicator, readableSchool } from './lookup.js';
import { indicatorOrgParams, periodCodeOf, periodInfo, rankOf } from './schemas.js';
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
    const year = periodCodeOf(request.query);
    const period = periodInfo(year);
    const ownSchool = ownDashboardSchoolOf(user);
    if (ownSchool !== null) return reply.redirect(`/dashboard/schools/${ownSchool}?year=${period.param}`, 303);
    const known = request.municipality;
    const municipality = await municipalityOf(app.db, user, known);
    const rank = rankOf(request.query);
    const title = `Показатели наставничества: ${municipality.name}, ${period.label}`;
    const showCompleteness = seesDataCompleteness(user, municipality.id);
    const canEnterValues = canEnterValue(user, { id: municipality.id, type: 'municipality', municipality_id: municipality.id });
    const { value: content } = await cached(
      app.db,
      { id: municipality.id, known },
      `page:municipal:${year}:${rank ?? ''}:${showCompleteness}:${canEnterValues}`,
      async (refreshedAt) =>
        body(app, 'indicators/dashboard', {
          title,
          dashboard: await municipalDashboard(app.db, municipality, year, rank),
          refreshedAt,
          labels,
          showCompleteness,
          canEnterValues,
        }),
      partBytes,
    );
    // The completeness table has a column per kind of gap: the page takes the width of the screen.
    return reply.renderAround('indicators/page', { title, wide: true }, content);
  });

  app.get('/dashboard/schools/:id', { config: read }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const year = periodCodeOf(request.query);
    const period = periodInfo(year);
    const known = request.municipality;
    const { school, municipality } = await readableSchool(app.db, user, idFrom(request.params), known);
    const isMunicipal = readsMunicipalIndicators(user);
    const canEnterValues = canEnterValue(user, { id: school.id, type: 'school', municipality_id: municipality.id });
    const title = `Показатели наставничества: ${school.name}, ${period.label}`;
    const { value: content } = await cached(
      app.db,
      { id: municipality.id, known },
      `page:school:${school.id}:${year}:${isMunicipal}:${canEnterValues}`,
      async (refreshedAt) =>
        body(app, 'indicators/school', {
          title,
          dashboard: await schoolDashboard(app.db, school, municipality, year),
          refreshedAt,
          labels,
          isMunicipal,
          canEnterValues,
        }),
      partBytes,
    );
    return reply.renderAround(
      'indicators/page',
      {
        title,
        breadcrumbs: isMunicipal
          ? [{ label: 'Показатели муниципалитета', href: `/dashboard?year=${period.param}` }, { label: school.name }]
          : undefined,
        // Issue 18: «до / после» of the school's pairs, outside the cached part (answers do not bump its version)
        impactRows: await schoolBeforeAfter(app.db, school.id),
        impactForms: MENTORING_FORM_LABELS,
      },
      content,
    );
  });

  app.get('/dashboard/indicators/:id', { config: municipal }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const year = periodCodeOf(request.query);
    const period = periodInfo(year);
    const known = request.municipality;
    const indicator = await readableIndicator(app.db, user, idFrom(request.params), known);
    const municipality = await municipalityOf(app.db, user, known);
    const { value: content } = await cached(
      app.db,
      { id: municipality.id, known },
      `page:indicator:${indicator.id}:${year}`,
      async (refreshedAt) =>
        body(app, 'indicators/indicator', {
          indicator,
          page: await indicatorPage(app.db, indicator, municipality, year),
          refreshedAt,
          labels,
        }),
      partBytes,
    );
    return reply.renderAround(
      'indicators/page',
      {
        title: `${indicator.code}. ${indicator.name}`,
        breadcrumbs: [
          { label: 'Показатели муниципалитета', href: `/dashboard?year=${period.param}` },
          { label: `Показатель ${indicator.code} по школам` },
        ],
      },
      content,
    );
  });

  app.get('/dashboard/indicators/:id/organizations/:orgId', { config: read }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const year = periodCodeOf(request.query);
    const period = periodInfo(year);
    const params = indicatorOrgParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError();
    const explanation = await explainValue(app.db, user, params.data.id, params.data.orgId, year);
    const isMunicipal = readsMunicipalIndicators(user);
    return reply.render('indicators/explain', {
      title: `Как получено значение ${explanation.indicator.code} за ${period.label}`,
      breadcrumbs: [
        isMunicipal && explanation.organization.type === 'school'
          ? {
              label: `Показатель ${explanation.indicator.code} по школам`,
              href: `/dashboard/indicators/${explanation.indicator.id}?year=${period.param}`,
            }
          : explanation.organization.type === 'school'
            ? { label: 'Показатели школы', href: `/dashboard/schools/${explanation.organization.id}?year=${period.param}` }
            : { label: 'Показатели муниципалитета', href: `/dashboard?year=${period.param}` },
        { label: 'Как получено значение' },
      ],
      explanation,
      year,
      labels,
    });
  });
}
