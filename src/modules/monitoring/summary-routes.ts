import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/actor.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { idOf } from '../../http/ids.js';
import { XLSX } from '../../lib/mime.js';
import { campaignSummary, numberText, RULE_LABELS } from './summary.js';
import { summaryWorkbook } from './summary-xlsx.js';

/**
 * Any signed-in user reaches the summary's routes; the service answers 404 to everyone but the
 * campaign municipality's coordinator and department and its region's operator (canViewCampaignSummary), so that schools,
 * participants and other municipalities cannot tell a campaign exists.
 */
const signedIn = { access: 'authenticated' as const };

export async function summaryRoutes(app: FastifyInstance): Promise<void> {
  app.get('/monitoring/:id/summary', { config: signedIn }, async (request, reply) => {
    const { campaign, summary, textsWithheld } = await campaignSummary(app.db, actorOf(request), idOf(request.params));
    return reply.render('monitoring/summary', {
      textsWithheld,
      title: `Сводка: ${campaign.title}`,
      breadcrumbs: [
        { label: 'Мониторинг', href: '/monitoring' },
        { label: campaign.title, href: `/monitoring/${campaign.id}` },
        { label: 'Сводка по муниципалитету' },
      ],
      campaign,
      summary,
      rules: RULE_LABELS,
      num: numberText,
    });
  });

  app.get('/monitoring/:id/summary.xlsx', { config: signedIn }, async (request, reply) => {
    const { campaign, summary } = await campaignSummary(app.db, actorOf(request), idOf(request.params));
    return reply
      .header('content-type', XLSX.mediaType)
      .header('content-disposition', contentDisposition(`Сводка ${campaign.title}.xlsx`))
      .header('cache-control', 'no-store')
      .send(await summaryWorkbook(campaign, summary));
  });
}
