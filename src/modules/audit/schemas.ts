import { z } from 'zod';
import { pageQuery } from '../../http/forms.js';
import { optionalId } from '../../http/ids.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(v)))
  .optional()
  .catch(undefined);

export const auditListQuery = z.object({
  action: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional()
    .catch(undefined),
  entity: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional()
    .catch(undefined),
  entity_id: z
    .string()
    .regex(/^[0-9]{1,12}$/)
    .optional()
    .catch(undefined),
  user: optionalId,
  from: isoDate,
  to: isoDate,
  page: pageQuery,
});

export type AuditListQuery = z.output<typeof auditListQuery>;
