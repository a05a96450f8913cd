/**
 * The stack's floor for npm run bench:dashboards: the least a page of this stack can cost —
 * Fastify 5, a pg Pool, @fastify/view with Eta, one small query (one organisation by id) and a
 * tiny HTML page. No session, no hooks, no layout. Measured side by side with the portal's
 * dashboards, in the same process as the portal, with the same pool size and no logger, Eta
 * caching its templates as the portal does in production.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import Fastify from 'fastify';
import pg from 'pg';

export interface FloorServer {
  /** The page's address, e.g. http://127.0.0.1:40123/floor */
  url: string;
  close(): Promise<void>;
}

const TEMPLATE = `<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><title><%= it.org.short_name %></title></head>
<body>
<main>
<h1><%= it.org.short_name %></h1>
<p><%= it.org.full_name %></p>
<p>Тип: <%= it.org.type %>, № <%= it.org.id %></p>
</main>
</body>
</html>
`;

interface OrgRow {
  id: number;
  short_name: string;
  full_name: string;
  type: string;
}

export async function startFloor(options: {
  databaseUrl: string;
  poolSize: number;
  organizationId: number;
}): Promise<FloorServer> {
  const views = mkdtempSync(path.join(tmpdir(), 'nastavnik-floor-'));
  writeFileSync(path.join(views, 'floor.eta'), TEMPLATE);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize });
  pool.on('error', () => {});
  const app = Fastify({ logger: false });
  await app.register(fastifyView, { engine: { eta: new Eta({ views, cache: true }) }, root: views, production: true });
  app.get('/floor', async (_request, reply) => {
    const { rows } = await pool.query<OrgRow>('select id, short_name, full_name, type from organizations where id = $1', [
      options.organizationId,
    ]);
    const org = rows[0];
    if (!org) return reply.code(404).send('not found');
    return reply.type('text/html; charset=utf-8').view('floor.eta', { org });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('floor: no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}/floor`,
    async close() {
      await app.close();
      await pool.end();
      rmSync(views, { recursive: true, force: true });
    },
  };
}
