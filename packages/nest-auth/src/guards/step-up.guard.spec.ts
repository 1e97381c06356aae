import { Controller, Get, INestApplication } from '@nestjs/common';
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
import { Permissions } from '../decorators/permissions.decorator';
import { Policy } from '../decorators/policy.decorator';
import { RequiresMfa } from '../decorators/requires-mfa.decorator';
import { Roles } from '../decorators/roles.decorator';
import { policy } from '../policy/policy.builder';

@Controller()
class AccountController {
  @RequiresMfa()
  @Get('mfa')
  mfa(): { ok: true } {
    return { ok: true };
  }

  @Policy(policy().maxAge(300))
  @Get('recent')
  recent(): { ok: true } {
    return { ok: true };
  }

  @Policy(policy().requireMfa().maxAge(300))
  @Get('both')
  both(): { ok: true } {
    return { ok: true };
  }

  @RequiresMfa()
  @Permissions('payouts:write')
  @Get('payouts')
  payouts(): { ok: true } {
    return { ok: true };
  }
}

/** Every route of the controller needs MFA; one also needs a role. */
@RequiresMfa()
@Controller('admin')
class AdminController {
  @Get('settings')
  settings(): { ok: true } {
    return { ok: true };
  }

  @Roles('admin')
  @Get('users')
  users(): { ok: true } {
    return { ok: true };
  }
}

const CLOCK_TOLERANCE = 5;
const key = testKey('ES256');
const token = (event: Record<string, unknown>): string => signToken(key, claims(event));
const tokens = {
  passwordOnly: token({ amr: ['pwd'], auth_time: NOW - 10 }),
  otp: token({ amr: ['pwd', 'otp'], auth_time: NOW - 10 }),
  mfaAcr: token({ acr: 'urn:warden:acr:mfa', amr: ['pwd', 'hwk'], auth_time: NOW - 10 }),
  noEvent: token({}),
  atLimit: token({ amr: ['pwd'], auth_time: NOW - 300 }),
  inTolerance: token({ amr: ['pwd'], auth_time: NOW - 300 - CLOCK_TOLERANCE }),
  stale: token({ amr: ['pwd'], auth_time: NOW - 300 - CLOCK_TOLERANCE - 1 }),
  staleOtp: token({ amr: ['pwd', 'otp'], auth_time: NOW - 3600 }),
  adminOtp: token({ amr: ['pwd', 'otp'], roles: ['admin'], permissions: ['payouts:write'] }),
};

const CHALLENGE =
  'Bearer realm="warden", error="insufficient_user_authentication", ' +
  'error_description="A stronger or more recent authentication is required"';
const MFA_CHALLENGE = `${CHALLENGE}, acr_values="urn:warden:acr:mfa"`;
const MAX_AGE_CHALLENGE = `${CHALLENGE}, max_age="300"`;

interface Reply {
  status: number;
  challenge: string | null;
  body: Record<string, unknown>;
}

describe('WardenAuthGuard with step-up requirements (RFC 9470)', () => {
  let app: INestApplication;
  let url: string;
  const get = async (path: string, bearer: string): Promise<Reply> => {
    const response = await fetch(`${url}${path}`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    return {
      status: response.status,
      challenge: response.headers.get('www-authenticate'),
      body: (await response.json()) as Record<string, unknown>,
    };
  };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot({
          issuer: ISSUER,
          audience: 'warden',
          algorithms: ['ES256'],
          keyResolver: new InMemoryKeyResolver(key),
          clockTolerance: CLOCK_TOLERANCE,
          clock: { now: () => new Date(NOW * 1000) },
        }),
      ],
      controllers: [AccountController, AdminController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterAll(() => app.close());

  describe('@RequiresMfa()', () => {
    it('refuses a password-only login with 401 and the acr_values challenge', async () => {
      expect(await get('/mfa', tokens.passwordOnly)).toEqual({
        status: 401,
        challenge: MFA_CHALLENGE,
        body: {
          statusCode: 401,
          error: 'Unauthorized',
          code: 'ERR_INSUFFICIENT_USER_AUTHENTICATION',
          message: 'A stronger or more recent authentication is required',
          required: { mfa: true },
        },
      });
      expect((await get('/mfa', tokens.noEvent)).challenge).toBe(MFA_CHALLENGE);
    });

    it.each([
      ['amr with otp', tokens.otp],
      ['acr urn:warden:acr:mfa', tokens.mfaAcr],
    ])('admits a login with %s', async (_name, bearer) => {
      expect(await get('/mfa', bearer)).toMatchObject({ status: 200, body: { ok: true } });
    });
  });

  describe('policy().maxAge(300), at the module clock with 5 s of tolerance', () => {
    it.each([
      ['exactly 300 s old', tokens.atLimit],
      ['305 s old (within the tolerance)', tokens.inTolerance],
    ])('admits a login %s', async (_name, bearer) => {
      expect((await get('/recent', bearer)).status).toBe(200);
    });

    it.each([
      ['306 s old', tokens.stale],
      ['without auth_time', tokens.noEvent],
    ])('refuses a login %s with 401 and the max_age challenge', async (_name, bearer) => {
      expect(await get('/recent', bearer)).toMatchObject({
        status: 401,
        challenge: MAX_AGE_CHALLENGE,
        body: { code: 'ERR_INSUFFICIENT_USER_AUTHENTICATION', required: { maxAge: 300 } },
      });
    });
  });

  it('names both acr_values and max_age when both fail', async () => {
    expect(await get('/both', tokens.stale)).toMatchObject({
      status: 401,
      challenge: `${MFA_CHALLENGE}, max_age="300"`,
    });
    expect((await get('/both', tokens.staleOtp)).challenge).toBe(MAX_AGE_CHALLENGE);
    expect((await get('/both', tokens.otp)).status).toBe(200);
  });

  describe('with @Permissions on the same handler', () => {
    it('answers the step-up 401 first, even when the permission is missing too', async () => {
      const reply = await get('/payouts', tokens.passwordOnly);

      expect(reply).toMatchObject({ status: 401, challenge: MFA_CHALLENGE });
    });

    it('then 403 insufficient_scope once the login is multi-factor', async () => {
      expect(await get('/payouts', tokens.otp)).toMatchObject({
        status: 403,
        body: { code: 'ERR_INSUFFICIENT_SCOPE', required: { permissions: ['payouts:write'] } },
      });
      expect((await get('/payouts', tokens.adminOtp)).status).toBe(200);
    });
  });

  describe('on a controller', () => {
    it('applies to every handler, and stacks with a method-level @Roles', async () => {
      expect(await get('/admin/settings', tokens.passwordOnly)).toMatchObject({
        status: 401,
        challenge: MFA_CHALLENGE,
      });
      expect((await get('/admin/settings', tokens.otp)).status).toBe(200);
      expect(await get('/admin/users', tokens.otp)).toMatchObject({
        status: 403,
        body: { code: 'ERR_INSUFFICIENT_SCOPE' },
      });
      expect((await get('/admin/users', tokens.adminOtp)).status).toBe(200);
    });
  });

  it('still answers an invalid token with invalid_token, before any step-up check', async () => {
    const reply = await get('/mfa', `${tokens.otp.slice(0, -4)}AAAA`);

    expect(reply.status).toBe(401);
    expect(reply.challenge).toContain('error="invalid_token"');
  });
});
