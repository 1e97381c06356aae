// Nest's core loads reflect-metadata from its main entry, not from its internal one.
import 'reflect-metadata';
import { ExecutionContextHost } from '@nestjs/core/internal';
import type { Principal } from '../principal';
import { type AuthenticatedRequest, principalOf, rememberPrincipal, requestOf } from './request-of';

/** The ExecutionContext Nest builds for a handler of the given transport, with its arguments. */
function contextOf(type: string, args: unknown[]): ExecutionContextHost {
  const context = new ExecutionContextHost(args);
  context.setType(type);
  return context;
}

const request = (authorization?: string): AuthenticatedRequest => ({
  headers: authorization === undefined ? {} : { authorization },
});

/** A socket.io Socket as far as the guard looks at it: its handshake. */
const socketIoClient = (handshake: { headers?: Record<string, unknown>; auth?: object }) => ({
  handshake: { headers: {}, auth: {}, ...handshake },
});

describe(requestOf.name, () => {
  describe('http', () => {
    it('is the request itself (Express or Fastify), so the principal lands on it', () => {
      const req = request('Bearer t');

      expect(requestOf(contextOf('http', [req, {}, () => undefined]))).toBe(req);
    });
  });

  describe('rpc (microservices)', () => {
    it('is an empty request: the token is refused as missing unless getRequest is overridden', () => {
      const payload = { pattern: 'sum', data: [1, 2] };

      expect(requestOf(contextOf('rpc', [payload, {}]))).toEqual({ headers: {} });
    });
  });

  describe('the principal of a request a guard subclass made up', () => {
    it('is found by @CurrentUser in the same call, and only there', () => {
      const message = { authorization: 'Bearer t', data: [1, 2] };
      const principal = { sub: 'user-1' } as Principal;
      rememberPrincipal(contextOf('rpc', [message, {}]), principal);

      // The param decorator gets its own ExecutionContext over the same arguments.
      expect(principalOf(contextOf('rpc', [message, {}]))).toBe(principal);
      expect(principalOf(contextOf('rpc', [{ ...message }, {}]))).toBeUndefined();
    });
  });

  describe('graphql', () => {
    // A resolver is called with (root, args, context, info); the request sits in the context.
    const resolverContext = (gqlContext: unknown) => contextOf('graphql', [{}, {}, gqlContext, {}]);

    it("takes `req`, as Nest's Apollo driver puts it", () => {
      const req = request('Bearer t');

      expect(requestOf(resolverContext({ req, request: request('Bearer other') }))).toBe(req);
    });

    it('takes `request` when there is no `req`', () => {
      const req = request('Bearer t');

      expect(requestOf(resolverContext({ request: req }))).toBe(req);
    });

    it('takes `reply.request`, as Mercurius puts it', () => {
      const req = request('Bearer t');

      expect(requestOf(resolverContext({ reply: { request: req }, app: {} }))).toBe(req);
    });

    it.each([
      ['a context without a request', {}],
      ['no context at all', undefined],
    ])('finds no credentials in %s', (_name, gqlContext) => {
      expect(requestOf(resolverContext(gqlContext))).toEqual({ headers: {} });
    });
  });

  describe('ws', () => {
    // A message handler is called with (client, data); the token came with the connection.
    const messageContext = (client: object) => contextOf('ws', [client, { some: 'data' }]);

    it('reads the Authorization header of the socket.io handshake', () => {
      const client = socketIoClient({ headers: { authorization: 'Bearer from-header' } });

      expect(requestOf(messageContext(client)).headers).toEqual({
        authorization: 'Bearer from-header',
      });
    });

    it('turns the socket.io `auth.token` into a Bearer credential', () => {
      const client = socketIoClient({ auth: { token: 'from-auth' } });

      expect(requestOf(messageContext(client)).headers.authorization).toBe('Bearer from-auth');
    });

    it('prefers the header when the handshake carries both', () => {
      const client = socketIoClient({
        headers: { authorization: 'Bearer from-header' },
        auth: { token: 'from-auth' },
      });

      expect(requestOf(messageContext(client)).headers.authorization).toBe('Bearer from-header');
    });

    it.each([
      ['an empty auth token', socketIoClient({ auth: { token: '' } })],
      ['a non-string auth token', socketIoClient({ auth: { token: 42 } })],
      ['a non-string header', socketIoClient({ headers: { authorization: ['Bearer a'] } })],
      ['a client of no known shape', {}],
    ])('finds no credentials in %s', (_name, client) => {
      expect(requestOf(messageContext(client)).headers.authorization).toBeUndefined();
    });

    it('reads the upgrade request a `ws` client carries as `request`', () => {
      const client = { readyState: 1, request: { headers: { authorization: 'Bearer ws' } } };

      expect(requestOf(messageContext(client)).headers.authorization).toBe('Bearer ws');
    });

    it('gives one stand-in request per socket, so the principal stays between messages', () => {
      const client = socketIoClient({ auth: { token: 't' } });
      const first = requestOf(messageContext(client));
      first.user = { sub: 'user-1' } as AuthenticatedRequest['user'];

      expect(requestOf(messageContext(client))).toBe(first);
      expect(requestOf(messageContext(socketIoClient({ auth: { token: 't' } })))).not.toBe(first);
    });
  });
});
