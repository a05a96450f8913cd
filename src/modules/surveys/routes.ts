import type { FastifyInstance } from 'fastify';
import { answerRoutes } from './answer-routes.js';
import { surveyPageRoutes } from './survey-routes.js';
import { templateRoutes } from './template-routes.js';

export async function surveyRoutes(app: FastifyInstance): Promise<void> {
  await app.register(surveyPageRoutes);
  await app.register(templateRoutes);
  await app.register(answerRoutes);
}
