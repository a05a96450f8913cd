import { type Kysely, sql } from 'kysely';
import { auditInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import { DEFAULT_PER_PAGE, offsetOf, type Page, pageOf } from '../../lib/pagination.js';
import type { AuditListQuery } from './schemas.js';

export interface AuditRow {
  id: number;
  at: Date;
  ip: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  changed_fields: string[];
  user_id: number | null;
  user_name: string | null;
  organization_name: string | null;
}

export async function listAudit(db: Kysely<Database>, user: CurrentUser, query: AuditListQuery): Promise<Page<AuditRow>> {
  let base = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.user_id')
    .leftJoin('organizations', 'organizations.id', 'audit_log.organization_id')
    .where(auditInScope(user));
  if (query.action) base = base.where('audit_log.action', '=', query.action);
  if (query.entity) base = base.where('audit_log.entity_type', '=', query.entity);
  if (query.entity_id) base = base.where('audit_log.entity_id', '=', query.entity_id);
  if (query.user) base = base.where('audit_log.user_id', '=', query.user);
  // Dates are Moscow calendar days, whatever the server's time zone.
  if (query.from)
    base = base.where('audit_log.at', '>=', sql<Date>`(${query.from}::date)::timestamp at time zone 'Europe/Moscow'`);
  if (query.to)
    base = base.where('audit_log.at', '<', sql<Date>`(${query.to}::date + 1)::timestamp at time zone 'Europe/Moscow'`);
  const paging = { page: query.page, perPage: 2 * DEFAULT_PER_PAGE };
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.ip',
      'audit_log.action',
      'audit_log.entity_type',
      'audit_log.entity_id',
      'audit_log.changed_fields',
      'audit_log.user_id',
      'users.full_name as user_name',
      'organizations.short_name as organization_name',
    ])
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(paging.perPage)
    .offset(offsetOf(paging))
    .execute();
  return pageOf(rows, total, paging);
}
