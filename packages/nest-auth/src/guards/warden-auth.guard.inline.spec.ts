// Nest's core loads reflect-metadata from its main entry, not from its internal one.
import 'reflect-metadata';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/internal';
import {
  AUDIENCE,
  InMemoryKeyResolver,
  ISSUER,
  NOW,
  signToken,
  testKey,
} from '../../test/token-factory';
import type { KeyResolver } from '../key-resolver';
import { WardenAuthService } from '../warden-auth.service';
import { type AuthenticatedRequest, principalOf } from './request-of';
import { WardenAuthGuard } from './warden-auth.guard';

const key = testKey('ES256');
const token = signToken(key);

class ReportsController {
  read(): void {}
}

function serviceWith(keyResolver: KeyResolver = new InMemoryKeyResolver(key)): WardenAuthService {
  return new WardenAuthService(
    { issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'], keyResolver },
    { now: () => new Date(NOW * 1000) },
  );
}

function guardWith(keyResolver?: KeyResolver): WardenAuthGuard {
  return new WardenAuthGuard(new Reflector(), serviceWith(keyResolver));
}

function httpContext(request: AuthenticatedRequest): ExecutionContextHost {
  const context = new ExecutionContextHost(
    [request, {}, () => undefined],
    ReportsController,
    ReportsController.prototype.read,
  );
  context.setType('http');
  return context;
}

const bearer = (value: string): AuthenticatedRequest => ({
  headers: { authorization: `Bearer ${value}` },
});

describe(`${WardenAuthGuard.name} without promises`, () => {
  it('admits a token the cache answers synchronously, leaving the principal on the request', async () => {
    const guard = guardWith();
    await guard.canActivate(httpContext(bearer(token)));
    const request = bearer(token);
    const context = httpContext(request);

    expect(guard.canActivate(context)).toBe(true);
    expect(request.user?.sub).toBe('user-1');
    expect(principalOf(context)).toBe(request.user);
  });

  it('refuses with a rejected promise, never a synchronous throw', async () => {
    const guard = guardWith();

    const refused = guard.canActivate(httpContext(bearer('not-a-token')));

    expect(refused).toBeInstanceOf(Promise);
    await expect(refused).rejects.toMatchObject({ code: 'ERR_TOKEN_MALFORMED' });
  });

  it('waits for a key resolver that answers with a promise', async () => {
    const keys = new InMemoryKeyResolver(key);
    const guard = guardWith({ resolve: (kid) => Promise.resolve(keys.resolve(kid)) });
    const request = bearer(token);

    const admitted = guard.canActivate(httpContext(request));

    expect(admitted).toBeInstanceOf(Promise);
    await expect(admitted).resolves.toBe(true);
    expect(request.user?.sub).toBe('user-1');
  });

  it('remembers the principal of a request an overridden getRequest made up', async () => {
    class MadeUpRequestGuard extends WardenAuthGuard {
      override getRequest(): AuthenticatedRequest {
        return bearer(token);
      }
    }
    const guard = new MadeUpRequestGuard(new Reflector(), serviceWith());
    const context = httpContext({ headers: {} });

    await guard.canActivate(context);

    expect(principalOf(context)?.sub).toBe('user-1');
  });
});
