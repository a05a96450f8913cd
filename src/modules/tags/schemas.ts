import { z } from 'zod';

const tagName = z
  .string({ error: 'Введите название' })
  .trim()
  .min(1, 'Введите название')
  .max(100, 'Название: не более 100 символов');

/** A new value of a list: which list, and its name. */
export const newTagForm = z.object({ kind: z.enum(['competency', 'request'], { error: 'Выберите список' }), name: tagName });

export const renameForm = z.object({ name: tagName });

/** A value to add, as a curator's request links to it (/tags?kind=request&name=…): the form comes filled in. */
export const proposedTag = z.object({
  kind: z.enum(['competency', 'request']).optional().catch(undefined),
  name: z.string().trim().max(100).optional().catch(undefined),
});
