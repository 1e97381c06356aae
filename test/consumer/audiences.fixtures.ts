import { Controller, Get, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  AuthModule,
  type AuthModuleOptions,
  CurrentUser,
  type Principal,
  RequiresAuth,
} from '@warden/nest-auth';
import { Client } from 'pg';
import { allowInsecureRequests, ClientSecretBasic, Configuration, discovery } from 'openid-client';
import { createHttpAdapter, HttpPlatform } from '../../examples/consumer-app/src/http-adapter';
import type { OAuthClient, OAuthTestApp } from '../oauth/oauth.fixtures';
import { RecordingLogger } from './consumer-app';

// Helpers of audiences.e2e-spec.ts: the apps that each guard one API, and the rows the
// administration routes would write, written here by SQL so the spec depends on the token
// endpoints alone.

/** The claims an API maps from attributes, as that API's app declares them. */
interface TenantClaims {
  tenant_id: string;
}

/** What an API's routes answer: who called, as its own AuthModule verified it. */
@Controller()
class ApiController {
  @RequiresAuth()
  @Get('me')
  me(@CurrentUser() user: Principal): Record<string, unknown> {
    return {
      sub: user.sub,
      tokenUse: user.tokenUse,
      permissions: user.permissions,
      aud: user.claims.aud,
    };
  }

  @RequiresAuth()
  @Get('tenant')
  tenant(@CurrentUser() user: Principal<TenantClaims>): { tenant_id: string } {
    return { tenant_id: user.claims.tenant_id };
  }
}

export interface ApiApp {
  audience: string;
  /** GET `path` with the bearer token; the status and the parsed body. */
  get: (path: string, token: string) => Promise<{ status: number; body: Record<string, unknown> }>;
  close: () => Promise<void>;
}

/**
 * A resource server of its own, as a team would write one: AuthModule pinned to its audience,
 * keys from Warden's JWKS, on loopback.
 */
export async function startApiApp(
  warden: OAuthTestApp,
  platform: HttpPlatform,
  audience: string,
  extra: Partial<AuthModuleOptions> = {},
): Promise<ApiApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        issuer: warden.config.jwt.issuer,
        audience,
        jwksUri: `${warden.baseUrl}/.well-known/jwks.json`,
        algorithms: ['RS256'],
        ...extra,
      }),
    ],
    controllers: [ApiController],
  }).compile();
  const app: INestApplication = moduleRef.createNestApplication(createHttpAdapter(platform), {
    logger: new RecordingLogger(),
  });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    audience,
    get: async (path, token) => {
      const response = await fetch(`${baseUrl}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    close: () => app.close(),
  };
}

export interface ApiRow {
  identifier: string;
  permissions: string[];
  accessTokenTtl?: number;
  claims?: string[];
}

/** The service's database, for what the administration routes would otherwise write. */
export class Rows {
  private constructor(private readonly db: Client) {}

  static async open(warden: OAuthTestApp): Promise<Rows> {
    const db = new Client({ connectionString: warden.databaseUrl });
    await db.connect();
    return new Rows(db);
  }

  /** A row of `apis`, written around the admin rules (which refuse e.g. a reserved claim). */
  async api(row: ApiRow): Promise<void> {
    await this.db.query(
      `INSERT INTO apis (identifier, name, permissions, access_token_ttl, claims)
       VALUES ($1, $1, $2, $3, $4)`,
      [row.identifier, row.permissions, row.accessTokenTtl ?? null, row.claims ?? []],
    );
  }

  async client(
    client: OAuthClient,
    allowedAudiences: string[],
    attributes: Record<string, unknown> = {},
  ): Promise<void> {
    await this.db.query(
      `UPDATE clients SET allowed_audiences = $2, attributes = $3 WHERE client_id = $1`,
      [client.client_id, allowedAudiences, JSON.stringify(attributes)],
    );
  }

  async userAttributes(userId: string, attributes: Record<string, unknown>): Promise<void> {
    await this.db.query(`UPDATE users SET attributes = $2 WHERE id = $1`, [
      userId,
      JSON.stringify(attributes),
    ]);
  }

  close(): Promise<void> {
    return this.db.end();
  }
}

/** openid-client configured from the RFC 8414 metadata, as any OAuth client would be. */
export function discover(warden: OAuthTestApp, client: OAuthClient): Promise<Configuration> {
  return discovery(
    new URL(warden.config.jwt.issuer),
    client.client_id,
    undefined,
    ClientSecretBasic(client.client_secret),
    { algorithm: 'oauth2', execute: [allowInsecureRequests] },
  );
}

/** RFC 8707 §2: `resource` repeated, once per API. */
export function resources(...identifiers: string[]): URLSearchParams {
  const parameters = new URLSearchParams();
  for (const identifier of identifiers) parameters.append('resource', identifier);
  return parameters;
}
