import { HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { ErrorReplyBuilder } from './error-reply.builder';
import { RequestValidationError } from './validation.errors';
import { ConflictError } from './warden-error';

describe(ErrorReplyBuilder.name, () => {
  const sut = new ErrorReplyBuilder();

  it('answers a failed validation with ERR_VALIDATION, one sentence and the list of fields', () => {
    const error = new RequestValidationError([
      { field: 'email', message: 'email must be an email' },
      { field: 'items.0.name', message: 'name must be a string' },
    ]);

    const reply = sut.build(error);

    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'ERR_VALIDATION',
      message: 'email must be an email; items.0.name must be a string',
      errors: [
        { field: 'email', message: 'email must be an email' },
        { field: 'items.0.name', message: 'name must be a string' },
      ],
    });
  });

  it('writes the envelope fields first, then the details', () => {
    const reply = sut.build(new ConflictError('Taken', { field: 'username' }));

    expect(Object.keys(reply.body)).toEqual(['statusCode', 'error', 'code', 'message', 'field']);
  });

  it.each([
    ["Nest's not-found handler (any method)", new NotFoundException('Cannot PUT /nope'), 404],
    ['a body over BODY_LIMIT', new HttpException('Request body is too large', 413), 413],
    ['an unparsable content type', new HttpException('Unsupported Media Type', 415), 415],
    ['the throttler', new HttpException('ThrottlerException: Too Many Requests', 429), 429],
  ])("gives the framework's own errors a code: %s", (_case, exception, status) => {
    const codes: Record<number, string> = {
      404: 'ERR_ROUTE_NOT_FOUND',
      413: 'ERR_BODY_TOO_LARGE',
      415: 'ERR_UNSUPPORTED_MEDIA_TYPE',
      429: 'ERR_TOO_MANY_REQUESTS',
    };

    const reply = sut.build(exception);

    expect(reply.status).toBe(status);
    expect(reply.body).toEqual({
      statusCode: status,
      error: expect.any(String) as unknown,
      code: codes[status],
      message: exception.message,
    });
  });

  it('keeps the code an HttpException brings', () => {
    const exception = new HttpException(
      { statusCode: 401, error: 'Unauthorized', code: 'ERR_METRICS_TOKEN_MISSING', message: 'x' },
      401,
    );

    expect(sut.build(exception).body).toMatchObject({ code: 'ERR_METRICS_TOKEN_MISSING' });
  });

  it("leaves a body of the thrower's own shape alone (terminus's health report)", () => {
    const report = { status: 'error', info: {}, error: { database: { status: 'down' } } };

    const reply = sut.build(new ServiceUnavailableException(report));

    expect(reply).toEqual({ status: 503, headers: {}, body: report });
  });
});
