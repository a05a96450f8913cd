import { z } from 'zod';
import { AGREEMENT_KINDS, PARTNER_KINDS } from '../../db/types.js';
import { optionalText, pageQuery, requiredText } from '../../http/forms.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (v: string) => DATE.test(v) && !Number.isNaN(Date.parse(v));

const requiredDate = (label: string) =>
  z
    .string({ error: `${label}: укажите дату` })
    .trim()
    .refine((v) => v !== '', `${label}: укажите дату`)
    .refine((v) => v === '' || validDate(v), `${label}: укажите дату в виде ДД.ММ.ГГГГ`);

const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || validDate(v), `${label}: укажите дату в виде ДД.ММ.ГГГГ`);

const optionalId = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? Number(v) : null))
    .refine((v) => v === null || (Number.isInteger(v) && v > 0), message);

/**
 * The agreement form. `party_id` is an organisation of the list, or `new` when a curator adds the
 * partner organisation with the agreement (its names and kind in the `new_partner_…` fields).
 */
export const agreementForm = z
  .object({
    school_id: optionalId('Выберите школу из списка'),
    kind: z.enum(AGREEMENT_KINDS, { error: 'Выберите вид соглашения' }),
    party_id: z.string().trim().optional().default(''),
    new_partner_short_name: optionalText(200, 'Краткое наименование новой организации-партнёра'),
    new_partner_full_name: optionalText(500, 'Полное наименование новой организации-партнёра'),
    new_partner_kind: z
      .string()
      .optional()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || (PARTNER_KINDS as readonly string[]).includes(v), 'Выберите вид новой организации-партнёра'),
    number: optionalText(100, 'Номер соглашения'),
    signed_on: optionalDate('Дата заключения'),
    valid_from: requiredDate('Действует с'),
    valid_to: optionalDate('Действует по'),
    subject: requiredText(2000, 'Укажите предмет соглашения', 'Предмет соглашения'),
  })
  .superRefine((v, ctx) => {
    const party = v.party_id;
    if (party === 'new') {
      if (!v.new_partner_short_name)
        ctx.addIssue({
          code: 'custom',
          path: ['new_partner_short_name'],
          message: 'Укажите краткое наименование',
        });
      if (!v.new_partner_kind) ctx.addIssue({ code: 'custom', path: ['new_partner_kind'], message: 'Выберите вид организации' });
    } else if (!/^\d+$/.test(party) || Number(party) <= 0) {
      ctx.addIssue({ code: 'custom', path: ['party_id'], message: 'Выберите вторую сторону соглашения из списка' });
    }
    if (v.valid_to && validDate(v.valid_from) && v.valid_to < v.valid_from) {
      ctx.addIssue({
        code: 'custom',
        path: ['valid_to'],
        message: 'Действует по: дата окончания не может быть раньше даты начала',
      });
    }
  })
  .transform((v) => ({
    school_id: v.school_id,
    kind: v.kind,
    party: v.party_id === 'new' ? ('new' as const) : Number(v.party_id),
    newPartner:
      v.party_id === 'new'
        ? {
            short_name: v.new_partner_short_name ?? '',
            full_name: v.new_partner_full_name ?? v.new_partner_short_name ?? '',
            partner_kind: (v.new_partner_kind ?? 'other') as (typeof PARTNER_KINDS)[number],
          }
        : null,
    number: v.number,
    signed_on: v.signed_on,
    valid_from: v.valid_from,
    valid_to: v.valid_to,
    subject: v.subject,
  }));

export type AgreementInput = z.output<typeof agreementForm>;

export const agreementListQuery = z.object({
  school: z.coerce.number().int().positive().optional().catch(undefined),
  kind: z.enum(AGREEMENT_KINDS).optional().catch(undefined),
  status: z.enum(['running', 'expired', 'pending']).optional().catch(undefined),
  page: pageQuery,
});

export type AgreementListQuery = z.output<typeof agreementListQuery>;
