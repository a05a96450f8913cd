import type { Kysely } from 'kysely';
import type { CurrentUser } from '../../src/auth/sessions.js';
import type { Database } from '../../src/db/types.js';
import type { Actor } from '../../src/modules/audit/service.js';
import { campaignPeriod } from '../../src/modules/monitoring/period.js';
import type { CampaignInput } from '../../src/modules/monitoring/schemas.js';
import { createCampaign } from '../../src/modules/monitoring/service.js';
import { daysAgo } from './pair-fixtures.js';

/** The account `login` as the actor a service takes. */
export async function actorOfLogin(db: Kysely<Database>, login: string): Promise<Actor> {
  const row = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'users.id',
      'users.login',
      'users.full_name',
      'users.position',
      'users.role',
      'users.organization_id',
      'organizations.short_name',
      'organizations.type',
      'organizations.municipality_id',
    ])
    .where('users.login', '=', login)
    .executeTakeFirstOrThrow();
  const user: CurrentUser = {
    id: row.id,
    login: row.login,
    fullName: row.full_name,
    position: row.position,
    role: row.role,
    organizationId: row.organization_id,
    organizationName: row.short_name,
    organizationType: row.type,
    municipalityId: row.municipality_id,
  };
  return { user, ip: '127.0.0.1' };
}

/**
 * A campaign launched by the coordinator `login` (default: municipality A's): open since 5 days ago,
 * due in 10 days, for the given schools (default: all), with one required number field, an optional
 * text field and one required document.
 */
export async function addCampaign(
  db: Kysely<Database>,
  login = 'coordinator',
  overrides: Partial<CampaignInput> = {},
): Promise<number> {
  const result = await createCampaign(db, await actorOfLogin(db, login), campaignInput(overrides));
  if (!result.ok) throw new Error(`fixture campaign: ${JSON.stringify(result.errors)}`);
  return result.id;
}

/** The form addCampaign launches, with `overrides`. */
export function campaignInput(overrides: Partial<CampaignInput> = {}): CampaignInput {
  return {
    title: 'Мониторинг наставничества',
    level: 'municipal',
    period: campaignPeriod('calendar_year', Number(daysAgo(0).slice(0, 4))),
    as_of: daysAgo(5),
    opens_on: daysAgo(5),
    deadline: daysAgo(-10),
    all_schools: true,
    schools: [],
    indicators: [],
    fields: [
      { kind: 'number', label: 'Число педагогов-наставников', hint: null, required: true, options: [] },
      { kind: 'text', label: 'Лучшие практики', hint: 'Кратко', required: false, options: [] },
    ],
    documents: [{ title: 'Приказ о закреплении наставников', required: true }],
    ...overrides,
  };
}
