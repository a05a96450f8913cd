import type { FastifyInstance, FastifyReply } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { idOf } from '../../http/ids.js';
import { todayIso } from '../../lib/dates.js';
import { DOCX } from '../../lib/mime.js';
import { countOf, formatDate } from '../../lib/ru.js';
import { EVENT_KIND_LABELS, EVENT_LEVEL_LABELS, EVENT_RESULT_LABELS } from '../events/labels.js';
import { PAIR_STATUS_LABELS } from '../pairs/labels.js';
import { MENTOR_CATEGORY_LABELS, MENTORING_FORM_LABELS } from '../people/labels.js';
import { AWARD_KIND_LABELS, AWARD_LEVEL_LABELS, fullNameOf } from '../recognition/labels.js';
import { buildPortfolioDocx } from './docx.js';
import { ownPortfolio, type Portfolio, portfolioOf } from './service.js';

/**
 * The mentor's portfolio (issue 18): `/mentors/:id/portfolio` one mentor's (its school's staff, the
 * municipality, the mentor itself), `/mentors/:id/portfolio/print` the same as an A4 document for
 * attestation (no student named) and `/mentors/:id/portfolio.docx` the same to edit and sign,
 * `/portfolio` the mentor's own by its account.
 */

const read = { access: { roles: MODULE_ROLES.portfolio } };
const own = { access: { roles: MODULE_ROLES.portfolioOwn } };

const labels = {
  categories: MENTOR_CATEGORY_LABELS,
  forms: MENTORING_FORM_LABELS,
  statuses: PAIR_STATUS_LABELS,
  eventKinds: EVENT_KIND_LABELS,
  eventLevels: EVENT_LEVEL_LABELS,
  eventResults: EVENT_RESULT_LABELS,
  awardKinds: AWARD_KIND_LABELS,
  awardLevels: AWARD_LEVEL_LABELS,
};

const helpers = { labels, fullName: fullNameOf, formatDate, countOf };

export async function portfolioRoutes(app: FastifyInstance): Promise<void> {
  const renderScreen = (reply: FastifyReply, portfolio: Portfolio, ownPage: boolean) => {
    const name = fullNameOf(portfolio.mentor);
    return reply.render('portfolio/page', {
      ...helpers,
      title: ownPage ? 'Моё портфолио' : `Портфолио наставника: ${name}`,
      p: portfolio,
      name,
      breadcrumbs: ownPage
        ? []
        : [
            { label: 'Наставники', href: '/mentors' },
            { label: name, href: `/mentors/${portfolio.mentor.id}` },
            { label: 'Портфолио' },
          ],
    });
  };

  app.get('/portfolio', { config: own }, async (request, reply) => {
    const portfolio = await ownPortfolio(app.db, actorOf(request));
    if (portfolio) return renderScreen(reply, portfolio, true);
    return reply.render('portfolio/own', { title: 'Моё портфолио' });
  });

  app.get('/mentors/:id/portfolio', { config: read }, async (request, reply) => {
    return renderScreen(reply, await portfolioOf(app.db, actorOf(request), idOf(request.params)), false);
  });

  app.get('/mentors/:id/portfolio/print', { config: read }, async (request, reply) => {
    const portfolio = await portfolioOf(app.db, actorOf(request), idOf(request.params));
    return reply.render('portfolio/print', {
      ...helpers,
      title: `Портфолио наставника: ${fullNameOf(portfolio.mentor)}`,
      p: portfolio,
      name: fullNameOf(portfolio.mentor),
      today: formatDate(todayIso()),
    });
  });

  app.get('/mentors/:id/portfolio.docx', { config: read }, async (request, reply) => {
    const portfolio = await portfolioOf(app.db, actorOf(request), idOf(request.params));
    const data = await buildPortfolioDocx(portfolio, formatDate(todayIso()));
    return reply
      .header('content-type', DOCX.mediaType)
      .header('content-disposition', contentDisposition(`Портфолио наставника ${fullNameOf(portfolio.mentor)}.docx`))
      .header('cache-control', 'private, no-store')
      .send(data);
  });
}
