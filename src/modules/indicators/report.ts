import type { Kysely } from 'kysely';
import { canReadReports, canWriteConclusions } from '../../access/policy.js';
import type { CurrentUser, MunicipalityState } from '../../auth/sessions.js';
import { practiceCounts } from '../practices/queries.js';
import type { Database } from '../../db/types.js';
import { ForbiddenError } from '../../http/errors.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import { cached } from './cache.js';
import { municipalDashboard, schoolMatrix } from './dashboard.js';
import { municipalityOf } from './lookup.js';
import { municipalBody, municipalityNames, type SchoolRef, savedConclusions } from './queries.js';
import { basisText, type CampaignBasis, withCampaign } from './report-campaign.js';
import { indicatorsWorkbook, participantsWorkbook } from './report-xlsx.js';

/**
 * The reports a municipality sends the region: the two .xlsx forms and the analytical report,
 * whose conclusions the coordinator writes. Each function starts with its permission check.
 */

/** The user's municipality, when the user reads its reports; else 403. */
async function reportMunicipality(db: Kysely<Database>, user: CurrentUser, known?: MunicipalityState | null): Promise<SchoolRef> {
  const municipality = await municipalityOf(db, user, known);
  if (!canReadReports(user, municipality.id)) throw new ForbiddenError();
  return municipality;
}

/** Every indicator × every school (and the municipality) for a year: the form the region asks for. */
export async function indicatorsReport(
  db: Kysely<Database>,
  user: CurrentUser,
  known: MunicipalityState | null | undefined,
  year: number,
  basis: CampaignBasis | null = null,
): Promise<Buffer> {
  return indicatorsWorkbook(db, await reportMunicipality(db, user, known), basis?.year ?? year, basis);
}

/** Mentors, mentees and pairs of the year by form and by category. */
export async function participantsReport(
  db: Kysely<Database>,
  user: CurrentUser,
  known: MunicipalityState | null | undefined,
  year: number,
): Promise<Buffer> {
  return participantsWorkbook(db, await reportMunicipality(db, user, known), year);
}

/**
 * What the analytical report of a year shows: the dashboard, the schools' matrix, who prepares it,
 * the conclusions saved; with a campaign (`basis`, of the campaign's year), the schools' figures
 * are the campaign's frozen ones (report-campaign.ts).
 */
export async function analyticalReport(
  db: Kysely<Database>,
  user: CurrentUser,
  known: MunicipalityState | null | undefined,
  year: number,
  basis: CampaignBasis | null = null,
) {
  const municipality = await reportMunicipality(db, user, known);
  const { value: dashboard, refreshedAt } = await cached(db, { id: municipality.id, known }, `model:municipal:${year}`, () =>
    municipalDashboard(db, municipality, year, null),
  );
  const saved = await savedConclusions(db, municipality.id, year);
  const department = await municipalBody(db, municipality.id, 'department');
  const center = await municipalBody(db, municipality.id, 'method_center');
  const names = await municipalityNames(db, municipality.id);
  const { value: matrix } = await cached(db, { id: municipality.id, known }, `model:matrix:${year}`, () =>
    schoolMatrix(db, municipality, year),
  );
  const framed = basis ? withCampaign(dashboard.lines, matrix, basis) : null;
  const counts = await practiceCounts(db, municipality.id, year);
  return {
    municipality,
    municipalityNames: names,
    dashboard: framed ? { ...dashboard, lines: framed.lines } : dashboard,
    matrix: framed ? framed.matrix : matrix,
    basis: basis ? basisText(basis) : null,
    refreshedAt,
    saved,
    department,
    center,
    canWrite: canWriteConclusions(user, municipality.id),
    practices: { inRegister: (counts.accepted ?? 0) + (counts.published ?? 0), published: counts.published ?? 0 },
  };
}

/** The coordinator saves the conclusions of its municipality's report of a year, with its audit line. */
export async function saveConclusions(db: Kysely<Database>, actor: Actor, year: number, conclusions: string): Promise<void> {
  const municipality = await municipalityOf(db, actor.user);
  if (!canWriteConclusions(actor.user, municipality.id))
    throw new ForbiddenError('Выводы справки пишет координатор муниципалитета.');
  await db.transaction().execute(async (trx) => {
    const existing = await savedConclusions(trx, municipality.id, year);
    await trx
      .insertInto('analytical_reports')
      .values({ municipality_id: municipality.id, year, conclusions, updated_by: actor.user.id })
      .onConflict((oc) =>
        oc.columns(['municipality_id', 'year']).doUpdateSet({ conclusions, updated_by: actor.user.id, updated_at: new Date() }),
      )
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: existing ? 'update' : 'create',
      entityType: 'analytical_report',
      entityId: `${municipality.id}:${year}`,
      organizationId: municipality.id,
      municipalityId: municipality.id,
      changedFields: ['conclusions'],
    });
  });
}
