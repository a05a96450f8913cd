import { z } from 'zod';

/** The unsubscribe link's token; anything else reads as an unknown token (404). */
export const unsubscribeParams = z.object({ token: z.string().max(200) });

export function unsubscribeTokenOf(params: unknown): string {
  const parsed = unsubscribeParams.safeParse(params);
  return parsed.success ? parsed.data.token : '';
}
