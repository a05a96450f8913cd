import type { FastifyInstance } from 'fastify';
import { dashboardRoutes } from './dashboard-routes.js';
import { manageRoutes } from './manage-routes.js';
import { reportRoutes } from './report-routes.js';

export async function indicatorRoutes(app: FastifyInstance): Promise<void> {
  await app.register(dashboardRoutes);
  await app.register(manageRoutes);
  await app.register(reportRoutes);
}
