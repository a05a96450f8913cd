import type { FastifyInstance } from 'fastify';
import { homePage } from './service.js';

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { access: 'public' } }, async (request, reply) => {
    const user = request.user;
    if (!user) return reply.render('home/public', { title: 'Муниципальный портал наставничества' });
    const { page, data } = await homePage(app.db, user, new Date(), request.municipality);
    return reply.render(`home/${page}`, data);
  });
}
