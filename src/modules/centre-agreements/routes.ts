import type { FastifyInstance, FastifyReply } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { formatDate } from '../../lib/ru.js';
import { AGREEMENT_OBJECT_NAMES } from './labels.js';
import { ORDER_FIELD_LABELS, orderForm } from './schemas.js';
import { orderCandidates, recordOrder, waitingList } from './service.js';

/**
 * The list of what the municipality's schools sent to the methodological centre and it has not
 * answered yet (`/centre-agreements`, the coordinator's work list, read by the department too), and
 * the department's approving order for several objects its methodological centre agreed
 * (`/centre-agreements/order`): the list with checkboxes, the order's number and date. The acts of
 * the agreement itself are on the objects' pages (roadmaps/roadmap-routes.ts, programmes/routes.ts).
 */

const order = { access: { roles: MODULE_ROLES.centreAgreementOrder } };
const queue = { access: { roles: MODULE_ROLES.centreAgreementQueue } };

export async function centreAgreementRoutes(app: FastifyInstance): Promise<void> {
  const renderOrder = async (
    reply: FastifyReply,
    values: Record<string, string | string[]>,
    errors: FieldErrors,
    status = 200,
  ) => {
    const rows = await orderCandidates(app.db, actorOf(reply.request));
    const chosen = new Set([values.agreement ?? []].flat().map(String));
    return reply.render(
      'centre-agreements/order',
      {
        title: 'Приказ об утверждении согласованных документов',
        breadcrumbs: [{ label: 'Дорожные карты', href: '/roadmaps' }, { label: 'Приказ об утверждении' }],
        rows,
        chosen,
        values,
        errors,
        labels: ORDER_FIELD_LABELS,
        objectNames: AGREEMENT_OBJECT_NAMES,
        formatDate,
      },
      status,
    );
  };

  app.get('/centre-agreements', { config: queue }, async (request, reply) => {
    const rows = await waitingList(app.db, actorOf(request));
    return reply.render('centre-agreements/queue', {
      title: 'Ждут согласования методического центра',
      rows,
      formatDate,
    });
  });

  app.get('/centre-agreements/order', { config: order }, async (_request, reply) => renderOrder(reply, {}, {}));

  app.post('/centre-agreements/order', { config: order }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string | string[]>;
    const values = { ...formValues(body), agreement: body.agreement ?? [] };
    const parsed = orderForm.safeParse(values);
    if (!parsed.success) return renderOrder(reply, values, fieldErrors(parsed.error), 400);
    const result = await recordOrder(app.db, actorOf(request), parsed.data);
    if (!result.ok) return renderOrder(reply, values, { _form: result.message }, 409);
    const n = parsed.data.agreement.length;
    reply.flash(
      'success',
      `Приказ № ${parsed.data.order_number} от ${formatDate(parsed.data.order_date)} записан (документов: ${n}).`,
    );
    return reply.redirect('/centre-agreements/order', 303);
  });
}
