import type { FastifyRequest } from 'fastify';
import type { Actor } from '../modules/audit/service.js';

/** The signed-in user and address of a request, for services. Only on routes that require sign-in. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.user) throw new Error('actorOf called on an anonymous request');
  return { user: request.user, ip: request.ip };
}
