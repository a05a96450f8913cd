import type { Kysely, Transaction } from 'kysely';
import {
  canAddPartnerWithAgreement,
  canCreateAgreement,
  canEditAgreement,
  canViewAgreement,
  choosesAgreementSchool,
} from '../../access/policy.js';
import type { AgreementKind, Database, StoredFile } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { guessNameForms } from '../../lib/declension.js';
import { type FileStore, formatFileSize, UploadError } from '../../lib/uploads.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import type { UploadedFile } from '../files/multipart.js';
import { deleteStoredFile, findStoredFile, storeUploadWith } from '../files/service.js';
import { notifyAgreementCreated } from '../notifications/producers.js';
import { type AgreementRow, findAgreementInScope, findParty, type PartyOption, partiesOf } from './queries.js';
import type { AgreementInput } from './schemas.js';

export type SaveResult = { ok: true; id: number } | { ok: false; errors: FieldErrors };

/** The scan sent with the form (null: none), and whether the stored one is to be removed. */
export interface FileChange {
  file: UploadedFile | null;
  remove: boolean;
}

type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };
const refused = (errors: FieldErrors) => ({ ok: false, errors }) as const;
const fine = <T>(value: T) => ({ ok: true, value }) as const;

const KEEPERS_ONLY = 'Соглашения школы ведут её куратор и руководитель, а также методический центр.';

/** An agreement the actor may read: 404 outside the scope. */
export async function getAgreement(db: Kysely<Database>, actor: Actor, id: number): Promise<AgreementRow> {
  const row = await findAgreementInScope(db, actor.user, id);
  if (!row || !canViewAgreement(actor.user, row)) throw new NotFoundError();
  return row;
}

/** An agreement the actor may change: 404 outside the scope, 403 inside it (the other school of a school – school agreement, the department). */
export async function getAgreementForChange(db: Kysely<Database>, actor: Actor, id: number): Promise<AgreementRow> {
  const row = await getAgreement(db, actor, id);
  if (!canEditAgreement(actor.user, row)) throw new ForbiddenError(KEEPERS_ONLY);
  return row;
}

/** The form's lists: the schools the actor records agreements for, and the possible other parties. */
export async function agreementFormOptions(
  db: Kysely<Database>,
  actor: Actor,
): Promise<{ schools: PartyOption[]; parties: PartyOption[]; choosesSchool: boolean; addsPartner: boolean }> {
  const municipalityId = actor.user.municipalityId;
  const all = municipalityId === null ? [] : await partiesOf(db, municipalityId);
  const choosesSchool = choosesAgreementSchool(actor.user);
  return {
    schools: choosesSchool ? all.filter((o) => o.type === 'school') : [],
    parties: all,
    choosesSchool,
    addsPartner: canAddPartnerWithAgreement(actor.user),
  };
}

/** Whether an organisation can be the other party of an agreement of this kind. */
function partyFits(kind: AgreementKind, party: PartyOption): boolean {
  if (kind === 'school') return party.type === 'school';
  if (kind === 'college')
    return party.type === 'partner' && (party.partner_kind === 'college' || party.partner_kind === 'university');
  return party.type === 'partner';
}

const PARTY_MISMATCH: Record<AgreementKind, string> = {
  partner: 'Для соглашения «школа – партнёр» выберите организацию-партнёра',
  school: 'Для соглашения «школа – школа» выберите другую школу округа',
  college: 'Для соглашения «школа – колледж (вуз)» выберите колледж, техникум или вуз',
};

/** The school the agreement is recorded for: the coordinator's choice among its municipality's schools, else the actor's own. */
async function schoolOf(db: Kysely<Database>, actor: Actor, input: AgreementInput): Promise<Checked<PartyOption>> {
  if (!choosesAgreementSchool(actor.user)) {
    const own = await findParty(db, actor.user.organizationId);
    if (!own) throw new NotFoundError();
    return fine(own);
  }
  if (input.school_id === null) return refused({ school_id: 'Выберите школу, с которой заключено соглашение' });
  const school = await findParty(db, input.school_id);
  if (school?.type !== 'school' || school.municipality_id !== actor.user.municipalityId || !school.is_active)
    return refused({ school_id: 'Выберите школу из списка' });
  return fine(school);
}

/** The other party, checked against the kind and the municipality; `new` only for whoever may add a partner with it. */
async function partyOf(
  db: Kysely<Database>,
  actor: Actor,
  school: PartyOption,
  input: AgreementInput,
  previousPartyId: number | null,
): Promise<Checked<PartyOption | 'new'>> {
  if (input.party === 'new') {
    if (!canAddPartnerWithAgreement(actor.user)) return refused({ party_id: 'Выберите вторую сторону соглашения из списка' });
    if (input.kind === 'school') return refused({ party_id: PARTY_MISMATCH.school });
    const kind = input.newPartner?.partner_kind;
    if (input.kind === 'college' && kind !== 'college' && kind !== 'university')
      return refused({ new_partner_kind: 'Для соглашения с колледжем или вузом выберите вид «колледж (техникум)» или «вуз»' });
    return fine('new' as const);
  }
  const party = await findParty(db, input.party);
  if (!party || party.municipality_id !== school.municipality_id || party.id === school.id)
    return refused({ party_id: 'Выберите вторую сторону соглашения из списка' });
  if (!party.is_active && party.id !== previousPartyId)
    return refused({ party_id: 'Эта организация отключена: выберите другую' });
  if (!partyFits(input.kind, party)) return refused({ party_id: PARTY_MISMATCH[input.kind] });
  return fine(party);
}

/** Adds the partner organisation a curator names in the agreement form, in the agreement's transaction. */
async function insertPartner(
  trx: Transaction<Database>,
  actor: Actor,
  municipalityId: number,
  partner: NonNullable<AgreementInput['newPartner']>,
): Promise<number> {
  const forms = guessNameForms(partner.full_name);
  const values = {
    type: 'partner' as const,
    parent_id: municipalityId,
    municipality_id: municipalityId,
    short_name: partner.short_name,
    full_name: partner.full_name,
    full_name_genitive: forms.genitive,
    full_name_prepositional: forms.prepositional,
    partner_kind: partner.partner_kind,
  };
  const row = await trx.insertInto('organizations').values(values).returning('id').executeTakeFirstOrThrow();
  await recordAudit(trx, auditActor(actor), {
    action: 'create',
    entityType: 'organization',
    entityId: row.id,
    organizationId: row.id,
    municipalityId,
    changedFields: Object.keys(values),
  });
  return row.id;
}

const CONTENT_FIELDS = ['kind', 'number', 'signed_on', 'valid_from', 'valid_to', 'subject'] as const;

function contentOf(input: AgreementInput) {
  return {
    kind: input.kind,
    number: input.number,
    signed_on: input.signed_on,
    valid_from: input.valid_from,
    valid_to: input.valid_to,
    subject: input.subject,
  };
}

/**
 * Records an agreement of a school: the coordinator for a school of its municipality, a school's
 * curator or head for its own. A curator may add the partner organisation with it (one transaction).
 */
export async function createAgreement(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  input: AgreementInput,
  file: UploadedFile | null = null,
): Promise<SaveResult> {
  if (!canCreateAgreement(actor.user)) throw new ForbiddenError(KEEPERS_ONLY);
  const checkedSchool = await schoolOf(db, actor, input);
  if (!checkedSchool.ok) return checkedSchool;
  const school = checkedSchool.value;
  const checkedParty = await partyOf(db, actor, school, input, null);
  if (!checkedParty.ok) return checkedParty;
  const party = checkedParty.value;
  const municipalityId = school.municipality_id;
  if (municipalityId === null) throw new NotFoundError();
  const insert = async (trx: Transaction<Database>, fileId: number | null): Promise<number> => {
    const partyId = party === 'new' ? await insertPartner(trx, actor, municipalityId, input.newPartner!) : party.id;
    const content = contentOf(input);
    const row = await trx
      .insertInto('agreements')
      .values({ ...content, school_id: school.id, party_id: partyId, file_id: fileId, created_by: actor.user.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, auditActor(actor), {
      action: 'create',
      entityType: 'agreement',
      entityId: row.id,
      organizationId: school.id,
      municipalityId,
      changedFields: [
        'school_id',
        'party_id',
        ...CONTENT_FIELDS.filter((f) => content[f] !== null),
        ...(fileId === null ? [] : ['file_id']),
      ],
    });
    // Recorded by the coordinator for a school: its curators are told (a school's own act tells no one).
    if (choosesAgreementSchool(actor.user)) {
      const partyName = party === 'new' ? (input.newPartner?.short_name ?? '') : party.short_name;
      await notifyAgreementCreated(trx, {
        actorId: actor.user.id,
        agreement: {
          id: row.id,
          school_id: school.id,
          party_id: partyId,
          municipality_id: municipalityId,
          party_name: partyName,
        },
      });
    }
    return row.id;
  };
  if (!file) return { ok: true, id: await db.transaction().execute((trx) => insert(trx, null)) };
  const upload = { organizationId: school.id, purpose: 'agreement' as const, ...file };
  return catchUpload(async () => ({
    ok: true,
    id: await storeUploadWith(db, store, actor, upload, (trx, stored) => insert(trx, stored.id)),
  }));
}

/** An upload refused by its content (size, type, a bomb) is the form's error at the file field. */
async function catchUpload(run: () => Promise<SaveResult>): Promise<SaveResult> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UploadError) return { ok: false, errors: { file: error.message } };
    throw error;
  }
}

/** Changes an agreement's terms, other party and scan; its school stays. */
export async function updateAgreement(
  db: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  id: number,
  input: AgreementInput,
  change: FileChange = { file: null, remove: false },
): Promise<SaveResult> {
  const agreement = await getAgreementForChange(db, actor, id);
  const school = await findParty(db, agreement.school_id);
  if (!school) throw new NotFoundError();
  const checkedParty = await partyOf(db, actor, school, input, agreement.party_id);
  if (!checkedParty.ok) return checkedParty;
  const party = checkedParty.value;
  const municipalityId = agreement.municipality_id;
  if (municipalityId === null) throw new NotFoundError();
  const content = contentOf(input);
  const changed: string[] = CONTENT_FIELDS.filter((f) => agreement[f] !== content[f]);
  if (party === 'new' || party.id !== agreement.party_id) changed.push('party_id');
  // A new scan replaces the old one; the replaced or removed file is deleted after the commit.
  const dropOld = agreement.file_id !== null && (change.file !== null || change.remove);
  if (change.file !== null || dropOld) changed.push('file_id');
  if (changed.length === 0) return { ok: true, id };
  const write = async (trx: Transaction<Database>, fileId: number | null | undefined): Promise<SaveResult> => {
    const partyId = party === 'new' ? await insertPartner(trx, actor, municipalityId, input.newPartner!) : party.id;
    await trx
      .updateTable('agreements')
      .set({ ...content, party_id: partyId, ...(fileId !== undefined ? { file_id: fileId } : {}), updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'update',
      entityType: 'agreement',
      entityId: id,
      organizationId: agreement.school_id,
      municipalityId: agreement.municipality_id,
      changedFields: changed,
    });
    return { ok: true, id };
  };
  let result: SaveResult;
  if (change.file !== null) {
    const upload = { organizationId: agreement.school_id, purpose: 'agreement' as const, ...change.file };
    result = await catchUpload(() => storeUploadWith(db, store, actor, upload, (trx, stored) => write(trx, stored.id)));
  } else {
    result = await db.transaction().execute((trx) => write(trx, dropOld ? null : undefined));
  }
  if (result.ok && dropOld && agreement.file_id !== null) {
    await deleteStoredFile(db, store, actor, agreement.file_id, {
      organizationId: agreement.school_id,
      municipalityId: agreement.municipality_id,
    });
  }
  return result;
}

/** What a page shows of the agreement's scan: name, size, link; null without one. */
export async function agreementFileInfo(
  db: Kysely<Database>,
  agreement: Pick<AgreementRow, 'id' | 'file_id'>,
): Promise<{ name: string; size: string; href: string } | null> {
  if (agreement.file_id === null) return null;
  const file = await findStoredFile(db, agreement.file_id);
  return file
    ? { name: file.original_name, size: formatFileSize(file.size_bytes), href: `/agreements/${agreement.id}/file` }
    : null;
}

/** The agreement's scan, for whoever may read the agreement (its school, the other party, the municipality); 404 without one. */
export async function agreementFile(db: Kysely<Database>, actor: Actor, id: number): Promise<StoredFile> {
  const agreement = await getAgreement(db, actor, id);
  const file = agreement.file_id === null ? undefined : await findStoredFile(db, agreement.file_id);
  if (!file) throw new NotFoundError();
  return file;
}
