import type { FastifyInstance, FastifyReply } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { NotFoundError } from '../../http/errors.js';
import { idOf } from '../../http/ids.js';
import { XLSX } from '../../lib/mime.js';
import { layoutOf, regionExportQuery } from './schemas.js';
import { campaignExport, type ExportFile, regionExport, regionExportChoice } from './service.js';
import { EXPORT_LAYOUTS, LAYOUT_TITLES } from './xlsx.js';

const exportsOfCampaign = { access: { roles: MODULE_ROLES.monitoringExports } };
const exportsOfRegion = { access: { roles: MODULE_ROLES.regionExports } };

function sendXlsx(reply: FastifyReply, file: ExportFile) {
  return reply
    .header('content-type', XLSX.mediaType)
    .header('content-disposition', contentDisposition(file.fileName))
    .header('cache-control', 'no-store')
    .send(file.data);
}

/** The exports of accepted monitoring snapshots: of a campaign, and of the region for a period. */
export async function regionRoutes(app: FastifyInstance): Promise<void> {
  app.get('/monitoring/:id/exports/:layout', { config: exportsOfCampaign }, async (request, reply) =>
    sendXlsx(reply, await campaignExport(app.db, actorOf(request), idOf(request.params), layoutOf(request.params))),
  );

  app.get('/region/exports', { config: exportsOfRegion }, async (request, reply) => {
    const { period } = regionExportQuery.parse(request.query ?? {});
    const choice = await regionExportChoice(app.db, actorOf(request), period);
    return reply.render('region/exports', {
      title: 'Выгрузки для региона',
      breadcrumbs: [{ label: 'Выгрузки для региона' }],
      ...choice,
      layouts: EXPORT_LAYOUTS.map((layout) => ({ layout, title: LAYOUT_TITLES[layout] })),
    });
  });

  app.get('/region/exports/:layout', { config: exportsOfRegion }, async (request, reply) => {
    const { period } = regionExportQuery.parse(request.query ?? {});
    if (period === undefined) throw new NotFoundError();
    return sendXlsx(reply, await regionExport(app.db, actorOf(request), period, layoutOf(request.params)));
  });
}
