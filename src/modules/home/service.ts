import type { Kysely } from 'kysely';
import {
  browsesPairs,
  type HomePage,
  homeFlags,
  homePageOf,
  mayOpen,
  readsAsMentor,
  readsCampaignMatrix,
  watchesSchoolCurators,
} from '../../access/policy.js';
import { ROLE_LABELS } from '../../access/roles.js';
import type { CurrentUser, MunicipalityState } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import { byDataVersion } from '../../db/data-version.js';
import { todayIso } from '../../lib/dates.js';
import { formatLongDate } from '../../lib/ru.js';
import { cached } from '../indicators/cache.js';
import { municipalHomeIndicators } from '../indicators/dashboard.js';
import { municipalityOf } from '../indicators/lookup.js';
import { RUNNING_DAYS_AFTER_DEADLINE, runningCampaigns } from '../monitoring/running.js';
import { STATUS_LABELS, STATUS_SYMBOLS } from '../indicators/status.js';
import { menteeHomeData, mentorHomeData } from '../pairs/home-cards.js';
import { PAIR_VIEW_LABELS } from '../pairs/pair-page.js';
import { pairCounts, stalePairsBySchool } from '../pairs/queries.js';
import { awaitingApproval, overdueByRoadmap, upcomingItems } from '../roadmaps/queries.js';
import { waitingCount } from '../centre-agreements/service.js';
import { regionOverview } from '../region/service.js';
import { pendingSurveys } from '../surveys/queries.js';
import { basesSummary, contactsOf, schoolsWithoutCurator, scopeCounts } from './queries.js';

/**
 * The signed-in user's home page: which one (views/home/<page>.eta) and what it shows. `known`: the
 * municipality's state read with the session (request.municipality), so that the indicators'
 * summary costs no query while it is fresh.
 */
export async function homePage(
  db: Kysely<Database>,
  user: CurrentUser,
  now: Date = new Date(),
  known?: MunicipalityState | null,
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
  // The regional operator: the municipalities of its region and their monitoring.
  if (page === 'region') return { page, data: { ...common, ...(await regionOverview(db, user)) } };
  const toApprove = await awaitingApproval(db, user);
  if (page === 'municipal') {
    // Issue 17: the coordinator's count of what the schools sent to the centre and waits for its answer.
    const centreWaiting = await waitingCount(db, user);
    return { page, data: { ...common, toApprove, centreWaiting, ...(await municipalWork(db, user, today, known)) } };
  }
  const upcoming = mayOpen(user, 'roadmaps') ? await upcomingItems(db, user, today) : [];
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
  return { page, data: { ...common, counts, upcoming, toApprove, pairs } };
}

/** Rows of each list on the municipal home. */
export const HOME_ROWS = 10;

/**
 * What the department and the coordinator act on, cheap at region scale: the indicators against
 * this year's targets (cached per version like the dashboards), the overdue roadmap items by
 * roadmap and the pairs without meetings by school (kept under the data version and the day), the
 * deadlines of the next 30 days, the schools without a curator, the running monitoring campaigns.
 */
async function municipalWork(db: Kysely<Database>, user: CurrentUser, today: string, known?: MunicipalityState | null) {
  const municipality = await municipalityOf(db, user, known);
  const year = Number(today.slice(0, 4));
  const indicators = homeFlags(user).readsMunicipalIndicators
    ? (
        await cached(
          db,
          { id: municipality.id, known },
          `model:home:${year}`,
          () => municipalHomeIndicators(db, municipality, year),
          () => 8 * 1024,
        )
      ).value
    : null;
  const roadmaps = mayOpen(user, 'roadmaps');
  const pairs = browsesPairs(user);
  // The three lists under one entry of the data version: one round trip while nothing changes.
  const lists = await byDataVersion(
    db,
    municipality.id,
    `home:municipal:${today}:${roadmaps}:${pairs}`,
    async () => ({
      overdue: roadmaps ? await overdueByRoadmap(db, user, today) : [],
      upcoming: roadmaps ? await upcomingItems(db, user, today, 30, 10, false) : [],
      stalePairs: pairs ? await stalePairsBySchool(db, user, today) : [],
    }),
    32 * 1024,
  );
  return {
    municipality,
    // The lists show the schools and plans with the most first, this many of them: the rest are a link
    // away (a municipality of 155 schools made a home page of 64 KB).
    homeRows: HOME_ROWS,
    indicators,
    indicatorLabels: { status: STATUS_LABELS, statusSymbols: STATUS_SYMBOLS },
    ...lists,
    missingCurators: watchesSchoolCurators(user) ? await schoolsWithoutCurator(db, user) : [],
    // «Мониторинг»: the running campaigns with their counts (monitoring/running.ts), one query.
    monitoring: readsCampaignMatrix(user) ? await runningCampaigns(db, user, today) : null,
    runningDaysAfterDeadline: RUNNING_DAYS_AFTER_DEADLINE,
  };
}
