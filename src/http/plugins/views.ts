import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { viewsDir } from '../../paths.js';
import type { CompressedPart } from '../compression.js';
import { setFlash } from '../flash.js';
import { renderPage, renderPageAround } from '../render.js';

/** Eta views and the reply's page helpers: render, renderAround (a cached middle), flash. */
export const views = fp(
  async (app: FastifyInstance) => {
    const production = app.config.env === 'production';
    await app.register(fastifyView, {
      // rmWhitespace: the templates' indentation and blank lines stay out of the pages (a tenth of a
      // long table's bytes); a line break between two lines is kept, so text reads as written. No
      // template spans a <pre>, a <textarea> or a pre-line block over several lines.
      engine: { eta: new Eta({ views: viewsDir, cache: production, autoTrim: [false, 'nl'], rmWhitespace: true }) },
      root: viewsDir,
      production,
    });
    app.decorateReply('render', function render(this: FastifyReply, template: string, data = {}, statusCode = 200) {
      return renderPage(this.request, this, template, data, statusCode);
    });
    app.decorateReply(
      'renderAround',
      function renderAround(this: FastifyReply, template: string, data: Record<string, unknown>, part: CompressedPart) {
        return renderPageAround(this.request, this, template, data, part);
      },
    );
    app.decorateReply('flash', function flash(this: FastifyReply, type, text) {
      setFlash(this, { type, text });
      return this;
    });
  },
  { name: 'views' },
);
