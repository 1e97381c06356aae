import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpStatus,
  Inject,
  Optional,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { STATUS_CODES } from 'node:http';
import { AUTH_MODULE_OPTIONS, type AuthModuleOptions } from '../auth.module.options';
import type { WardenError } from '../warden-error';
import { IntrospectionUnavailableError, KeysUnavailableError } from '../remote/remote.errors';
import { TOKEN_ERROR_HTTP } from './error-http';
import {
  AuthenticationError,
  InsufficientScopeError,
  InsufficientUserAuthenticationError,
} from './token.errors';

/**
 * What a GraphQL resolver throws for a token error. graphql-js copies `originalError.extensions`
 * into the GraphQLError it reports, so Apollo, Mercurius and Yoga all send `extensions.code`
 * without this library importing graphql. The Warden error itself stays reachable as `cause`.
 */
export class GraphqlTokenError extends Error {
  constructor(
    error: WardenError,
    readonly extensions: Readonly<Record<string, unknown>>,
  ) {
    super(error.message, { cause: error });
    this.name = error.name;
  }
}

/** The two client shapes BaseWsExceptionFilter (@nestjs/websockets) writes to. */
interface SocketClient {
  readyState?: unknown;
  send?: (data: string) => void;
  emit?: (event: string, payload: unknown) => unknown;
}

/**
 * Answers the guard's errors in an app that imports AuthModule (which has no Warden exception
 * filter). Catches only these errors, so the app's own filters keep handling everything else.
 * - HTTP (Express and Fastify, through the adapter): 401/403 with the RFC 6750 `WWW-Authenticate`
 *   challenge (RFC 9470's `acr_values`/`max_age` on a step-up refusal), 503 with `Retry-After`, and a body shaped like Nest's own,
 *   `{statusCode, error, code, message}`.
 * - GraphQL: an error whose message is the public one and whose `extensions` carry
 *   `{code, statusCode, error}`, never an INTERNAL_SERVER_ERROR.
 * - WebSocket gateways: an `exception` event `{status: 'error', code, message}`, the shape of
 *   Nest's WsException. Nest does not apply global filters to gateways, so a gateway says
 *   `@UseFilters(TokenErrorsFilter)` itself.
 * Other contexts (microservices) get the error back, for the transport's own handling.
 *
 * @example
 * ```ts
 * @UseFilters(TokenErrorsFilter)
 * @WebSocketGateway()
 * export class EventsGateway {}
 * ```
 */
@Catch(
  AuthenticationError,
  InsufficientScopeError,
  InsufficientUserAuthenticationError,
  IntrospectionUnavailableError,
  KeysUnavailableError,
)
export class TokenErrorsFilter implements ExceptionFilter {
  private readonly exposeReasons: boolean;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Optional() @Inject(AUTH_MODULE_OPTIONS) options?: AuthModuleOptions,
  ) {
    this.exposeReasons = options?.exposeRefusalReasons === true;
  }

  catch(error: WardenError, host: ArgumentsHost): void {
    const type = host.getType<string>();
    if (type === 'http') return this.replyHttp(error, host);
    if (type === 'ws') return this.emitException(error, host);
    // A filter's return value would become the resolver's result: throwing makes it a field error.
    if (type === 'graphql') throw new GraphqlTokenError(error, this.graphqlExtensions(error));
    throw error;
  }

  private replyHttp(error: WardenError, host: ArgumentsHost): void {
    const mapping = TOKEN_ERROR_HTTP[error.code];
    const status = this.statusOf(error);
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    for (const [name, value] of Object.entries(mapping?.headers?.(error) ?? {})) {
      httpAdapter.setHeader(response, name, value);
    }
    const body = {
      ...error.details,
      statusCode: status,
      error: STATUS_CODES[status],
      code: error.code,
      message: error.message,
      ...this.reasonOf(error),
    };
    httpAdapter.reply(response, body, status);
  }

  private graphqlExtensions(error: WardenError): Record<string, unknown> {
    const status = this.statusOf(error);
    return {
      ...error.details,
      code: error.code,
      statusCode: status,
      error: STATUS_CODES[status],
      ...this.reasonOf(error),
    };
  }

  /** As BaseWsExceptionFilter.emitMessage: `send` on a native WebSocket, `emit` on socket.io. */
  private emitException(error: WardenError, host: ArgumentsHost): void {
    const client = host.switchToWs().getClient<SocketClient>();
    const payload = {
      ...error.details,
      status: 'error',
      code: error.code,
      message: error.message,
      ...this.reasonOf(error),
    };
    if (typeof client.readyState === 'number' && typeof client.send === 'function') {
      client.send(JSON.stringify({ event: 'exception', data: payload }));
    } else if (typeof client.emit === 'function') {
      client.emit('exception', payload);
    }
  }

  private statusOf(error: WardenError): HttpStatus {
    return TOKEN_ERROR_HTTP[error.code]?.status ?? HttpStatus.UNAUTHORIZED;
  }

  /** Development only (the option says so): which check failed, e.g. "aud mismatch". */
  private reasonOf(error: WardenError): { reason?: string } {
    return this.exposeReasons && error instanceof AuthenticationError
      ? { reason: error.reason }
      : {};
  }
}
