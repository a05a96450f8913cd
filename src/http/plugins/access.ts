import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { publicDir } from '../../paths.js';
import { HttpError } from '../errors.js';
import { safeNext } from '../next.js';
import type { RouteAccess } from '../types.js';

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  /** false: the route skips the same-origin and CSRF checks (http/types.ts). */
  csrf: false | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access declaration, for the access tests and for review. */
    registeredRoutes: RegisteredRoute[];
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Who may use a route, before its handler runs: every route declares `config.access` (http/types.ts)
 * and one that does not is closed; a signed-out visitor goes to the login page (GET) or gets 401; a
 * role the route does not list gets 403. A state-changing request must come from this site and carry
 * the form's CSRF token, unless the route says `csrf: false` (http/types.ts). Static files under
 * /public/ are public.
 */
export const access = fp(
  async (app: FastifyInstance) => {
    const registeredRoutes: RegisteredRoute[] = [];
    app.decorate('registeredRoutes', registeredRoutes);
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/public/')) {
        // Public, and never shed under overload: a file from disk costs little, and the «временно
        // недоступен» page needs its stylesheet.
        route.config = { ...(route.config ?? {}), access: 'public', pressureHandler: () => undefined } as typeof route.config;
      }
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (method === 'HEAD') continue;
        const config = route.config as { access?: RouteAccess; csrf?: false } | undefined;
        registeredRoutes.push({ method, url: route.url, access: config?.access, csrf: config?.csrf });
      }
    });
    await app.register(fastifyStatic, {
      root: publicDir,
      prefix: '/public/',
      maxAge: app.config.env === 'production' ? '1d' : 0,
    });

    app.addHook('preValidation', async (request, reply) => {
      await checkAccess(request, reply);
      if (reply.sent) return;
      if (UNSAFE_METHODS.has(request.method) && request.routeOptions.config.csrf !== false) {
        checkSameOrigin(request);
        await new Promise<void>((resolve, reject) => {
          app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve()));
        });
      }
    });
  },
  { name: 'access', dependencies: ['security', 'session'] },
);

async function checkAccess(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.is404) return;
  const access: RouteAccess | undefined = request.routeOptions.config.access;
  if (access === undefined) {
    // Deny by default: a route that forgot its declaration is closed, and a test names it.
    throw new HttpError(403, 'Доступ к этой странице не настроен.');
  }
  if (access === 'public') return;
  if (!request.user) {
    if (request.method === 'GET' || request.method === 'HEAD') {
      await reply.redirect(`/login?next=${encodeURIComponent(safeNext(request.url))}`, 303);
      return;
    }
    throw new HttpError(401, 'Сеанс завершён. Войдите снова.');
  }
  if (access === 'authenticated') return;
  if (!access.roles.includes(request.user.role)) {
    throw new HttpError(403, 'Этот раздел недоступен для вашей роли.');
  }
}

/** Refuses a state-changing request that a browser says comes from another site. */
function checkSameOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  let crossSite = site !== undefined && site !== 'same-origin' && site !== 'none';
  if (!crossSite && origin && origin !== 'null') {
    try {
      // Both through URL, so that a default port written or not compares equal.
      crossSite = new URL(origin).host !== new URL(`http://${request.headers.host ?? ''}`).host;
    } catch {
      crossSite = true;
    }
  }
  if (crossSite) {
    const error = new HttpError(403, 'cross-site request') as HttpError & { code: string };
    error.code = 'CROSS_SITE';
    throw error;
  }
}
