import { configFromEnvironment, openConfiguredDatabase } from '../bootstrap.js';
import { migrateToLatest } from '../db/migrate.js';
import { roadmapImportCli } from '../modules/roadmaps/cli-import.js';

// A roadmap table saved as text, read and (without --dry-run) written as a new roadmap:
//   npm run roadmap:import -- table.txt --dry-run --from 2022 --to 2024
//   npm run roadmap:import -- table.txt --org 12 --title "План мероприятий" --from 2022 --to 2024
process.exitCode = await roadmapImportCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  openDatabase: async () => {
    const database = await openConfiguredDatabase(configFromEnvironment());
    await migrateToLatest(database.db);
    return database;
  },
});
