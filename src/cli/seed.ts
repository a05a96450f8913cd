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
  // The same file store as the portal's (src/app.ts): the demo agreements' scans and the model
  // documents' files are written there.
  const files = new FileStore(path.join(config.dataDir, 'files'));
  const created = await seedDemo(database.db, { files });
  await attachDemoModelFiles(database.db, files);
  console.log(
    `${describeDatabase(config)}: ${created ? 'demo municipality created' : 'demo municipality already present, nothing changed'}`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
