import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { fieldErrors, idFrom } from '../../http/forms.js';
import { createTag, listTags, ownTag, renameTag, setTagActive } from './service.js';

const manage = { access: { roles: MODULE_ROLES.tagsManage } };

const tagName = z.string({ error: 'Введите название' }).trim().min(1, 'Введите название').max(100, 'Название: не более 100 символов');
const newTagForm = z.object({ kind: z.enum(['competency', 'request'], { error: 'Выберите список' }), name: tagName });
const renameForm = z.object({ name: tagName });

export async function tagRoutes(app: FastifyInstance): Promise<void> {
  const render = async (request: Parameters<typeof actorOf>[0], reply: import('fastify').FastifyReply, extra: Record<string, unknown> = {}, status = 200) => {
    const tags = await listTags(app.db, actorOf(request));
    return reply.render(
      'tags/list',
      {
        title: 'Справочники: компетенции и запросы',
        competencies: tags.filter((t) => t.kind === 'competency'),
        requests: tags.filter((t) => t.kind === 'request'),
        ...extra,
      },
      status,
    );
  };

  app.get('/tags', { config: manage }, async (request, reply) => render(request, reply));

  app.post('/tags', { config: manage }, async (request, reply) => {
    const parsed = newTagForm.safeParse(request.body);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const formKind = body.kind === 'request' ? 'request' : 'competency';
    if (!parsed.success) return render(request, reply, { errors: fieldErrors(parsed.error), formKind, values: { name: String(body.name ?? '') } }, 400);
    const result = await createTag(app.db, actorOf(request), parsed.data.kind, parsed.data.name);
    if (!result.ok) return render(request, reply, { errors: result.errors, formKind, values: { name: parsed.data.name } }, 400);
    reply.flash('success', `«${parsed.data.name}» добавлено в список.`);
    return reply.redirect('/tags', 303);
  });

  app.post('/tags/:id', { config: manage }, async (request, reply) => {
    const id = idFrom(request.params);
    await ownTag(app.db, actorOf(request), id);
    const parsed = renameForm.safeParse(request.body);
    if (!parsed.success) {
      reply.flash('error', fieldErrors(parsed.error).name ?? 'Введите название');
      return reply.redirect('/tags', 303);
    }
    const result = await renameTag(app.db, actorOf(request), id, parsed.data.name);
    reply.flash(result.ok ? 'success' : 'error', result.ok ? 'Название изменено.' : (result.errors.name ?? 'Не удалось изменить название'));
    return reply.redirect('/tags', 303);
  });

  for (const [action, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    app.post(`/tags/:id/${action}`, { config: manage }, async (request, reply) => {
      await setTagActive(app.db, actorOf(request), idFrom(request.params), active);
      reply.flash('success', active ? 'Значение снова предлагается в формах.' : 'Значение больше не предлагается в формах; у людей, которым оно уже указано, оно сохранится.');
      return reply.redirect('/tags', 303);
    });
  }
}
