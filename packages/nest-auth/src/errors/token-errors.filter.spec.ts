import { HttpAdapterHost } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/internal';
import type { AuthModuleOptions } from '../auth.module.options';
import { KeysUnavailableError } from '../remote/remote.errors';
import type { WardenError } from '../warden-error';
import { GraphqlTokenError, TokenErrorsFilter } from './token-errors.filter';
import { CATCH_WATERMARK, FILTER_CATCH_EXCEPTIONS } from '@nestjs/common/constants';
import {
  InsufficientScopeError,
  InsufficientUserAuthenticationError,
  TokenExpiredError,
  TokenMissingError,
} from './token.errors';

function hostOf(type: string, args: unknown[]): ExecutionContextHost {
  const host = new ExecutionContextHost(args);
  host.setType(type);
  return host;
}

/** A socket.io Socket as the filter sees it: something that emits events to its peer. */
class RecordingSocketIoClient {
  readonly emitted: [string, unknown][] = [];

  emit(event: string, payload: unknown): boolean {
    this.emitted.push([event, payload]);
    return true;
  }
}

/** A native WebSocket (the `ws` package): `emit` only fires local listeners, `send` reaches the peer. */
class RecordingNativeClient extends RecordingSocketIoClient {
  readonly readyState = 1;
  readonly sent: string[] = [];

  send(data: string): void {
    this.sent.push(data);
  }
}

const filterWith = (options?: Partial<AuthModuleOptions>): TokenErrorsFilter =>
  new TokenErrorsFilter(new HttpAdapterHost(), options as AuthModuleOptions | undefined);

function thrownBy(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe(TokenErrorsFilter.name, () => {
  const sut = filterWith();

  describe('in GraphQL resolvers', () => {
    const resolverHost = hostOf('graphql', [{}, {}, { req: { headers: {} } }, {}]);
    const graphqlErrorOf = (error: WardenError): GraphqlTokenError => {
      const thrown = thrownBy(() => sut.catch(error, resolverHost));
      expect(thrown).toBeInstanceOf(GraphqlTokenError);
      return thrown as GraphqlTokenError;
    };

    it('throws an error whose extensions say unauthenticated, with the public message', () => {
      const error = new TokenExpiredError('exp 1799999900 <= now 1800000000');
      const thrown = graphqlErrorOf(error);

      expect(thrown.message).toBe('The access token expired');
      expect(thrown.extensions).toEqual({
        code: 'ERR_TOKEN_EXPIRED',
        statusCode: 401,
        error: 'Unauthorized',
      });
      expect(thrown.cause).toBe(error);
    });

    it('names what is missing for a forbidden request', () => {
      const thrown = graphqlErrorOf(new InsufficientScopeError({ anyOfRoles: [['admin']] }));

      expect(thrown.extensions).toEqual({
        code: 'ERR_INSUFFICIENT_SCOPE',
        statusCode: 403,
        error: 'Forbidden',
        required: { anyOfRoles: [['admin']] },
      });
    });

    it('says 401 and what the next login must achieve for a step-up refusal (RFC 9470)', () => {
      const error = new InsufficientUserAuthenticationError({ mfa: true, maxAge: 300 });

      expect(graphqlErrorOf(error).extensions).toEqual({
        code: 'ERR_INSUFFICIENT_USER_AUTHENTICATION',
        statusCode: 401,
        error: 'Unauthorized',
        required: { mfa: true, maxAge: 300 },
      });
    });

    it('says 503 and when to retry when the keys are unavailable', () => {
      const thrown = graphqlErrorOf(new KeysUnavailableError('jwks down', 7));

      expect(thrown.extensions).toMatchObject({
        code: 'ERR_KEYS_UNAVAILABLE',
        statusCode: 503,
        retryAfter: 7,
      });
    });

    it('keeps the internal reason out unless exposeRefusalReasons is on', () => {
      const error = new TokenMissingError('no authorization header');
      const exposing = filterWith({ exposeRefusalReasons: true });

      expect(graphqlErrorOf(error).extensions).not.toHaveProperty('reason');
      expect(thrownBy(() => exposing.catch(error, resolverHost))).toMatchObject({
        extensions: { reason: 'no authorization header' },
      });
    });
  });

  describe('in WebSocket gateways', () => {
    it('emits an `exception` event shaped like WsException to a socket.io client', () => {
      const client = new RecordingSocketIoClient();

      sut.catch(new TokenMissingError(), hostOf('ws', [client, { any: 'data' }]));

      expect(client.emitted).toEqual([
        [
          'exception',
          { status: 'error', code: 'ERR_TOKEN_MISSING', message: 'Authentication required' },
        ],
      ]);
    });

    it('sends the event as a JSON frame to a native WebSocket, as Nest does', () => {
      const client = new RecordingNativeClient();

      sut.catch(
        new InsufficientScopeError({ allOfPermissions: ['x'] }),
        hostOf('ws', [client, {}]),
      );

      expect(client.emitted).toEqual([]);
      expect(client.sent.map((frame) => JSON.parse(frame) as unknown)).toEqual([
        {
          event: 'exception',
          data: {
            status: 'error',
            code: 'ERR_INSUFFICIENT_SCOPE',
            message: 'Insufficient roles or permissions',
            required: { allOfPermissions: ['x'] },
          },
        },
      ]);
    });
  });

  it('catches the step-up refusal, so no transport answers it with a 500', () => {
    const client = new RecordingSocketIoClient();

    sut.catch(new InsufficientUserAuthenticationError({ mfa: true }), hostOf('ws', [client, {}]));

    expect(Reflect.getMetadata(CATCH_WATERMARK, TokenErrorsFilter)).toBe(true);
    expect(Reflect.getMetadata(FILTER_CATCH_EXCEPTIONS, TokenErrorsFilter)).toContain(
      InsufficientUserAuthenticationError,
    );
    expect(client.emitted).toEqual([
      [
        'exception',
        {
          status: 'error',
          code: 'ERR_INSUFFICIENT_USER_AUTHENTICATION',
          message: 'A stronger or more recent authentication is required',
          required: { mfa: true },
        },
      ],
    ]);
  });

  it('gives the error back in other contexts (microservices), for the transport to handle', () => {
    const error = new TokenMissingError();

    expect(thrownBy(() => sut.catch(error, hostOf('rpc', [{}, {}])))).toBe(error);
  });
});
