import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { fieldErrors, formValues } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { newTagForm, proposedTag, renameForm } from './schemas.js';
import { createTag, ownTag, renameTag, setTagActive, tagList } from './service.js';

const manage = { access: { roles: MODULE_ROLES.tagsManage } };

export async function tagRoutes(app: FastifyInstance): Promise<void> {
  const render = async (request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) => {
    const tags = await tagList(app.db, actorOf(request));
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

  app.get('/tags', { config: manage }, async (request, reply) => {
    const proposed = proposedTag.parse(request.query);
    return render(request, reply, { formKind: proposed.kind, values: { name: proposed.name ?? '' } });
  });

  app.post('/tags', { config: manage }, async (request, reply) => {
    const parsed = newTagForm.safeParse(request.body);
    const body = formValues(request.body);
    const formKind = body.kind === 'request' ? 'request' : 'competency';
    if (!parsed.success)
      return render(request, reply, { errors: fieldErrors(parsed.error), formKind, values: { name: body.name ?? '' } }, 400);
    const result = await createTag(app.db, actorOf(request), parsed.data.kind, parsed.data.name);
    if (!result.ok) return render(request, reply, { errors: result.errors, formKind, values: { name: parsed.data.name } }, 400);
    reply.flash('success', `«${parsed.data.name}» добавлено в список.`);
    return reply.redirect('/tags', 303);
  });

  app.post('/tags/:id', { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    await ownTag(app.db, actorOf(request), id);
    const parsed = renameForm.safeParse(request.body);
    if (!parsed.success) {
      reply.flash('error', fieldErrors(parsed.error).name ?? 'Введите название');
      return reply.redirect('/tags', 303);
    }
    const result = await renameTag(app.db, actorOf(request), id, parsed.data.name);
    reply.flash(
      result.ok ? 'success' : 'error',
      result.ok ? 'Название изменено.' : (result.errors.name ?? 'Не удалось изменить название'),
    );
    return reply.redirect('/tags', 303);
  });

  for (const [action, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    app.post(`/tags/:id/${action}`, { config: manage }, async (request, reply) => {
      await setTagActive(app.db, actorOf(request), idOf(request.params), active);
      reply.flash(
        'success',
        active
          ? 'Значение снова предлагается в формах.'
          : 'Значение больше не предлагается в формах; у людей, которым оно уже указано, оно сохранится.',
      );
      return reply.redirect('/tags', 303);
    });
  }
}
