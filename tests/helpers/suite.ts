import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createTestApp } from './app.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { buildWorld, type World } from './world.js';

export interface Suite {
  database: TestDatabase;
  app: FastifyInstance;
  world: World;
}

/**
 * One database and app per test file, and before each test an emptied database with the two
 * municipalities of buildWorld. Read the fields inside tests (they are set in hooks).
 */
export function useWorld(options: Parameters<typeof createTestApp>[1] = {}): Suite {
  const suite = {} as Suite;
  beforeAll(async () => {
    suite.database = await createTestDatabase();
    suite.app = await createTestApp(suite.database, options);
  });
  afterAll(async () => {
    await suite.app?.close();
    await suite.database?.drop();
  });
  beforeEach(async () => {
    await suite.database.reset();
    suite.world = await buildWorld(suite.database.db);
  });
  return suite;
}
