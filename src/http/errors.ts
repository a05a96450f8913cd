/** Errors a service throws; the error handler renders them as Russian pages. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Outside the user's scope, or does not exist: the two are not told apart. */
export class NotFoundError extends HttpError {
  constructor(message = 'Страница не найдена') {
    super(404, message);
  }
}

/** Inside the user's scope, but this action is not theirs. */
export class ForbiddenError extends HttpError {
  constructor(message = 'У вас нет прав на это действие') {
    super(403, message);
  }
}

/** A business rule refused the change; the message names what is wrong. */
export class ConflictError extends HttpError {
  constructor(message: string) {
    super(409, message);
  }
}
