import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { MAX_FILE_BYTES } from '../../lib/spreadsheet.js';
import { MAX_DOCUMENT_BYTES } from '../../lib/uploads.js';

/**
 * Forms and uploads. Uploads (spreadsheets, documents): fields and the file land on request.body, so
 * the CSRF check reads them like any form. A file over the limit is cut and marked truncated; the
 * route says so in Russian. The limit is the largest of the upload kinds (documents 20 MB); each
 * route checks its own (people import: 10 MB), so a cut file is always over the route's limit too.
 */
export const bodies = fp(
  async (app: FastifyInstance) => {
    await app.register(fastifyFormbody);
    await app.register(fastifyMultipart, {
      attachFieldsToBody: true,
      throwFileSizeLimit: false,
      limits: { fileSize: Math.max(MAX_FILE_BYTES, MAX_DOCUMENT_BYTES) + 1, files: 1, fields: 20, fieldSize: 10_000 },
    });
  },
  { name: 'bodies' },
);
