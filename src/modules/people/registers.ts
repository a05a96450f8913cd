import type { FastifyInstance } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { organizationOptions } from '../organizations/queries.js';
import { MENTEE_CATEGORY_LABELS, MENTOR_CATEGORY_LABELS } from './labels.js';
import { countsBySchool, curatorsOf } from './queries.js';

/** The municipal registers the regulation asks for: presets over the bases and a count per school. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  const config = { access: { roles: MODULE_ROLES.registers } };

  app.get('/registers', { config }, async (request, reply) => {
    const actor = actorOf(request);
    const schools = await organizationOptions(app.db, actor.user, ['school']);
    const mentors = await countsBySchool(app.db, actor.user, 'mentors');
    const mentees = await countsBySchool(app.db, actor.user, 'mentees');
    const table = schools.map((s) => {
      const m = mentors.filter((r) => r.organization_id === s.id);
      const e = mentees.filter((r) => r.organization_id === s.id);
      const sum = (rows: typeof m, key: 'total' | 'without_consent') => rows.reduce((a, r) => a + r[key], 0);
      return {
        id: s.id,
        name: s.short_name,
        mentors: Object.fromEntries(m.map((r) => [r.category, r.total])) as Record<string, number>,
        mentees: Object.fromEntries(e.map((r) => [r.category, r.total])) as Record<string, number>,
        mentorTotal: sum(m, 'total'),
        menteeTotal: sum(e, 'total'),
        withoutConsent: sum(m, 'without_consent') + sum(e, 'without_consent'),
      };
    });
    const curators = actor.user.municipalityId === null ? [] : await curatorsOf(app.db, actor.user.municipalityId);
    return reply.render('registers/index', {
      title: 'Муниципальные реестры',
      table,
      curators,
      mentorCategories: MENTOR_CATEGORY_LABELS,
      menteeCategories: MENTEE_CATEGORY_LABELS,
    });
  });
}
