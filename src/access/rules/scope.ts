import type { CurrentUser } from '../../auth/sessions.js';

/** What part of the portal a user's lists are limited to. */
export type Scope =
  | { kind: 'all' }
  | { kind: 'municipality'; municipalityId: number }
  | { kind: 'organization'; organizationId: number }
  | { kind: 'self'; userId: number };

export function scopeOf(user: CurrentUser): Scope {
  switch (user.role) {
    case 'admin':
      return { kind: 'all' };
    case 'department':
    case 'coordinator':
      // A municipality-level user always belongs to a municipality; fail closed if not.
      return user.municipalityId === null
        ? { kind: 'self', userId: user.id }
        : { kind: 'municipality', municipalityId: user.municipalityId };
    case 'school_head':
    case 'curator':
      return { kind: 'organization', organizationId: user.organizationId };
    case 'mentor':
    case 'mentee':
    // The regional operator reads the monitoring of its region's municipalities (campaignsInScope), no accounts but its own.
    case 'region':
      return { kind: 'self', userId: user.id };
  }
}
