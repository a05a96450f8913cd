import type { Kysely } from 'kysely';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import { daysBetween, type PairCardRow, pairCardRows } from './meetings.js';
import { menteeDetail } from './pair-page.js';
import { type PairMentee, type PairMentor, pairMembers } from './queries.js';

/** «Мои пары» on the home pages of mentors and mentees. */

export interface PairCard extends PairCardRow {
  mentors: PairMentor[];
  mentees: Array<PairMentee & { detail: string | null }>;
  daysSinceLast: number | null;
}

async function pairCards(db: Kysely<Database>, user: CurrentUser, today: string): Promise<PairCard[]> {
  const rows = await pairCardRows(db, user, today);
  const { mentors, mentees } = await pairMembers(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    ...r,
    mentors: mentors.get(r.id) ?? [],
    mentees: (mentees.get(r.id) ?? []).map((m) => ({ ...m, detail: menteeDetail(m) })),
    daysSinceLast: r.last_meeting_on ? daysBetween(r.last_meeting_on, today) : null,
  }));
}

const isCurrent = (card: PairCard) => card.status === 'active' || card.status === 'forming';

/** «Мои пары» of a mentor: null when the account is linked to no record of the bases. */
export async function mentorHomeData(db: Kysely<Database>, user: CurrentUser, today: string) {
  const record = await db.selectFrom('mentors').select('id').where('user_id', '=', user.id).executeTakeFirst();
  if (!record) return null;
  const cards = await pairCards(db, user, today);
  return { current: cards.filter(isCurrent), finished: cards.filter((c) => !isCurrent(c)) };
}

/** A mentee's pairs and the meetings waiting for its feedback: null when the account is linked to no record. */
export async function menteeHomeData(db: Kysely<Database>, user: CurrentUser, today: string) {
  const record = await db.selectFrom('mentees').select('id').where('user_id', '=', user.id).executeTakeFirst();
  if (!record) return null;
  const cards = await pairCards(db, user, today);
  const waiting = await db
    .selectFrom('meetings')
    .innerJoin('pairs', 'pairs.id', 'meetings.pair_id')
    .innerJoin('pair_mentees', 'pair_mentees.pair_id', 'meetings.pair_id')
    .select(['meetings.id', 'meetings.pair_id', 'meetings.type', 'meetings.held_on', 'meetings.topic'])
    .where('pair_mentees.mentee_id', '=', record.id)
    .where('pairs.status', '=', 'active')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('meeting_feedback')
            .select('meeting_feedback.meeting_id')
            .whereRef('meeting_feedback.meeting_id', '=', 'meetings.id')
            .where('meeting_feedback.mentee_id', '=', record.id),
        ),
      ),
    )
    .orderBy('meetings.held_on', 'desc')
    .orderBy('meetings.id', 'desc')
    .execute();
  return { current: cards.filter(isCurrent), finished: cards.filter((c) => !isCurrent(c)), waiting };
}
