import { HttpAdapterHost } from '@nestjs/core';
import { AllExceptionsFilter } from '../common/errors';
import {
  AccountLockedError,
  EmailTakenError,
  InvalidCredentialsError,
  RegistrationDisabledError,
  UsernameTakenError,
} from './users.errors';

describe('users errors over HTTP', () => {
  const sut = new AllExceptionsFilter({} as HttpAdapterHost);

  it('answers a locked account with 429 and Retry-After in seconds', () => {
    const reply = sut.toReply(new AccountLockedError(42), 'r1');

    expect(reply).toMatchObject({
      status: 429,
      headers: { 'Retry-After': '42' },
      body: { code: 'ERR_ACCOUNT_LOCKED', retryAfter: 42 },
    });
  });

  it('answers bad credentials with 401 and the fixed message only', () => {
    const reply = sut.toReply(new InvalidCredentialsError(), 'r1');

    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      code: 'ERR_INVALID_CREDENTIALS',
      message: 'Invalid credentials',
    });
  });

  it.each([
    [new UsernameTakenError(), 'username'],
    [new EmailTakenError(), 'email'],
  ])('answers a duplicate with 409 naming the field', (error, field) => {
    const reply = sut.toReply(error, 'r1');

    expect(reply).toMatchObject({ status: 409, body: { field } });
  });

  it('answers disabled registration with 403', () => {
    expect(sut.toReply(new RegistrationDisabledError(), 'r1').status).toBe(403);
  });
});
