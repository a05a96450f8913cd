import { z } from 'zod';
import { type FieldErrors, formValues } from '../../http/forms.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { formatFileSize, UploadError } from '../../lib/uploads.js';
import { findStoredFile } from '../files/service.js';
import { multipartFields, uploadedFile } from '../files/multipart.js';
import type { EvidenceChange } from './service.js';
import { MODULE_ROLES } from '../../access/policy.js';
import { NotFoundError } from '../../http/errors.js';
import type { RoadmapRow } from './queries.js';

export const read = { access: { roles: MODULE_ROLES.roadmaps } };
export const manage = { access: { roles: MODULE_ROLES.roadmapsManage } };

const idsParam = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
  itemId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});

export function idsFrom(params: unknown): { id: number; itemId: number } {
  const parsed = idsParam.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return { id: parsed.data.id, itemId: parsed.data.itemId ?? 0 };
}

export const ROADMAPS_CRUMB = { label: 'Дорожные карты', href: '/roadmaps' };

export function roadmapCrumbs(roadmap: RoadmapRow, last?: string) {
  const own = { label: roadmap.title, href: `/roadmaps/${roadmap.id}` };
  return last ? [ROADMAPS_CRUMB, own, { label: last }] : [ROADMAPS_CRUMB, { label: roadmap.title }];
}


/** The status form's body, urlencoded or multipart (with an evidence document). */
export async function statusBody(body: unknown): Promise<{ fields: Record<string, string>; evidence: EvidenceChange }> {
  const fields = formValues(multipartFields(body));
  const file = await uploadedFile(body, 'evidence_file');
  return { fields, evidence: { file, remove: fields.remove_evidence_file === 'on' } };
}

/** Runs a status change; a refused document becomes a message at the file field. */
export async function withEvidence(change: () => Promise<void>): Promise<FieldErrors | null> {
  try {
    await change();
    return null;
  } catch (error) {
    if (error instanceof UploadError) return { evidence_file: error.message };
    throw error;
  }
}

/** What a status form shows of the attached document: its name, size and download link. */
export async function evidenceFileView(db: Kysely<Database>, fileId: number | null, href: string): Promise<{ name: string; size: string; href: string } | null> {
  if (fileId === null) return null;
  const file = await findStoredFile(db, fileId);
  return file ? { name: file.original_name, size: formatFileSize(file.size_bytes), href } : null;
}
