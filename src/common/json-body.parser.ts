import { parseJsonBody } from './json-body';
import { WardenError } from './errors/warden-error';

type Done = (error: Error | null, body?: unknown) => void;

// Why a refused body is kept here instead of passed to `done(error)`: Fastify would route that
// error to the global exception filter, outside the controller, so the OAuth endpoints could
// not answer in their RFC 6749 shape. JsonBodyInterceptor throws it inside the controller.
const refused = new WeakMap<object, WardenError>();

/**
 * The `application/json` body parser (registered with `app.useBodyParser`, which keeps the
 * body limit): parseJsonBody, with a refusal recorded against the request and an undefined body.
 */
export function jsonBodyParser(maxDepth: number) {
  return (request: object, body: Buffer, done: Done): void => {
    try {
      done(null, parseJsonBody(body, maxDepth));
    } catch (error) {
      if (!(error instanceof WardenError)) throw error;
      refused.set(request, error);
      done(null, undefined);
    }
  };
}

/** Why the JSON body of `request` was refused, if it was. */
export function refusedBodyOf(request: object): WardenError | undefined {
  return refused.get(request);
}
