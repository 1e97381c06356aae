import { Controller, Get, INestApplication, LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  claims,
  InMemoryKeyResolver,
  ISSUER,
  NOW,
  signToken,
  testKey,
} from '../../test/token-factory';
import { AuthModule } from '../auth.module';
import type { AuthModuleOptions } from '../auth.module.options';
import { CurrentUser } from '../decorators/current-user.decorator';
import type { Principal } from '../principal';
import { TOKEN_USES } from '../token-uses';

/** The custom claims the reports API maps into its tokens. */
interface ReportsClaims {
  tenant_id?: string;
  instance_ids?: string[];
}

@Controller()
class ReportsController {
  @Get('tenant')
  tenant(@CurrentUser() user: Principal<ReportsClaims>): {
    tenantId: string | null;
    instanceIds: readonly string[];
  } {
    return { tenantId: user.claims.tenant_id ?? null, instanceIds: user.claims.instance_ids ?? [] };
  }
}

/** Keeps debug lines: the refusal reasons are logged there. */
class DebugLines implements LoggerService {
  readonly debugs: string[] = [];
  log = (): void => undefined;
  warn = (): void => undefined;
  error = (): void => undefined;
  debug = (message: unknown): void => void this.debugs.push(String(message));
}

interface RunningApi {
  app: INestApplication;
  logs: DebugLines;
  get: (token: string) => Promise<{ status: number; body: Record<string, unknown> }>;
}

const key = testKey('RS256');
const gateway = { sub: 'client:gateway' };
const tokens = {
  user: signToken(key, claims({ aud: 'reports', tenant_id: 'acme', instance_ids: ['i-1'] })),
  delegated: signToken(
    key,
    claims({ aud: 'reports', token_use: 'delegated', client_id: 'gateway', act: gateway }),
  ),
  service: signToken(
    key,
    claims({ aud: 'reports', sub: 'client:cron', client_id: 'cron', token_use: 'service' }),
  ),
  /** A user's token asked for the billing API: valid, but not for reports. */
  billing: signToken(key, claims({ aud: 'billing', tenant_id: 'acme' })),
};

/** The reports API as its own app: one audience, the token uses the test names. */
async function startReports(extra: Partial<AuthModuleOptions>): Promise<RunningApi> {
  const logs = new DebugLines();
  const moduleRef = await Test.createTestingModule({
    imports: [
      AuthModule.forRoot({
        issuer: ISSUER,
        audience: 'reports',
        algorithms: ['RS256'],
        keyResolver: new InMemoryKeyResolver(key),
        clock: { now: () => new Date(NOW * 1000) },
        ...extra,
      }),
    ],
    controllers: [ReportsController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: logs });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    logs,
    get: async (token) => {
      const response = await fetch(`${url}/tenant`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
  };
}

describe('WardenAuthGuard in an app serving one API', () => {
  const running: RunningApi[] = [];
  const start = async (extra: Partial<AuthModuleOptions>): Promise<RunningApi> => {
    const api = await startReports(extra);
    running.push(api);
    return api;
  };

  afterAll(() => Promise.all(running.map((api) => api.app.close())));

  describe('with requiredTokenUse: TOKEN_USES.users', () => {
    let reports: RunningApi;
    beforeAll(async () => (reports = await start({ requiredTokenUse: TOKEN_USES.users })));

    it("admits a user's own token and hands its custom claims to the handler", async () => {
      expect(await reports.get(tokens.user)).toEqual({
        status: 200,
        body: { tenantId: 'acme', instanceIds: ['i-1'] },
      });
    });

    it.each([
      ['a delegated token (a gateway acting for the user)', tokens.delegated],
      ["a service's client_credentials token", tokens.service],
    ])('refuses %s with 401 ERR_TOKEN_INVALID', async (_name, token) => {
      const refused = await reports.get(token);

      expect(refused).toMatchObject({ status: 401, body: { code: 'ERR_TOKEN_INVALID' } });
      expect(reports.logs.debugs.at(-1)).toBe('Access token refused: token_use not allowed');
    });
  });

  describe("with requiredTokenUse: 'machines' (the preset's name)", () => {
    let reports: RunningApi;
    beforeAll(async () => (reports = await start({ requiredTokenUse: 'machines' })));

    it('admits service and delegated tokens, and refuses a user session', async () => {
      expect((await reports.get(tokens.service)).status).toBe(200);
      expect((await reports.get(tokens.delegated)).status).toBe(200);
      expect(await reports.get(tokens.user)).toMatchObject({
        status: 401,
        body: { code: 'ERR_TOKEN_INVALID' },
      });
    });
  });

  describe('given a token of another API (aud billing)', () => {
    it('refuses it with 401 ERR_TOKEN_INVALID, logging "aud mismatch" at debug only', async () => {
      const reports = await start({});

      const refused = await reports.get(tokens.billing);

      expect(refused).toMatchObject({ status: 401, body: { code: 'ERR_TOKEN_INVALID' } });
      expect(refused.body).not.toHaveProperty('reason');
      expect(JSON.stringify(refused.body)).not.toContain('aud');
      expect(reports.logs.debugs.at(-1)).toBe('Access token refused: aud mismatch');
    });

    it('says "aud mismatch" in the body with exposeRefusalReasons (development)', async () => {
      const reports = await start({ exposeRefusalReasons: true });

      expect(await reports.get(tokens.billing)).toMatchObject({
        status: 401,
        body: { code: 'ERR_TOKEN_INVALID', reason: 'aud mismatch' },
      });
    });
  });
});
