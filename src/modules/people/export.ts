import { type Kysely, sql } from 'kysely';
import { canSeeMinorDetails } from '../../access/policy.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import { exportColumns } from './columns.js';
import { formatTrainings } from './import.js';
import {
  MENTEE_CATEGORY_LABELS,
  MENTOR_CATEGORY_LABELS,
  MENTORING_FORM_LABELS,
  PERSON_STATUS_LABELS,
  type PersonKind,
} from './labels.js';
import { personListBase, withSearchMode } from './queries.js';
import { minorBornAfter } from './rules.js';
import type { PersonListQuery } from './schemas.js';

const ruDate = (iso: string | null) => (iso ? iso.split('-').reverse().join('.') : '');

/**
 * The base as the list shows it (same filters and scope, all pages), in the template's columns,
 * so that exporting and importing the file again changes nothing. Birth dates and contacts of
 * minors stay empty for a role that may not see them.
 */
export async function exportTable(db: Kysely<Database>, user: CurrentUser, kind: PersonKind, query: PersonListQuery) {
  const columns = exportColumns(kind);
  const rows = await personListBase(db, user, kind, await withSearchMode(db, user, kind, query))
    .where('p.erased_at', 'is', null)
    .selectAll('p')
    .select(['organizations.municipality_id as school_municipality_id', sql<string>`organizations.short_name`.as('school_name')])
    .orderBy('p.search_name')
    .orderBy('p.id')
    .execute();
  const ids = rows.map((r) => r.id);
  const tagNames = new Map<number, string[]>();
  const trainings = new Map<number, Array<{ course: string; completed_on: string | null; hours: number | null }>>();
  const origins = new Map<number, string>();
  if (ids.length) {
    const tagRows =
      kind === 'mentors'
        ? await db
            .selectFrom('mentor_tags')
            .innerJoin('tags', 'tags.id', 'mentor_tags.tag_id')
            .select(['mentor_id as person_id', 'tags.name'])
            .where('mentor_id', 'in', ids)
            .orderBy('tags.name')
            .execute()
        : await db
            .selectFrom('mentee_tags')
            .innerJoin('tags', 'tags.id', 'mentee_tags.tag_id')
            .select(['mentee_id as person_id', 'tags.name'])
            .where('mentee_id', 'in', ids)
            .orderBy('tags.name')
            .execute();
    for (const t of tagRows) tagNames.set(t.person_id, [...(tagNames.get(t.person_id) ?? []), t.name]);
    if (kind === 'mentors') {
      for (const t of await db
        .selectFrom('mentor_trainings')
        .selectAll()
        .where('mentor_id', 'in', ids)
        .where('event_id', 'is', null)
        .orderBy('id')
        .execute()) {
        trainings.set(t.mentor_id, [...(trainings.get(t.mentor_id) ?? []), t]);
      }
      const originIds = [...new Set(rows.map((r) => r.origin_organization_id).filter((id): id is number => id !== null))];
      if (originIds.length) {
        for (const o of await db.selectFrom('organizations').select(['id', 'short_name']).where('id', 'in', originIds).execute())
          origins.set(o.id, o.short_name);
      }
    }
  }
  const adultBefore = minorBornAfter();
  const body = rows.map((r) => {
    const person = r as typeof r & Record<string, unknown>;
    const minor = r.birth_date !== null && r.birth_date > adultBefore;
    const hidden =
      minor && !canSeeMinorDetails(user, { organization_id: r.organization_id, municipality_id: r.school_municipality_id });
    const note = (kind === 'mentors' ? person.competencies_note : person.requests_note) as string | null;
    const values: Record<string, string | number | null> = {
      last_name: r.last_name,
      first_name: r.first_name,
      middle_name: r.middle_name,
      category: (kind === 'mentors' ? MENTOR_CATEGORY_LABELS : MENTEE_CATEGORY_LABELS)[r.category as never] ?? r.category,
      origin: r.origin_organization_id ? (origins.get(r.origin_organization_id) ?? '') : '',
      position: r.position,
      class_name: (person.class_name as string | null) ?? null,
      birth_date: hidden ? '' : ruDate(r.birth_date),
      teaching_since: ruDate((person.teaching_since as string | null) ?? null),
      phone: hidden ? '' : r.phone,
      email: hidden ? '' : r.email,
      competencies: [...(tagNames.get(r.id) ?? []), ...(note ? [note] : [])].join('; '),
      requests: [...(tagNames.get(r.id) ?? []), ...(note ? [note] : [])].join('; '),
      forms: (r.forms ?? []).map((f) => MENTORING_FORM_LABELS[f as keyof typeof MENTORING_FORM_LABELS] ?? f).join('; '),
      capacity: kind === 'mentors' ? r.capacity : null,
      qualification: r.qualification,
      trainings: formatTrainings(trainings.get(r.id) ?? []),
      consent_date: ruDate(r.consent_date),
      consent_number: r.consent_number,
      consent_by: hidden ? '' : ((person.consent_by as string | null) ?? null),
      status: PERSON_STATUS_LABELS[r.status],
    };
    return columns.map((c) => values[c.key] ?? '');
  });
  return { header: columns.map((c) => c.header), rows: body };
}
