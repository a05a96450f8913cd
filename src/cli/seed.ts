import path from 'node:path';
import { seedDemo } from '../../seeds/demo.js';
import { attachDemoModelFiles } from '../../seeds/model-documents.js';
import { configFromEnvironment, describeDatabase, openConfiguredDatabase } from '../bootstrap.js';
import { migrateToLatest } from '../db/migrate.js';
import { FileStore } from '../lib/uploads.js';

const config = configFromEnvironment();
const database = await openConfiguredDatabase(config);
try {
  await migrateToLatest(database.db);
  const created = await seedDemo(database.db);
  // The files of the demo's model documents, in the same store the portal serves them from (src/app.ts).
  await attachDemoModelFiles(database.db, new FileStore(path.join(config.dataDir, 'files')));
  console.log(
    `${describeDatabase(config)}: ${created ? 'demo municipality created' : 'demo municipality already present, nothing changed'}`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
