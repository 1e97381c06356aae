import type { ExecutionContext } from '@nestjs/common';
import type { Principal } from '../principal';

/** Where the guard reads the token and leaves the principal: `request.user`, as passport does. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: Principal;
}

/** One stand-in request per socket, so the principal found at the first message stays with it. */
const socketRequests = new WeakMap<object, AuthenticatedRequest>();
/**
 * The principal per handler call, keyed by the call's first argument, for requests a guard's
 * own `getRequest` made up (a microservice message has no request to leave it on).
 */
const principalsByCall = new WeakMap<object, Principal>();

export function rememberPrincipal(context: ExecutionContext, principal: Principal): void {
  const first: unknown = context.getArgByIndex(0);
  if (typeof first === 'object' && first !== null) principalsByCall.set(first, principal);
}

/** The verified principal of the call, wherever the guard found its request. */
export function principalOf(context: ExecutionContext): Principal | undefined {
  const first: unknown = context.getArgByIndex(0);
  const remembered =
    typeof first === 'object' && first !== null ? principalsByCall.get(first) : undefined;
  return requestOf(context).user ?? remembered;
}

/**
 * The request of any context the guard runs in: HTTP (Express, Fastify), GraphQL (the `req` or
 * `request` that Apollo and Mercurius put in the resolver context) and WebSocket gateways (the
 * socket.io handshake, or the upgrade request a `ws` client carries as `request`).
 */
export function requestOf(context: ExecutionContext): AuthenticatedRequest {
  const type = context.getType<string>();
  if (type === 'graphql') return graphqlRequestOf(context.getArgByIndex<unknown>(2));
  if (type === 'ws') return socketRequestOf(context.switchToWs().getClient<object>());
  // switchToHttp().getRequest() is argument 0, through an object allocated per call.
  if (type === 'http') return context.getArgByIndex<AuthenticatedRequest>(0);
  // Microservices and other transports carry no standard place for a bearer token: without an
  // overridden getRequest the request is refused as unauthenticated, never a TypeError.
  return { headers: {} };
}

function graphqlRequestOf(gqlContext: unknown): AuthenticatedRequest {
  const holder = (gqlContext ?? {}) as {
    req?: AuthenticatedRequest;
    request?: AuthenticatedRequest;
    reply?: { request?: AuthenticatedRequest };
  };
  return holder.req ?? holder.request ?? holder.reply?.request ?? { headers: {} };
}

function socketRequestOf(client: object): AuthenticatedRequest {
  let request = socketRequests.get(client);
  if (request === undefined) {
    request = { headers: { authorization: socketAuthorization(client) } };
    socketRequests.set(client, request);
  }
  return request;
}

function socketAuthorization(client: object): string | undefined {
  const socket = client as {
    handshake?: { headers?: Record<string, unknown>; auth?: Record<string, unknown> };
    request?: { headers?: Record<string, unknown> };
  };
  const header = socket.handshake?.headers?.authorization ?? socket.request?.headers?.authorization;
  if (typeof header === 'string') return header;
  // socket.io clients usually send `io(url, { auth: { token } })` rather than a header.
  const token = socket.handshake?.auth?.token;
  return typeof token === 'string' && token !== '' ? `Bearer ${token}` : undefined;
}
