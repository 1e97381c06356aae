/**
 * The base of every error Warden throws on purpose, in this library and in the service. `code` is
 * stable and public; the message is for operators. The HTTP mapping lives in one table per
 * product (errors/error-http.ts here), never in the error.
 */
export abstract class WardenError extends Error {
  abstract readonly code: string;

  constructor(
    message: string,
    /** Extra public fields merged into the response body (never secrets). */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = this.constructor.name;
  }
}
