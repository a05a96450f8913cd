import type { CurrentUser } from '../../auth/sessions.js';
import { mayOpen } from './modules.js';

/** The periodic jobs' state, errors included, is the portal administrator's. */
export function canViewJobs(user: CurrentUser): boolean {
  return mayOpen(user, 'jobs');
}
