import { z } from 'zod';
import { requiredText } from '../../http/forms.js';
import { NotFoundError } from '../../http/errors.js';
import { idParam } from '../../http/ids.js';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(80);

/** The slugs of a public address; anything else is a page that does not exist. */
export function placeOf(params: unknown): { municipality: string; school: string | null; id: number | null } {
  const parsed = z.object({ municipality: slug, school: slug.optional(), id: idParam.optional() }).safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return { municipality: parsed.data.municipality, school: parsed.data.school ?? null, id: parsed.data.id ?? null };
}

export const newsForm = z.object({
  title: requiredText(200, 'Введите заголовок новости', 'Заголовок'),
  body: z
    .string({ error: 'Введите текст новости' })
    .trim()
    .min(1, 'Введите текст новости')
    .max(20_000, 'Текст новости: не более 20 000 символов')
    .transform((text) => text.replace(/\r\n?/g, '\n')),
});

/** The words a visitor searches the published practices by (empty: all of them). */
export const practiceSearchQuery = z.object({
  q: z
    .string()
    .optional()
    .transform((v) => (v ?? '').replace(/\s+/g, ' ').trim().slice(0, 200) || null)
    .catch(null),
});
