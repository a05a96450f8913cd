import type { FastifyInstance } from 'fastify';
import { fieldErrors, formValues } from '../../http/forms.js';
import { clearLowVision, LOW_VISION_DEFAULTS, readLowVision, setLowVision } from '../../http/low-vision.js';
import { safeNext } from '../../http/next.js';
import { SETTING_LABELS, settingsForm, settingsQuery } from './schemas.js';

/** Anyone, signed in or not: the login page and the error pages offer it too. */
const open = { access: 'public' } as const;

/**
 * The version for the visually impaired (http/low-vision.ts): its settings page, and the form that
 * keeps a choice in the visitor's cookie and goes back to the page it came from (a path of this site
 * only). Nothing is stored on the server and nothing is audited: the choice is the browser's.
 */
export async function lowVisionRoutes(app: FastifyInstance): Promise<void> {
  app.get('/accessibility', { config: open }, async (request, reply) => {
    const query = settingsQuery.safeParse(request.query);
    const back = safeNext(query.success ? query.data.back : undefined);
    const current = readLowVision(request);
    return reply.render('low-vision/settings', {
      title: 'Версия для слабовидящих',
      back,
      // The panel and the link on this page lead back where the visitor came from, not here again.
      backPath: back,
      on: current !== null,
      values: current ?? LOW_VISION_DEFAULTS,
      labels: SETTING_LABELS,
    });
  });

  app.post('/accessibility', { config: open }, async (request, reply) => {
    const body = formValues(request.body);
    const back = safeNext(body.back);
    const parsed = settingsForm.safeParse(body);
    if (!parsed.success) {
      const current = readLowVision(request);
      return reply.render(
        'low-vision/settings',
        {
          title: 'Версия для слабовидящих',
          back,
          backPath: back,
          on: current !== null,
          values: { ...(current ?? LOW_VISION_DEFAULTS), ...body },
          labels: SETTING_LABELS,
          errors: fieldErrors(parsed.error),
        },
        400,
      );
    }
    const { mode, back: _back, ...chosen } = parsed.data;
    if (mode === 'off') clearLowVision(reply);
    else {
      const defined = Object.fromEntries(Object.entries(chosen).filter(([, v]) => v !== undefined));
      setLowVision(reply, { ...(readLowVision(request) ?? LOW_VISION_DEFAULTS), ...defined });
    }
    return reply.redirect(back, 303);
  });
}
