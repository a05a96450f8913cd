import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { MODULE_ROLES } from '../../access/policy.js';
import type { Database } from '../../db/types.js';
import type { RouteAccess } from '../../http/types.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import type { Actor } from '../audit/service.js';
import { agreeForm, returnAgreementForm, sendForAgreementForm } from './schemas.js';
import type { AgreementResult } from './service.js';

/** What an object's module (roadmaps, programmes) gives the three routes of its agreement by the centre. */
export interface AgreementObjectRoutes {
  /** The object's address, e.g. `/roadmaps`: the routes are `<base>/:id/agreement/send|agree|return`. */
  base: string;
  send(db: Kysely<Database>, actor: Actor, id: number, note: string | null): Promise<AgreementResult>;
  answer(
    db: Kysely<Database>,
    actor: Actor,
    id: number,
    outcome: 'agreed' | 'returned',
    comment: string | null,
  ): Promise<AgreementResult>;
  /** The flash after each act. */
  done: { send: string; agree: string; return: string };
  /** The object's page again, with the form's errors (400) or the act's refusal (409). */
  renderFailed(
    request: FastifyRequest,
    reply: FastifyReply,
    failure: { values: Record<string, string>; errors: FieldErrors },
    status: 400 | 409,
  ): Promise<unknown>;
}

const sendToCentre = { access: { roles: MODULE_ROLES.centreAgreementSend } };
const answerAsCentre = { access: { roles: MODULE_ROLES.centreAgreementAnswer } };

/** Registers `send`, `agree` and `return` of an object's agreement by the methodological centre. */
export function agreementObjectRoutes(app: FastifyInstance, object: AgreementObjectRoutes): void {
  const register = (
    step: 'send' | 'agree' | 'return',
    config: { access: RouteAccess },
    act: (actor: Actor, id: number, values: Record<string, string>) => Promise<AgreementResult | { errors: FieldErrors }>,
  ) =>
    app.post(`${object.base}/:id/agreement/${step}`, { config }, async (request, reply) => {
      const values = formValues(request.body);
      const id = idOf(request.params);
      const result = await act(actorOf(request), id, values);
      if ('errors' in result) return object.renderFailed(request, reply, { values, errors: result.errors }, 400);
      if (!result.ok) return object.renderFailed(request, reply, { values, errors: { _form: result.message } }, 409);
      reply.flash('success', object.done[step]);
      return reply.redirect(`${object.base}/${id}`, 303);
    });

  register('send', sendToCentre, async (actor, id, values) => {
    const parsed = sendForAgreementForm.safeParse(values);
    if (!parsed.success) return { errors: fieldErrors(parsed.error) };
    return object.send(app.db, actor, id, parsed.data.agreement_note);
  });
  register('agree', answerAsCentre, async (actor, id, values) => {
    const parsed = agreeForm.safeParse(values);
    if (!parsed.success) return { errors: fieldErrors(parsed.error) };
    return object.answer(app.db, actor, id, 'agreed', parsed.data.agreement_comment);
  });
  register('return', answerAsCentre, async (actor, id, values) => {
    const parsed = returnAgreementForm.safeParse(values);
    if (!parsed.success) return { errors: fieldErrors(parsed.error) };
    return object.answer(app.db, actor, id, 'returned', parsed.data.agreement_comment);
  });
}
