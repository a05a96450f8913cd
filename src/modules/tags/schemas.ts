import { z } from 'zod';

const tagName = z
  .string({ error: 'Введите название' })
  .trim()
  .min(1, 'Введите название')
  .max(100, 'Название: не более 100 символов');

/** A new value of a list: which list, and its name. */
export const newTagForm = z.object({ kind: z.enum(['competency', 'request'], { error: 'Выберите список' }), name: tagName });

export const renameForm = z.object({ name: tagName });
