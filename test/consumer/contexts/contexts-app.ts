import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { INestApplication, Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import { io, type Socket } from 'socket.io-client';
import {
  createHttpAdapter,
  type HttpPlatform,
} from '../../../examples/consumer-app/src/http-adapter';
import { FakeClock } from '../../../src/common/fake-clock';
import { AuthModule, type WardenAuthGuard } from '@warden/nest-auth';
import {
  AUDIENCE,
  InMemoryKeyResolver,
  ISSUER,
  NOW,
  type TestKey,
} from '../../../packages/nest-auth/test/token-factory';
import { ContextsController } from './contexts.controller';
import { ContextsGateway } from './contexts.gateway';
import { ContextsResolver } from './contexts.resolver';

export interface GraphqlAnswer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export interface ContextsApp {
  baseUrl: string;
  /** The verifier's clock, starting at the token factory's NOW. */
  clock: FakeClock;
  /** POSTs one query to /graphql with the given headers. */
  graphql: (query: string, headers?: Record<string, string>) => Promise<GraphqlAnswer>;
  /** A socket.io client of the app's gateway (websocket transport, no reconnection). */
  connect: (options: { token?: string; headers?: Record<string, string> }) => Promise<Socket>;
  close: () => Promise<void>;
}

export interface ContextsAppOptions {
  key: TestKey;
  /** A WardenAuthGuard subclass to register as the global guard instead of the module's. */
  guard?: Type<WardenAuthGuard>;
}

/**
 * One app serving HTTP, GraphQL (Apollo, code first) and socket.io, guarded by AuthModule's
 * global guard (or a subclass of it), with the library's own exception filter.
 */
export async function startContextsApp(
  platform: HttpPlatform,
  { key, guard }: ContextsAppOptions,
): Promise<ContextsApp> {
  const clock = new FakeClock(NOW * 1000);
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: [key.alg],
        clockTolerance: 0,
        keyResolver: new InMemoryKeyResolver(key),
        clock,
        globalGuard: guard === undefined,
      }),
      GraphQLModule.forRoot<ApolloDriverConfig>({
        driver: ApolloDriver,
        autoSchemaFile: true,
        graphiql: false,
        includeStacktraceInErrorResponses: false,
      }),
    ],
    controllers: [ContextsController],
    providers: [
      ContextsResolver,
      ContextsGateway,
      ...(guard === undefined ? [] : [{ provide: APP_GUARD, useClass: guard }]),
    ],
  }).compile();
  const app: INestApplication = moduleRef.createNestApplication(createHttpAdapter(platform), {
    logger: false,
  });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const sockets: Socket[] = [];

  return {
    baseUrl,
    clock,
    graphql: async (query, headers = {}) => {
      const response = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as Omit<GraphqlAnswer, 'status'>;
      return { status: response.status, ...body };
    },
    connect: ({ token, headers }) => {
      const socket = io(baseUrl, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        auth: token === undefined ? {} : { token },
        extraHeaders: headers,
      });
      sockets.push(socket);
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    },
    close: async () => {
      for (const socket of sockets) socket.disconnect();
      await app.close();
    },
  };
}

export type SocketAnswer = { ack: unknown } | { exception: unknown };

/** Emits one message and settles on whichever comes first: the handler's ack or an `exception`. */
export function emitMessage(
  socket: Socket,
  event: string,
  data: unknown = {},
): Promise<SocketAnswer> {
  return new Promise((resolve, reject) => {
    const settle = (answer: SocketAnswer): void => {
      clearTimeout(timer);
      socket.off('exception', onException);
      resolve(answer);
    };
    const onException = (exception: unknown): void => settle({ exception });
    const timer = setTimeout(() => reject(new Error(`no answer to ${event}`)), 10_000);
    socket.once('exception', onException);
    socket.emit(event, data, (ack: unknown) => settle({ ack }));
  });
}
