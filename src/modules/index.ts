import type { FastifyInstance } from 'fastify';
import { accountRoutes } from './account/routes.js';
import { agreementRoutes } from './agreements/routes.js';
import { auditRoutes } from './audit/routes.js';
import { authRoutes } from './auth/routes.js';
import { centreAgreementRoutes } from './centre-agreements/routes.js';
import { homeRoutes } from './home/routes.js';
import { indicatorRoutes } from './indicators/routes.js';
import { jobRoutes } from './jobs/routes.js';
import { mailRoutes } from './mail/routes.js';
import { monitoringRoutes } from './monitoring/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { organizationRoutes } from './organizations/routes.js';
import { pairRoutes } from './pairs/routes.js';
import { peopleRoutes } from './people/routes.js';
import { programmeRoutes } from './programmes/routes.js';
import { recognitionRoutes } from './recognition/routes.js';
import { documentRoutes } from './documents/routes.js';
import { regionRoutes } from './region/routes.js';
import { roadmapRoutes } from './roadmaps/routes.js';
import { surveyRoutes } from './surveys/routes.js';
import { tagRoutes } from './tags/routes.js';
import { userRoutes } from './users/routes.js';

/** Every module's routes; a module's `routes.ts` registers its own sub-files. */
export async function modules(app: FastifyInstance): Promise<void> {
  await app.register(authRoutes);
  await app.register(homeRoutes);
  await app.register(accountRoutes);
  await app.register(organizationRoutes);
  await app.register(userRoutes);
  await app.register(auditRoutes);
  await app.register(peopleRoutes);
  await app.register(tagRoutes);
  await app.register(roadmapRoutes);
  await app.register(pairRoutes);
  await app.register(programmeRoutes);
  await app.register(documentRoutes);
  await app.register(indicatorRoutes);
  await app.register(surveyRoutes);
  await app.register(monitoringRoutes);
  await app.register(regionRoutes);
  await app.register(notificationRoutes);
  await app.register(jobRoutes);
  await app.register(mailRoutes);
  await app.register(agreementRoutes);
  await app.register(centreAgreementRoutes);
  await app.register(recognitionRoutes);
}
