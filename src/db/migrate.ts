import { type Kysely, sql } from 'kysely';
import type { Migration, MigrationProvider, MigrationResultSet } from 'kysely/migration';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../migrations/index.js';
import type { Database } from './types.js';

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(Object.entries(migrations).map(([name, migration]) => [name, withoutStatementTimeout(migration)]));
  }
}

/**
 * A migration may rewrite a whole table: the portal's statement timeout (DB_STATEMENT_TIMEOUT_MS,
 * meant for requests) is lifted inside its transaction, and only there (`set local`).
 */
function withoutStatementTimeout(migration: Migration): Migration {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are written against an untyped Kysely
  const lift = (db: Kysely<any>) => sql`set local statement_timeout = 0`.execute(db);
  const { down } = migration;
  return {
    up: async (db) => {
      await lift(db);
      await migration.up(db);
    },
    ...(down
      ? {
          down: async (db) => {
            await lift(db);
            await down(db);
          },
        }
      : {}),
  };
}

export function createMigrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: new StaticMigrationProvider() });
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const result: MigrationResultSet = await createMigrator(db).migrateToLatest();
  const failed = result.results?.find((r) => r.status === 'Error');
  if (result.error) {
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${cause}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
