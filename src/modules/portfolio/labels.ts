import { countOf } from '../../lib/ru.js';
import { MENTEE_CATEGORY_LABELS, type MenteeCategory } from '../people/labels.js';

/** How the portfolio words its counts: hours, satisfaction, a mentee without a name. */

/** Minutes of meetings as «12 ч 30 мин», «45 мин», «0 ч». */
export function hoursText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0 && rest > 0) return `${rest} мин`;
  return rest === 0 ? `${hours} ч` : `${hours} ч ${rest} мин`;
}

/** Bands of a 1–10 score, from the best down; «satisfied» begins at 7 as in the indicators (SATISFIED_FROM). */
const BANDS: Array<{ from: number; label: string }> = [
  { from: 9, label: 'очень довольны (9–10 баллов)' },
  { from: 7, label: 'довольны (7–8 баллов)' },
  { from: 5, label: 'отчасти довольны (5–6 баллов)' },
  { from: 1, label: 'недовольны (1–4 балла)' },
];

/** Counts per band, the non-empty ones: «4 — очень довольны (9–10 баллов), 1 — довольны (7–8 баллов)». */
export function bandsText(scores: number[]): string {
  const counts = BANDS.map((band, i) => {
    const upper = i === 0 ? 10 : (BANDS[i - 1]?.from ?? 11) - 1;
    return { label: band.label, count: scores.filter((s) => s >= band.from && s <= upper).length };
  });
  return counts
    .filter((c) => c.count > 0)
    .map((c) => `${c.count} — ${c.label}`)
    .join(', ');
}

/** The mentees' satisfaction with a pair at its completion: «оценили 4 из 5: 3 — очень довольны …». */
export function satisfactionText(scores: number[], mentees: number): string {
  if (scores.length === 0) return mentees === 0 ? '—' : 'оценок пока нет';
  return `оценили ${scores.length} из ${mentees}: ${bandsText(scores)}`;
}

/** The mentees' ratings of the meetings: «12 оценок встреч: 10 — очень довольны …». */
export function ratingsText(ratings: number[]): string {
  if (ratings.length === 0) return 'оценок встреч пока нет';
  return `${countOf(ratings.length, ['оценка', 'оценки', 'оценок'])} встреч: ${bandsText(ratings)}`;
}

export interface MenteeNaming {
  last_name: string;
  first_name: string;
  middle_name: string | null;
  category: string;
  class_name: string | null;
  position: string | null;
  erased_at: Date | null;
}

/** A student as the attestation document names it: «обучающийся, 7Б класс», never by name. */
function studentText(m: MenteeNaming): string {
  return m.class_name ? `обучающийся, ${m.class_name} класс` : 'обучающийся';
}

function categoryText(m: MenteeNaming): string {
  return MENTEE_CATEGORY_LABELS[m.category as MenteeCategory] ?? 'наставляемый';
}

/**
 * A mentee as the portfolio shows it. `named`: the reader may see its name (rules/portfolio.ts);
 * `print`: the printable document, which never names a student (a minor's name does not leave the
 * school on an attestation paper). A teacher-mentee is named with its position; an erased record
 * is described by its category.
 */
export function menteeLabel(m: MenteeNaming, named: boolean, print: boolean): string {
  const student = m.category === 'student';
  if (m.erased_at || !named || (print && student)) return student ? studentText(m) : categoryText(m);
  const name = [m.last_name, m.first_name, m.middle_name].filter(Boolean).join(' ');
  const detail = student ? (m.class_name ? `${m.class_name} класс` : null) : m.position;
  return detail ? `${name} (${detail})` : name;
}
