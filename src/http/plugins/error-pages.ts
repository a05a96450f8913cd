import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { describeError, isDatabaseUnavailable } from '../../db/errors.js';
import { HttpError } from '../errors.js';
import { OVERLOAD_CODE } from '../overload.js';

/**
 * Every error answers a Russian page: the status and its words, the request id for a 500, nothing of
 * the internals. A database that is away or too slow is 503 with Retry-After (the client may try
 * again; nothing here is the code's fault); a request shed under overload is 503 too (http/overload.ts).
 */
export const errorPages = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler(async (error: FastifyError | HttpError, request, reply) => {
      const unavailable = isDatabaseUnavailable(error);
      const statusCode = unavailable
        ? 503
        : error.statusCode && error.statusCode >= 400 && error.statusCode < 600
          ? error.statusCode
          : 500;
      if (unavailable) {
        request.log.warn({ err: { message: describeError(error) } }, 'database unavailable');
        reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      } else if (statusCode >= 500 && (error as FastifyError).code !== OVERLOAD_CODE) {
        request.log.error({ err: error }, 'request failed');
      }
      const { title, message } = errorText(error, statusCode);
      try {
        return await reply.render('errors/error', { title, message, statusCode }, statusCode);
      } catch (renderError) {
        request.log.error({ err: renderError }, 'error page failed');
        return reply.code(statusCode).type('text/plain; charset=utf-8').send(`${title}. Код запроса: ${request.id}`);
      }
    });

    app.setNotFoundHandler({ preValidation: async () => {} }, async (_request, reply) => {
      return reply.render('errors/error', { title: 'Страница не найдена', message: NOT_FOUND_TEXT, statusCode: 404 }, 404);
    });
  },
  { name: 'error-pages', dependencies: ['views'] },
);

/** Retry-After of a page that met an unavailable database («попробуйте через минуту»). */
const DATABASE_RETRY_AFTER_SECONDS = 60;

const NOT_FOUND_TEXT = 'Такой страницы нет, или у вас нет к ней доступа. Проверьте адрес или вернитесь на главную.';

function errorText(error: FastifyError | HttpError, statusCode: number): { title: string; message: string } {
  const code = (error as FastifyError).code ?? '';
  if (code.startsWith('FST_CSRF') || code === 'CROSS_SITE') {
    return {
      title: 'Форма устарела',
      message: 'Форма была открыта слишком давно или отправлена с другого сайта. Обновите страницу и отправьте её снова.',
    };
  }
  if (error instanceof HttpError) {
    const titles: Record<number, string> = { 403: 'Доступ запрещён', 404: 'Страница не найдена', 409: 'Действие невозможно' };
    return { title: titles[statusCode] ?? 'Ошибка', message: statusCode === 404 ? NOT_FOUND_TEXT : error.message };
  }
  switch (statusCode) {
    case 400:
      return {
        title: 'Некорректный запрос',
        message: 'Запрос не удалось разобрать. Вернитесь назад и проверьте введённые данные.',
      };
    case 401:
      return { title: 'Требуется вход', message: 'Сеанс завершён. Войдите снова.' };
    case 403:
      return { title: 'Доступ запрещён', message: 'У вас нет прав на это действие.' };
    case 404:
      return { title: 'Страница не найдена', message: NOT_FOUND_TEXT };
    case 413:
      return { title: 'Слишком большой запрос', message: 'Отправленные данные превышают допустимый размер.' };
    case 415:
      return { title: 'Неподдерживаемый формат', message: 'Сервер не принимает данные в таком формате.' };
    case 503:
      return {
        title: 'Сервис временно недоступен',
        message:
          'Сервис временно недоступен, попробуйте через минуту. Если вы отправляли форму, откройте её снова и проверьте, сохранились ли данные.',
      };
    default:
      return statusCode >= 500
        ? {
            title: 'Внутренняя ошибка',
            message: 'На сервере произошла ошибка. Мы уже записали её; сообщите администратору код запроса, если она повторится.',
          }
        : { title: 'Ошибка', message: 'Запрос не выполнен.' };
  }
}
