import type { FastifyInstance } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { pageUrl } from '../../lib/pagination.js';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, AUDIT_FIELD_LABELS } from './labels.js';
import { auditListQuery } from './schemas.js';
import { auditLog } from './service.js';

export async function auditRoutes(app: FastifyInstance): Promise<void> {
  app.get('/audit', { config: { access: { roles: MODULE_ROLES.audit } } }, async (request, reply) => {
    const actor = actorOf(request);
    const query = auditListQuery.parse(request.query);
    const page = await auditLog(app.db, actor, query);
    const filters = {
      action: query.action,
      entity: query.entity,
      entity_id: query.entity_id,
      user: query.user ? String(query.user) : undefined,
      from: query.from,
      to: query.to,
    };
    return reply.render('audit/list', {
      title: 'Журнал действий',
      page,
      filters,
      urlFor: (n: number) => pageUrl('/audit', filters, n),
      actionLabels: AUDIT_ACTION_LABELS,
      entityLabels: AUDIT_ENTITY_LABELS,
      fieldLabels: AUDIT_FIELD_LABELS,
    });
  });
}
