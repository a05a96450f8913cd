import type { FastifyInstance } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { MENTEE_CATEGORY_LABELS, MENTOR_CATEGORY_LABELS } from './labels.js';
import { curatorsOf, registerTable } from './queries.js';

/** The municipal registers the regulation asks for: presets over the bases and a count per school. */
export async function municipalRegisterRoutes(app: FastifyInstance): Promise<void> {
  const config = { access: { roles: MODULE_ROLES.registers } };

  app.get('/registers', { config }, async (request, reply) => {
    const actor = actorOf(request);
    const table = await registerTable(app.db, actor.user);
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
