import type { CurrentUser, MunicipalityState } from '../auth/sessions.js';
import type { Role } from '../db/types.js';
import type { CompressedPart } from './compression.js';
import type { Flash } from './flash.js';

/**
 * Who may use a route; every route declares one (tests/integration/routes-declared.test.ts):
 * - 'public': anyone, signed in or not;
 * - 'authenticated': any signed-in user;
 * - { roles }: signed-in users of these roles; the others get 403.
 * Scope (own organisation, own municipality) is checked further down, by the service.
 */
export type RouteAccess = 'public' | 'authenticated' | { roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /**
     * false: a state-changing request to this route skips the same-origin and CSRF checks (the access
     * plugin). Only for a route whose secret is in its address and whose act is harmless to force:
     * the one-click unsubscribe of mails (RFC 8058), which mail clients post from elsewhere.
     */
    csrf?: false;
    /**
     * What a route answers under overload instead of the 503 page (http/overload.ts, as
     * @fastify/under-pressure calls it): a value is sent as the answer; nothing lets the request through.
     */
    pressureHandler?: (request: FastifyRequest, reply: FastifyReply) => unknown;
  }
  interface FastifyRequest {
    user: CurrentUser | null;
    sessionId: string | null;
    /** The signed-in user's municipality, read with the session (see MunicipalityState). */
    municipality: MunicipalityState | null;
    /** The signed-in user's unread notifications, read with the session (the header's bell). */
    unreadNotifications: number;
  }
  interface FastifyReply {
    /** Renders a page inside the base layout, with the data every page needs. */
    render(template: string, data?: Record<string, unknown>, statusCode?: number): Promise<FastifyReply>;
    /** The same, around content rendered and compressed earlier (`it.content` in the template); 200. */
    renderAround(template: string, data: Record<string, unknown>, part: CompressedPart): Promise<FastifyReply>;
    /** Sets the message shown on the next page, typically before a redirect. */
    flash(type: Flash['type'], text: string): FastifyReply;
  }
}
