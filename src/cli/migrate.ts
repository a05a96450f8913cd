import { configFromEnvironment, describeDatabase, openConfiguredDatabase } from '../bootstrap.js';
import { migrateToLatest } from '../db/migrate.js';

const config = configFromEnvironment();
const database = await openConfiguredDatabase(config);
try {
  const applied = await migrateToLatest(database.db);
  console.log(`${describeDatabase(config)}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema is up to date'}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
