import { z } from 'zod';
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

