import type { FastifyInstance } from 'fastify';
import { importRoutes } from './import-routes.js';
import { itemRoutes } from './item-routes.js';
import { roadmapPageRoutes } from './roadmap-routes.js';
import { schoolPartRoutes } from './school-part-routes.js';
import { templateRoutes } from './template-routes.js';
import { trackingRoutes } from './tracking-routes.js';
import { viewRoutes } from './view-routes.js';

/** Roadmaps: each route file registered here, so that a URL is found where its file says. */
export async function roadmapRoutes(app: FastifyInstance): Promise<void> {
  await app.register(roadmapPageRoutes);
  await app.register(itemRoutes);
  await app.register(trackingRoutes);
  await app.register(templateRoutes);
  await app.register(importRoutes);
  await app.register(viewRoutes);
  await app.register(schoolPartRoutes);
}
