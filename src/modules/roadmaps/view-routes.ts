import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorOf } from '../../http/actor.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { idOf } from '../../http/ids.js';
import { XLSX } from '../../lib/mime.js';
import { formatDate } from '../../lib/ru.js';
import { exportFileName, roadmapWorkbook } from './export-xlsx.js';
import { orderText, periodText } from './labels.js';
import { todayIso } from './overdue.js';
import { read, roadmapCrumbs } from './route-helpers.js';
import { timelineQuery } from './schemas.js';
import { roadmapDocument } from './service.js';
import { buildTimeline, MARKS } from './timeline.js';

/**
 * Three more views of a roadmap, all read-only and open to whoever may read it: the .xlsx in
 * the document's own column layout (export-xlsx.ts), a print view like the paper document
 * (A4 landscape) and a timeline by month (timeline.ts).
 */

function download(reply: FastifyReply, name: string, fallback: string, data: Buffer) {
  return reply
    .header('content-type', XLSX.mediaType)
    .header('content-disposition', contentDisposition(name, { fallback }))
    .header('cache-control', 'no-store')
    .send(data);
}

export async function viewRoutes(app: FastifyInstance): Promise<void> {
  app.get('/roadmaps/:id/export.xlsx', { config: read }, async (request, reply) => {
    const { roadmap, items, tracked } = await roadmapDocument(app.db, actorOf(request), idOf(request.params));
    const data = await roadmapWorkbook(roadmap, items, todayIso(), tracked);
    return download(reply, exportFileName(roadmap), `roadmap-${roadmap.id}.xlsx`, data);
  });

  app.get('/roadmaps/:id/print', { config: read }, async (request, reply) => {
    const { roadmap, items } = await roadmapDocument(app.db, actorOf(request), idOf(request.params));
    return reply.render('roadmaps/print', {
      title: `${roadmap.title} — печатная форма`,
      roadmap,
      items,
      hasExpected: items.some((i) => i.kind === 'item' && i.expected),
      order: orderText(roadmap),
      period: periodText(roadmap),
      printedOn: formatDate(todayIso()),
    });
  });

  app.get('/roadmaps/:id/timeline', { config: read }, async (request, reply) => {
    const asked = timelineQuery.parse(request.query ?? {}).year;
    const { roadmap, items, tracked } = await roadmapDocument(app.db, actorOf(request), idOf(request.params));
    const year = asked !== undefined && asked >= roadmap.period_from && asked <= roadmap.period_to ? asked : undefined;
    const timeline = buildTimeline(roadmap, items, todayIso(), year, tracked);
    const years: number[] = [];
    for (let y = roadmap.period_from; y <= roadmap.period_to; y++) years.push(y);
    return reply.render('roadmaps/timeline', {
      title: year === undefined ? `Сроки по месяцам: ${roadmap.title}` : `Сроки по месяцам, ${year} год: ${roadmap.title}`,
      breadcrumbs: roadmapCrumbs(roadmap, 'Сроки по месяцам'),
      roadmap,
      timeline,
      year: year ?? null,
      years,
      period: periodText(roadmap),
      marks: MARKS,
    });
  });
}
