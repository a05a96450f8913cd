import { type Kysely, sql } from 'kysely';

// Migrations are frozen once landed: change the schema with a new file.
// They take Kysely<any> on purpose: a migration must not depend on today's table types.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('parent_id', 'integer', (c) => c.references('organizations.id').onDelete('restrict'))
    // The municipality an organisation belongs to (itself for a municipality, null for a region):
    // every scope check is one equality on it.
    .addColumn('municipality_id', 'integer', (c) => c.references('organizations.id').onDelete('restrict'))
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('region', 'municipality', 'department', 'method_center', 'school', 'partner')`),
    )
    .addColumn('school_kind', 'text', (c) => c.check(sql`school_kind in ('general', 'additional')`))
    .addColumn('is_resource_center', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('partner_kind', 'text', (c) =>
      c.check(sql`partner_kind in ('enterprise', 'college', 'university', 'culture', 'sport', 'other')`),
    )
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text', (c) => c.notNull())
    .addColumn('inn', 'text', (c) => c.check(sql`inn ~ '^[0-9]{10}([0-9]{2})?$'`))
    .addColumn('address', 'text')
    .addColumn('head_name', 'text')
    .addColumn('head_position', 'text')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('website', 'text')
    .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'organizations_school_fields',
      sql`(type = 'school' and school_kind is not null) or (type <> 'school' and school_kind is null and is_resource_center = false)`,
    )
    .addCheckConstraint(
      'organizations_partner_fields',
      sql`(type = 'partner' and partner_kind is not null) or (type <> 'partner' and partner_kind is null)`,
    )
    .execute();
  await db.schema.createIndex('organizations_parent_idx').on('organizations').column('parent_id').execute();
  await db.schema
    .createIndex('organizations_municipality_idx')
    .on('organizations')
    .columns(['municipality_id', 'type'])
    .execute();
  await db.schema
    .createIndex('organizations_inn_key')
    .on('organizations')
    .column('inn')
    .unique()
    .where(sql.ref('inn'), 'is not', null)
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('position', 'text')
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('admin', 'department', 'coordinator', 'school_head', 'curator', 'mentor', 'mentee')`),
    )
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('password_changed_at', 'timestamptz')
    .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('last_login_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index users_login_key on users (lower(login))`.execute(db);
  await db.schema.createIndex('users_organization_idx').on('users').column('organization_id').execute();

  await db.schema
    .createTable('sessions')
    // SHA-256 of the token, hex: the token itself is never stored.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('password_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('invite', 'reset')`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('password_tokens_user_idx').on('password_tokens').column('user_id').execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('login_key', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'boolean', (c) => c.notNull())
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('login_attempts_login_idx').on('login_attempts').columns(['login_key', 'attempted_at']).execute();
  await db.schema.createIndex('login_attempts_ip_idx').on('login_attempts').columns(['ip', 'attempted_at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('ip', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    // Where the entity lives, so that a coordinator sees its municipality's entries only.
    .addColumn('organization_id', 'integer', (c) => c.references('organizations.id').onDelete('set null'))
    .addColumn('municipality_id', 'integer', (c) => c.references('organizations.id').onDelete('set null'))
    .addColumn('changed_fields', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity_type', 'entity_id']).execute();
  await db.schema.createIndex('audit_log_municipality_idx').on('audit_log').columns(['municipality_id', 'at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_log', 'login_attempts', 'password_tokens', 'sessions', 'users', 'organizations']) {
    await db.schema.dropTable(table).execute();
  }
}
