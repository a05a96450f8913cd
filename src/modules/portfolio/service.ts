import type { Kysely } from 'kysely';
import { canViewPortfolio, seesPortfolioMenteeName } from '../../access/policy.js';
import type { Database } from '../../db/types.js';
import { NotFoundError } from '../../http/errors.js';
import type { Actor } from '../audit/service.js';
import { hoursText, menteeLabel, ratingsText, satisfactionText } from './labels.js';
import {
  awardsOfMentor,
  eventsOfMentor,
  meetingRatings,
  menteesOfPairs,
  mentorOfAccount,
  type PortfolioAwardRow,
  type PortfolioEventRow,
  type PortfolioMentorRow,
  type PortfolioPairRow,
  type PortfolioTrainingRow,
  pairsOfMentor,
  portfolioMentor,
  trainingsOfMentor,
} from './queries.js';

/**
 * The mentor's portfolio (issue 18): what the mentor did, gathered from the pairs, the meetings,
 * the mentees' feedback, the training, the events and the awards. Read-only: it changes nothing,
 * so it writes no audit line. The mentees' names are decided here, once for the screen and once
 * for the printable document (which never names a student).
 */

export interface PortfolioPair extends PortfolioPairRow {
  /** The mentees as the screen shows them, and as the printable document does. */
  mentees: string[];
  menteesPrint: string[];
  hours: string;
  /** The mentees' satisfaction at the pair's completion, as counts. */
  satisfaction: string;
  /** The mentees' ratings of the pair's meetings, as counts. */
  ratings: string;
}

export interface Portfolio {
  mentor: PortfolioMentorRow;
  pairs: PortfolioPair[];
  totals: { pairs: number; meetings: number; minutes: number; hours: string; satisfaction: string; ratings: string };
  trainings: PortfolioTrainingRow[];
  events: PortfolioEventRow[];
  awards: PortfolioAwardRow[];
}

async function gather(db: Kysely<Database>, actor: Actor, mentor: PortfolioMentorRow): Promise<Portfolio> {
  const pairs = await pairsOfMentor(db, mentor.id);
  const ids = pairs.map((p) => p.id);
  const [mentees, ratings, trainings, events, awards] = await Promise.all([
    menteesOfPairs(db, ids),
    meetingRatings(db, ids),
    trainingsOfMentor(db, mentor.id),
    eventsOfMentor(db, mentor),
    awardsOfMentor(db, mentor.id),
  ]);
  const allScores: number[] = [];
  let menteeCount = 0;
  const rows = pairs.map((p): PortfolioPair => {
    const own = mentees.filter((m) => m.pair_id === p.id);
    const scores = own.flatMap((m) => (m.satisfaction === null ? [] : [m.satisfaction]));
    // Satisfaction is asked when a pair is completed: the pairs still at work count no one yet.
    if (p.status === 'completed') {
      allScores.push(...scores);
      menteeCount += own.length;
    }
    const named = (m: (typeof own)[number]) => seesPortfolioMenteeName(actor.user, m);
    return {
      ...p,
      mentees: own.map((m) => menteeLabel(m, named(m), false)),
      menteesPrint: own.map((m) => menteeLabel(m, named(m), true)),
      hours: hoursText(p.minutes),
      satisfaction: p.status === 'completed' ? satisfactionText(scores, own.length) : '—',
      ratings: ratingsText(ratings.filter((r) => r.pair_id === p.id).map((r) => r.rating)),
    };
  });
  const minutes = pairs.reduce((sum, p) => sum + p.minutes, 0);
  return {
    mentor,
    pairs: rows,
    totals: {
      pairs: pairs.length,
      meetings: pairs.reduce((sum, p) => sum + p.meeting_count, 0),
      minutes,
      hours: hoursText(minutes),
      satisfaction: menteeCount === 0 ? 'завершённых пар пока нет' : satisfactionText(allScores, menteeCount),
      ratings: ratingsText(ratings.map((r) => r.rating)),
    },
    trainings,
    events,
    awards,
  };
}

/** A mentor's portfolio; a mentor outside the actor's scope (or erased) is 404. */
export async function portfolioOf(db: Kysely<Database>, actor: Actor, mentorId: number): Promise<Portfolio> {
  const mentor = await portfolioMentor(db, actor.user, mentorId);
  if (!mentor || !canViewPortfolio(actor.user, mentor)) throw new NotFoundError();
  return gather(db, actor, mentor);
}

/**
 * The mentor's own portfolio, by its account: the record of the bases linked to it (one at most;
 * a mentor who works at other schools too is one record, and its pairs there are in it). Null
 * when the curator has linked no record to the account.
 */
export async function ownPortfolio(db: Kysely<Database>, actor: Actor): Promise<Portfolio | null> {
  const mentor = await mentorOfAccount(db, actor.user.id);
  return mentor && canViewPortfolio(actor.user, mentor) ? gather(db, actor, mentor) : null;
}
