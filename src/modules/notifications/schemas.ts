import { z } from 'zod';
import { isNotificationKind } from './labels.js';

/** The list's filters: unread only or all, a kind; anything malformed is no filter. */
export const notificationListQuery = z.object({
  show: z.enum(['unread', 'all']).catch('all').default('all'),
  kind: z
    .string()
    .optional()
    .transform((v) => (v !== undefined && isNotificationKind(v) ? v : undefined))
    .catch(undefined),
  page: z.coerce.number().int().positive().max(100_000).catch(1).default(1),
});

export type NotificationListQuery = z.infer<typeof notificationListQuery>;
