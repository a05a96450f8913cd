import type { FastifyInstance } from 'fastify';
import { homeFlags, MODULE_ROLES } from '../../access/policy.js';
import { ROLE_LABELS } from '../../access/roles.js';
import { todayIso } from '../../lib/dates.js';
import { menteeHomeData, mentorHomeData, PAIR_VIEW_LABELS } from '../pairs/pair-page.js';
import { pairCounts } from '../pairs/queries.js';
import { awaitingApproval, upcomingItems } from '../roadmaps/queries.js';
import { pendingSurveys } from '../surveys/queries.js';
import { formatLongDate } from '../../lib/ru.js';
import { basesSummary, contactsOf, organizationName, schoolsWithoutCurator, scopeCounts } from './queries.js';

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { access: 'public' } }, async (request, reply) => {
    const user = request.user;
    if (!user) return reply.render('home/public', { title: 'Муниципальный портал наставничества' });
    const today = formatLongDate(new Date());
    const readsRoadmaps = (MODULE_ROLES.roadmaps as readonly string[]).includes(user.role);
    const upcoming = readsRoadmaps ? await upcomingItems(app.db, user, todayIso()) : [];
    const toApprove = await awaitingApproval(app.db, user);
    const readsPairs = user.role !== 'admin' && user.role !== 'mentor' && user.role !== 'mentee';
    const pairs = readsPairs ? await pairCounts(app.db, user, todayIso()) : null;
    switch (user.role) {
      case 'admin':
      case 'department':
      case 'coordinator': {
        const counts = await scopeCounts(app.db, user);
        const municipality = await organizationName(app.db, user.municipalityId);
        const missingCurators = user.role === 'admin' ? [] : await schoolsWithoutCurator(app.db, user);
        return reply.render('home/municipal', {
          title: 'Главная',
          today,
          counts,
          municipality,
          missingCurators,
          upcoming,
          toApprove,
          pairs,
          roleLabels: ROLE_LABELS,
          ...homeFlags(user),
        });
      }
      case 'school_head':
      case 'curator': {
        const counts = await scopeCounts(app.db, user);
        const bases = await basesSummary(app.db, user.organizationId);
        return reply.render('home/school', { title: 'Главная', today, counts, bases, upcoming, toApprove, pairs, roleLabels: ROLE_LABELS, ...homeFlags(user) });
      }
      case 'mentor':
      case 'mentee': {
        const contacts = await contactsOf(app.db, user);
        // «Мои пары»: null when the account is linked to no record of the bases (the curator links it).
        const pairs = user.role === 'mentor' ? await mentorHomeData(app.db, user, todayIso()) : await menteeHomeData(app.db, user, todayIso());
        // «Анкеты»: open surveys the person is invited to and has not answered.
        const surveys = await pendingSurveys(app.db, user, todayIso());
        return reply.render('home/participant', { title: 'Главная', today, contacts, pairs, surveys, labels: PAIR_VIEW_LABELS, roleLabels: ROLE_LABELS, ...homeFlags(user) });
      }
    }
  });
}
