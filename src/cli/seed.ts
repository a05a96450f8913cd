import { seedDemo } from '../../seeds/demo.js';
import { configFromEnvironment, describeDatabase, openConfiguredDatabase } from '../bootstrap.js';
import { migrateToLatest } from '../db/migrate.js';

const config = configFromEnvironment();
const database = await openConfiguredDatabase(config);
try {
  await migrateToLatest(database.db);
  const created = await seedDemo(database.db);
  console.log(
    `${describeDatabase(config)}: ${created ? 'demo municipality created' : 'demo municipality already present, nothing changed'}`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
