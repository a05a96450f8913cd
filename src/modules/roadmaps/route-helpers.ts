import { MODULE_ROLES } from '../../access/policy.js';
import { type FieldErrors, formValues } from '../../http/forms.js';
import { UploadError } from '../../lib/uploads.js';
import { multipartFields, uploadedFile } from '../files/multipart.js';
import type { RoadmapRow } from './queries.js';
import type { EvidenceChange } from './tracking.js';

/** What the roadmaps' route files share: the access declarations, the crumbs, the status form's body. */

export const read = { access: { roles: MODULE_ROLES.roadmaps } };
export const manage = { access: { roles: MODULE_ROLES.roadmapsManage } };

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
