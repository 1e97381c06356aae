import { ArgumentsHost, BadRequestException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { BodyTooDeepError, DuplicateBodyMemberError } from '../json-body.errors';
import { ConflictError, DatabaseUnavailableError, NotFoundError } from './warden-error';

describe(AllExceptionsFilter.name, () => {
  const sut = new AllExceptionsFilter({} as HttpAdapterHost);

  it('maps a typed error through its code', () => {
    const reply = sut.toReply(
      new ConflictError('Username already taken', { field: 'username' }),
      'r1',
    );

    expect(reply).toEqual({
      status: 409,
      headers: {},
      body: {
        statusCode: 409,
        error: 'Conflict',
        code: 'ERR_CONFLICT',
        message: 'Username already taken',
        field: 'username',
      },
    });
  });

  it('keeps the public fields of a typed error from overriding the status', () => {
    const reply = sut.toReply(new NotFoundError('No such user', { statusCode: 200 }), 'r1');

    expect(reply.body.statusCode).toBe(404);
  });

  it("answers Nest's own HTTP exceptions in the same envelope, a list of messages as one", () => {
    const reply = sut.toReply(new BadRequestException(['a must be a string', 'b is bad']), 'r1');

    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'ERR_BAD_REQUEST',
      message: 'a must be a string; b is bad',
    });
  });

  it('answers a lost database connection with 503 and Retry-After', () => {
    const driverError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });

    const reply = sut.toReply({ message: 'Query failed', driverError }, 'r1');

    expect(reply).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '5' },
      body: { code: 'ERR_DATABASE_UNAVAILABLE' },
    });
  });

  it('answers anything else with a bare 500 carrying only its code and the request id', () => {
    const reply = sut.toReply(new Error('password_hash column leaked: $2b$12$abc'), 'req-7');

    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      code: 'ERR_INTERNAL',
      message: 'Internal server error',
      requestId: 'req-7',
    });
  });

  it('answers a refused JSON body with 400 and its code', () => {
    expect(sut.toReply(new BodyTooDeepError(32), 'req-8')).toEqual({
      status: 400,
      headers: {},
      body: {
        statusCode: 400,
        error: 'Bad Request',
        code: 'ERR_BODY_TOO_DEEP',
        message: 'The JSON body is nested deeper than 32 levels',
      },
    });
    expect(sut.toReply(new DuplicateBodyMemberError('a'), 'req-9')).toMatchObject({
      status: 400,
      body: { code: 'ERR_BODY_DUPLICATE_MEMBER' },
    });
  });
});

describe('AllExceptionsFilter.catch', () => {
  it('writes the reply through the HTTP adapter, headers first', () => {
    const written: unknown[] = [];
    const adapterHost = {
      httpAdapter: {
        setHeader: (_response: unknown, name: string, value: string) =>
          written.push(['header', name, value]),
        reply: (_response: unknown, body: unknown, status: number) =>
          written.push(['reply', status, body]),
      },
    } as unknown as HttpAdapterHost;
    const host = {
      switchToHttp: () => ({
        getRequest: () => ({ id: 'req-1', method: 'GET', url: '/users' }),
        getResponse: () => ({}),
      }),
    } as unknown as ArgumentsHost;

    new AllExceptionsFilter(adapterHost).catch(new DatabaseUnavailableError(), host);

    expect(written).toEqual([
      ['header', 'Retry-After', '5'],
      ['reply', 503, expect.objectContaining({ code: 'ERR_DATABASE_UNAVAILABLE' })],
    ]);
  });
});
