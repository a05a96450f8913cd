import { type Kysely, sql } from 'kysely';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, OrganizationType } from '../../db/types.js';
import { NotFoundError } from '../../http/errors.js';
import { appliesToMunicipality, appliesToSchool, type ContingentKind, isOutcomeMethod, METHODS } from './catalogue.js';
import { ensureFresh, isCounted, numeratorMembers, outcomeRows } from './compute.js';
import { type EnginePeriod, period } from './periods.js';
import { figuresOrganization, type IndicatorInfo } from './queries.js';
import { type TargetStatus, targetFor, targetStatus } from './status.js';

/** How one value was obtained: numerator, denominator, the date, and who is behind the numerator. */

/** The list behind a numerator is shown up to this many rows (the count is always whole). */
export const MEMBER_LIST_LIMIT = 500;

export interface Member {
  id: number;
  name: string;
  detail: string | null;
  school: string;
  href: string | null;
}

export interface Explanation {
  indicator: Omit<IndicatorInfo, 'source'> & { contingent_kind: string | null };
  organization: { id: number; name: string; type: OrganizationType };
  /** The period's code (periods.ts). */
  year: number;
  period: EnginePeriod;
  computedAt: Date | null;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  target: number | null;
  targetWording: string | null;
  status: TargetStatus;
  contingent: {
    kind: ContingentKind;
    value: number | null;
    note: string | null;
    updatedAt: Date | null;
    updatedBy: string | null;
  } | null;
  manual: { evidence: string; enteredAt: Date; enteredBy: string | null; fileId: number | null } | null;
  /** The value is one entered by hand: a «manual» indicator, or an outcomes' one where the school has no record (issue 18). */
  handEntered: boolean;
  members: Member[];
  membersKind: 'mentees' | 'mentors' | 'partners' | null;
  /** Survey answers behind a satisfaction value, per school (anonymous: counts only). */
  answers: Array<{ school: string; answered: number; satisfied: number }>;
}

export async function explainValue(
  db: Kysely<Database>,
  user: CurrentUser,
  indicatorId: number,
  organizationId: number,
  year: number,
): Promise<Explanation> {
  const p = period(year);
  const organization = await figuresOrganization(db, user, organizationId);
  if (!organization || organization.municipality_id === null) throw new NotFoundError();
  const municipalityId = organization.municipality_id;
  const indicator = await db
    .selectFrom('indicators')
    .select(['id', 'code', 'name', 'unit', 'level', 'method', 'direction', 'contingent_kind'])
    .where('id', '=', indicatorId)
    .where('municipality_id', '=', municipalityId)
    .executeTakeFirst();
  if (!indicator) throw new NotFoundError();
  const isSchool = organization.type === 'school';
  if (isSchool ? !appliesToSchool(indicator.level) : !appliesToMunicipality(indicator.level)) throw new NotFoundError();

  const fresh = await ensureFresh(db, municipalityId);
  const result = await db
    .selectFrom('indicator_results')
    .select(['numerator', 'denominator', 'value'])
    .where('indicator_id', '=', indicator.id)
    .where('organization_id', '=', organization.id)
    .where('year', '=', year)
    .executeTakeFirst();
  const targets = await db
    .selectFrom('indicator_targets')
    .select(['organization_id', 'value', 'wording'])
    .where('indicator_id', '=', indicator.id)
    .where('year', '=', year)
    .where('organization_id', 'in', [organization.id, municipalityId])
    .execute();
  const { target } = targetFor((org) => targets.find((t) => t.organization_id === org), organization.id, municipalityId);
  const value = result?.value == null ? null : Number(result.value);
  const targetValue = target?.value == null ? null : Number(target.value);

  const contingentKind = (indicator.contingent_kind ?? METHODS[indicator.method].contingent) as ContingentKind | null;
  let contingent: Explanation['contingent'] = null;
  if (contingentKind && isCounted(indicator.method)) {
    const row = await db
      .selectFrom('contingents')
      .leftJoin('users', 'users.id', 'contingents.updated_by')
      .select(['contingents.value', 'contingents.note', 'contingents.updated_at', 'users.full_name'])
      .where('contingents.organization_id', '=', organization.id)
      // Contingent figures are per calendar year: an academic year takes those of the year it begins in.
      .where('contingents.year', '=', p.year)
      .where('contingents.kind', '=', contingentKind)
      .executeTakeFirst();
    contingent = {
      kind: contingentKind,
      value: row?.value ?? null,
      note: row?.note ?? null,
      updatedAt: row?.updated_at ?? null,
      updatedBy: row?.full_name ?? null,
    };
  }

  // Issue 18: an outcomes' indicator counts the teacher-mentees' records; without any, the hand-entered value stands.
  const outcomeMethod = isOutcomeMethod(indicator.method) ? indicator.method : null;
  let outcomeRecords: Array<{
    id: number;
    name: string;
    detail: string | null;
    school: string;
    erased: boolean;
    in_numerator: boolean;
  }> = [];
  if (outcomeMethod) {
    const inNumerator = outcomeMethod === 'left_profession' ? sql`x.stayed_in_profession = false` : sql`x.professional_contest`;
    const inDenominator = outcomeMethod === 'left_profession' ? sql`x.stayed_in_profession is not null` : sql`true`;
    const { rows } = await sql<(typeof outcomeRecords)[number]>`
      select distinct on (school, name, p.id) p.id, trim(p.last_name || ' ' || p.first_name || ' ' || coalesce(p.middle_name, '')) as name,
        p.position as detail, s.short_name as school, p.erased_at is not null as erased, bool_or(${inNumerator}) over (partition by p.id) as in_numerator
      from (${outcomeRows(municipalityId, [p])}) x join mentees p on p.id = x.mentee_id join organizations s on s.id = x.organization_id
      where ${inDenominator} ${isSchool ? sql`and x.organization_id = ${organization.id}` : sql``}
      order by school, name, p.id limit ${MEMBER_LIST_LIMIT}`.execute(db);
    outcomeRecords = rows;
  }
  const handEntered = indicator.method === 'manual' || (outcomeMethod !== null && outcomeRecords.length === 0);

  let manual: Explanation['manual'] = null;
  if (handEntered && p.kind === 'calendar') {
    const row = await db
      .selectFrom('indicator_manual_values')
      .leftJoin('users', 'users.id', 'indicator_manual_values.entered_by')
      .select([
        'indicator_manual_values.evidence',
        'indicator_manual_values.entered_at',
        'indicator_manual_values.evidence_file_id',
        'users.full_name',
      ])
      .where('indicator_manual_values.indicator_id', '=', indicator.id)
      .where('indicator_manual_values.organization_id', '=', organization.id)
      .where('indicator_manual_values.year', '=', year)
      .executeTakeFirst();
    if (row)
      manual = { evidence: row.evidence, enteredAt: row.entered_at, enteredBy: row.full_name, fileId: row.evidence_file_id };
  }

  let members: Member[] = [];
  let membersKind: Explanation['membersKind'] = null;
  if (isCounted(indicator.method)) {
    const source = numeratorMembers(municipalityId, year, indicator.method);
    const only = isSchool ? sql`where x.organization_id = ${organization.id}` : sql``;
    if (indicator.method === 'partner_organizations') {
      membersKind = 'partners';
      const { rows } = await sql<{ id: number; name: string; schools: string }>`
        select o.id, o.short_name as name, string_agg(distinct s.short_name, ', ' order by s.short_name) as schools
        from (${source}) x join organizations o on o.id = x.member_id join organizations s on s.id = x.organization_id
        ${only} group by o.id, o.short_name order by o.short_name limit ${MEMBER_LIST_LIMIT}`.execute(db);
      members = rows.map((r) => ({ id: r.id, name: r.name, detail: null, school: r.schools, href: `/organizations/${r.id}` }));
    } else {
      const mentees = indicator.method !== 'student_mentors_15_19';
      membersKind = mentees ? 'mentees' : 'mentors';
      const table = mentees ? 'mentees' : 'mentors';
      const detail = mentees ? sql`coalesce(p.class_name, p.position)` : sql`p.position`;
      const { rows } = await sql<{ id: number; name: string; detail: string | null; school: string; erased: boolean }>`
        select distinct p.id, trim(p.last_name || ' ' || p.first_name || ' ' || coalesce(p.middle_name, '')) as name,
          ${detail} as detail, s.short_name as school, p.erased_at is not null as erased
        from (${source}) x join ${sql.table(table)} p on p.id = x.member_id join organizations s on s.id = x.organization_id
        ${only} order by school, name limit ${MEMBER_LIST_LIMIT}`.execute(db);
      members = rows.map((r) => ({
        id: r.id,
        name: r.erased ? 'Данные удалены по отзыву согласия' : r.name,
        detail: r.erased ? null : r.detail,
        school: r.school,
        href: r.erased ? null : `/${table}/${r.id}`,
      }));
    }
  }

  if (outcomeMethod && !handEntered) {
    membersKind = 'mentees';
    members = outcomeRecords
      .filter((r) => r.in_numerator)
      .map((r) => ({
        id: r.id,
        name: r.erased ? 'Данные удалены по отзыву согласия' : r.name,
        detail: r.erased ? null : r.detail,
        school: r.school,
        href: r.erased ? null : `/mentees/${r.id}`,
      }));
  }

  let answers: Explanation['answers'] = [];
  if (indicator.method === 'mentee_satisfaction' || indicator.method === 'mentor_satisfaction') {
    const audience = indicator.method === 'mentee_satisfaction' ? 'mentee' : 'mentor';
    const { rows } = await sql<{ school: string; answered: string; satisfied: string }>`
      select o.short_name as school, count(r.satisfaction) as answered, count(*) filter (where r.satisfaction >= 7) as satisfied
      from survey_responses r join surveys s on s.id = r.survey_id join organizations o on o.id = r.organization_id
      where s.municipality_id = ${municipalityId} and r.audience = ${audience}
        and s.closes_on between ${p.start}::date and ${p.end}::date
        ${isSchool ? sql`and r.organization_id = ${organization.id}` : sql``}
      group by o.short_name order by o.short_name`.execute(db);
    answers = rows.map((r) => ({ school: r.school, answered: Number(r.answered), satisfied: Number(r.satisfied) }));
  }

  return {
    indicator,
    organization: { id: organization.id, name: organization.name, type: organization.type },
    year,
    period: p,
    computedAt: fresh.refreshedAt,
    numerator: result?.numerator == null ? null : Number(result.numerator),
    denominator: result?.denominator == null ? null : Number(result.denominator),
    value,
    target: targetValue,
    targetWording: target?.wording ?? null,
    status: targetStatus(value, targetValue, indicator.direction),
    contingent,
    manual,
    handEntered,
    members,
    membersKind,
    answers,
  };
}
