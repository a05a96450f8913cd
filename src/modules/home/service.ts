import type { Kysely } from 'kysely';
import {
  browsesPairs,
  type HomePage,
  homeFlags,
  homePageOf,
  mayOpen,
  readsAsMentor,
  watchesSchoolCurators,
} from '../../access/policy.js';
import { ROLE_LABELS } from '../../access/roles.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import { todayIso } from '../../lib/dates.js';
import { formatLongDate } from '../../lib/ru.js';
import { menteeHomeData, mentorHomeData } from '../pairs/home-cards.js';
import { PAIR_VIEW_LABELS } from '../pairs/pair-page.js';
import { pairCounts } from '../pairs/queries.js';
import { awaitingApproval, upcomingItems } from '../roadmaps/queries.js';
import { pendingSurveys } from '../surveys/queries.js';
import { basesSummary, contactsOf, organizationName, schoolsWithoutCurator, scopeCounts } from './queries.js';

/** The signed-in user's home page: which one (views/home/<page>.eta) and what it shows. */
export async function homePage(
  db: Kysely<Database>,
  user: CurrentUser,
  now: Date = new Date(),
): Promise<{ page: HomePage; data: Record<string, unknown> }> {
  const page = homePageOf(user);
  const today = todayIso();
  const common = { title: 'Главная', today: formatLongDate(now), roleLabels: ROLE_LABELS, ...homeFlags(user) };
  if (page === 'participant') {
    // «Мои пары»: null when the account is linked to no record of the bases (the curator links it).
    const pairs = readsAsMentor(user) ? await mentorHomeData(db, user, today) : await menteeHomeData(db, user, today);
    // «Анкеты»: open surveys the person is invited to and has not answered.
    const surveys = await pendingSurveys(db, user, today);
    return { page, data: { ...common, contacts: await contactsOf(db, user), pairs, surveys, labels: PAIR_VIEW_LABELS } };
  }
  const upcoming = mayOpen(user, 'roadmaps') ? await upcomingItems(db, user, today) : [];
  const toApprove = await awaitingApproval(db, user);
  const pairs = browsesPairs(user) ? await pairCounts(db, user, today) : null;
  const counts = await scopeCounts(db, user);
  if (page === 'school') {
    return {
      page,
      data: {
        ...common,
        counts,
        bases: await basesSummary(db, user.organizationId, user.municipalityId),
        upcoming,
        toApprove,
        pairs,
      },
    };
  }
  const municipality = await organizationName(db, user.municipalityId);
  const missingCurators = watchesSchoolCurators(user) ? await schoolsWithoutCurator(db, user) : [];
  return { page, data: { ...common, counts, municipality, missingCurators, upcoming, toApprove, pairs } };
}
