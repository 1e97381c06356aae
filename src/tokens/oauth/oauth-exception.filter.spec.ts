import { ArgumentsHost, BadRequestException, HttpException, HttpStatus } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ThrottlerException } from '@nestjs/throttler';
import { DatabaseUnavailableError } from '../../common/errors/warden-error';
import { BodyTooDeepError, MalformedBodyError } from '../../common/json-body.errors';
import { RefreshTokenReusedError } from '../tokens.errors';
import { InvalidClientError, OAuthInvalidRequestError } from './oauth.errors';
import { OAuthExceptionFilter } from './oauth-exception.filter';

class AccountLocked extends HttpException {}

describe(OAuthExceptionFilter.name, () => {
  const sut = new OAuthExceptionFilter({} as HttpAdapterHost);

  it('answers a failed client authentication with 401 invalid_client and a Basic challenge', () => {
    expect(sut.toReply(new InvalidClientError())).toEqual({
      status: 401,
      headers: { 'WWW-Authenticate': 'Basic realm="warden"' },
      body: { error: 'invalid_client', error_description: 'Client authentication failed' },
    });
  });

  it('maps typed errors of the shared session code to invalid_grant', () => {
    expect(sut.toReply(new RefreshTokenReusedError())).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
  });

  it('keeps the description of a typed error', () => {
    const reply = sut.toReply(new OAuthInvalidRequestError('grant_type is required'));

    expect(reply.body).toEqual({
      error: 'invalid_request',
      error_description: 'grant_type is required',
    });
  });

  it("turns Nest's validation errors into invalid_request", () => {
    const reply = sut.toReply(new BadRequestException(['token must be a string']));

    expect(reply).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', error_description: 'token must be a string' },
    });
  });

  it('turns throttling into 429 temporarily_unavailable', () => {
    expect(sut.toReply(new ThrottlerException())).toMatchObject({
      status: 429,
      body: { error: 'temporarily_unavailable' },
    });
  });

  it('turns an outage into 503 temporarily_unavailable with Retry-After', () => {
    expect(sut.toReply(new DatabaseUnavailableError())).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '5' },
      body: { error: 'temporarily_unavailable' },
    });
  });

  it('never shows the message of an unexpected error', () => {
    const reply = sut.toReply(new Error('secret_hash column leaked'));

    expect(reply.status).toBe(HttpStatus.INTERNAL_SERVER_ERROR);
    expect(reply.body).toEqual({
      error: 'server_error',
      error_description: 'Internal server error',
    });
  });

  it('passes other HTTP errors through as invalid_request', () => {
    const reply = sut.toReply(new AccountLocked('Payload too large', 413));

    expect(reply).toMatchObject({ status: 413, body: { error: 'invalid_request' } });
  });

  it('answers a refused JSON body with invalid_request and its public message', () => {
    expect(sut.toReply(new BodyTooDeepError(32))).toEqual({
      status: 400,
      headers: {},
      body: {
        error: 'invalid_request',
        error_description: 'The JSON body is nested deeper than 32 levels',
      },
    });
    expect(sut.toReply(new MalformedBodyError('The body is not valid JSON')).body).toEqual({
      error: 'invalid_request',
      error_description: 'The body is not valid JSON',
    });
  });
});

describe('OAuthExceptionFilter.catch', () => {
  it('sends no-store on every error, beside the headers of the error', () => {
    const headers: Record<string, string> = {};
    const adapterHost = {
      httpAdapter: {
        setHeader: (_response: unknown, name: string, value: string) => (headers[name] = value),
        reply: () => undefined,
      },
    } as unknown as HttpAdapterHost;
    const host = {
      switchToHttp: () => ({ getRequest: () => ({}), getResponse: () => ({}) }),
    } as unknown as ArgumentsHost;

    new OAuthExceptionFilter(adapterHost).catch(new InvalidClientError(), host);

    expect(headers).toEqual({
      'Cache-Control': 'no-store',
      Pragma: 'no-cache',
      'WWW-Authenticate': 'Basic realm="warden"',
    });
  });
});
