import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import type { CurrentUser } from '../../auth/sessions.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { todayIso } from '../../lib/dates.js';
import { DOCX, XLSX } from '../../lib/mime.js';
import { formatDate } from '../../lib/ru.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { METHODS } from './catalogue.js';
import { PORTAL_NAME } from '../../http/render.js';
import { analyticalModel, buildAnalyticalDocx, cellText } from './report-docx.js';
import { analyticalReport, indicatorsReport, participantsReport, saveConclusions } from './report.js';
import { campaignBasis, reportCampaigns } from '../monitoring/summary.js';
import type { CampaignBasis } from './report-campaign.js';
import { campaignOf, conclusionsForm, periodCodeOf, periodInfo, yearOf } from './schemas.js';
import { STATUS_LABELS, STATUS_SYMBOLS } from './status.js';

const reports = { access: { roles: MODULE_ROLES.reports } };
const write = { access: { roles: MODULE_ROLES.indicatorsManage } };

async function sendXlsx(reply: FastifyReply, fileName: string, data: Buffer): Promise<FastifyReply> {
  return reply
    .header('content-type', XLSX.mediaType)
    .header('content-disposition', contentDisposition(fileName))
    .header('cache-control', 'no-store')
    .send(data);
}

export async function reportRoutes(app: FastifyInstance): Promise<void> {
  /** The campaign a report is made from (`?campaign=`; another municipality's: 404), and the year: the campaign's, else `?year=`. */
  const sourceOf = async (
    request: FastifyRequest,
    periodOf: (query: unknown) => number = yearOf,
  ): Promise<{ basis: CampaignBasis | null; year: number }> => {
    const id = campaignOf(request.query);
    const basis = id === null ? null : await campaignBasis(app.db, actorOf(request), id);
    return { basis, year: basis?.year ?? periodOf(request.query) };
  };

  app.get('/reports/indicators.xlsx', { config: reports }, async (request, reply) => {
    // The exports take a calendar or an academic year (?year=2024-25); the analytical report a calendar year.
    // With ?campaign=, the campaign's calendar year and its frozen figures.
    const { basis, year } = await sourceOf(request, periodCodeOf);
    return sendXlsx(
      reply,
      `Показатели наставничества ${periodInfo(year).param}${basis ? ` по итогам мониторинга ${basis.title}` : ''}.xlsx`,
      await indicatorsReport(app.db, request.user as CurrentUser, request.municipality, year, basis),
    );
  });

  app.get('/reports/participants.xlsx', { config: reports }, async (request, reply) => {
    const year = periodCodeOf(request.query);
    return sendXlsx(
      reply,
      `Участники наставничества ${periodInfo(year).param}.xlsx`,
      await participantsReport(app.db, request.user as CurrentUser, request.municipality, year),
    );
  });

  const renderReport = async (
    reply: FastifyReply,
    user: CurrentUser,
    year: number,
    form: { values?: Record<string, string>; errors?: FieldErrors } = {},
    status = 200,
    basis: CampaignBasis | null = null,
  ) => {
    const report = await analyticalReport(app.db, user, reply.request.municipality, year, basis);
    return reply.render(
      'indicators/report',
      {
        title: `Аналитическая справка за ${year} год`,
        ...report,
        year,
        values: form.values ?? { conclusions: report.saved?.conclusions ?? '' },
        errors: form.errors ?? {},
        labels: { status: STATUS_LABELS, statusSymbols: STATUS_SYMBOLS, units: { percent: '%', count: '' }, methods: METHODS },
        model: analyticalModel(report, year, PORTAL_NAME, formatDate(todayIso())),
        cellText,
        campaigns: await reportCampaigns(app.db, actorOf(reply.request)),
        campaignId: basis?.id ?? null,
        query: basis ? `campaign=${basis.id}` : `year=${year}`,
      },
      status,
    );
  };

  app.get('/reports/analytical', { config: reports }, async (request, reply) => {
    const { basis, year } = await sourceOf(request);
    return renderReport(reply, request.user as CurrentUser, year, {}, 200, basis);
  });

  app.get('/reports/analytical.docx', { config: reports }, async (request, reply) => {
    const { basis, year } = await sourceOf(request);
    const report = await analyticalReport(app.db, request.user as CurrentUser, request.municipality, year, basis);
    const data = await buildAnalyticalDocx(analyticalModel(report, year, PORTAL_NAME, formatDate(todayIso())));
    return reply
      .header('content-type', DOCX.mediaType)
      .header(
        'content-disposition',
        contentDisposition(`Аналитическая справка ${year}${basis ? ` по итогам мониторинга ${basis.title}` : ''}.docx`),
      )
      .header('cache-control', 'no-store')
      .send(data);
  });

  app.post('/reports/analytical', { config: write }, async (request, reply) => {
    const actor = actorOf(request);
    const fields = formValues(request.body);
    // The report shown with a campaign comes back to it (its year is the campaign's).
    const campaignId = campaignOf({ campaign: fields.campaign || undefined });
    const basis = campaignId === null ? null : await campaignBasis(app.db, actor, campaignId);
    const year = basis?.year ?? yearOf({ year: fields.year });
    const parsed = conclusionsForm.safeParse(fields);
    if (!parsed.success)
      return renderReport(reply, actor.user, year, { values: fields, errors: fieldErrors(parsed.error) }, 400, basis);
    await saveConclusions(app.db, actor, year, parsed.data.conclusions);
    reply.flash('success', 'Выводы справки сохранены.');
    return reply.redirect(`/reports/analytical?${basis ? `campaign=${basis.id}` : `year=${year}`}`, 303);
  });
}
