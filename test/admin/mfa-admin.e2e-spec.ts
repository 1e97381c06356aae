import { createHmac, randomUUID } from 'node:crypto';
import { FakeClock } from '../../src/common/fake-clock';
import { createTestApp, TestApp } from '../support/test-app';
import { authedPost, bodyOf, login, loginOk, registeredAccount } from '../tokens/session.fixtures';
import type { AccountFixture } from '../users/users.factory';
import {
  ADMIN_ENV,
  AdminSession,
  adminSession,
  api,
  HttpMethod,
  plainUser,
} from './admin.fixtures';

type Account = AccountFixture & { id: string };
type Call = (method: HttpMethod, path: string, body?: unknown) => Promise<Response>;

interface UsersPage {
  items: { id: string; mfaEnabled: boolean }[];
  total: number;
}

/** RFC 4648 §6 base32, without padding. */
function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => parseInt(byte, 2)));
}

/** RFC 6238 TOTP (HMAC-SHA-1, 6 digits, 30 s), written apart from the service's own. */
function totp(secret: string, at: Date): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 1000 / 30)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f; // RFC 4226 §5.4 dynamic truncation
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

/** `DELETE /users/:id/mfa` and the `mfa` filter of `GET /users`. */
describe('second factor administration', () => {
  const clock = new FakeClock(Date.now());
  let sut: TestApp;
  let admin: AdminSession;

  beforeAll(async () => {
    sut = await createTestApp(ADMIN_ENV, { clock });
    admin = await adminSession(sut);
  });
  afterAll(() => sut.close());

  const resetMfa = (call: Call, id: string) => call('DELETE', `/users/${id}/mfa`);

  const mfaEnabledOf = async (id: string): Promise<unknown> => {
    const response = await admin.call('GET', `/users/${id}`);
    expect(response.status).toBe(200);
    return (await bodyOf(response)).mfaEnabled;
  };

  const listedIds = async (query: string): Promise<string[]> => {
    const response = await admin.call('GET', `/users?limit=100&${query}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as UsersPage).items.map((user) => user.id);
  };

  /** A registered user who enrolled an authenticator through the HTTP routes. */
  const enrolledUser = async (): Promise<Account> => {
    const { account, session } = await plainUser(sut);
    const started = await authedPost(sut, '/auth/mfa/totp', session.access_token);
    expect(started.status).toBe(200);
    const { secret } = (await started.json()) as { secret: string };
    const confirmed = await authedPost(sut, '/auth/mfa/totp/confirm', session.access_token, {
      code: totp(secret, clock.now()),
    });
    expect(confirmed.status).toBe(200);
    return account;
  };

  /** A user whose only privilege is `users:write` (an own permission), logged in. */
  const userWriter = async (): Promise<{ account: Account; call: Call }> => {
    const account = await registeredAccount(sut);
    const granted = await admin.call('PATCH', `/users/${account.id}`, {
      permissions: ['users:write'],
    });
    expect(granted.status).toBe(200);
    const { access_token: token } = await loginOk(sut, account);
    return { account, call: (method, path, body) => api(sut, method, path, token, body) };
  };

  describe('PublicUser.mfaEnabled and GET /users?mfa', () => {
    it('is false for a fresh user, listed by ?mfa=false and not by ?mfa=true', async () => {
      const fresh = await registeredAccount(sut);

      expect(await mfaEnabledOf(fresh.id)).toBe(false);
      expect(await listedIds('mfa=false')).toContain(fresh.id);
      expect(await listedIds('mfa=true')).not.toContain(fresh.id);
    });

    it('is true once enrolled, listed by ?mfa=true and not by ?mfa=false', async () => {
      const enrolled = await enrolledUser();

      expect(await mfaEnabledOf(enrolled.id)).toBe(true);
      expect(await listedIds('mfa=true')).toContain(enrolled.id);
      expect(await listedIds('mfa=false')).not.toContain(enrolled.id);
    });

    it('combines with the active filter', async () => {
      const enrolled = await enrolledUser();
      expect((await admin.call('PATCH', `/users/${enrolled.id}`, { isActive: false })).status).toBe(
        200,
      );

      expect(await listedIds('mfa=true&active=false')).toEqual([enrolled.id]);
      expect(await listedIds('mfa=true&active=true')).not.toContain(enrolled.id);
    });

    it.each([['maybe'], ['1'], ['']])(
      'refuses ?mfa=%s with 400 naming the field',
      async (value) => {
        const response = await admin.call('GET', `/users?mfa=${value}`);

        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({
          code: 'ERR_VALIDATION',
          errors: [{ field: 'mfa', message: expect.stringContaining('mfa') as unknown }],
        });
      },
    );
  });

  describe('DELETE /users/:id/mfa', () => {
    it('removes the factor: the flag is cleared and the password alone logs in again', async () => {
      const enrolled = await enrolledUser();
      const credentials = { username: enrolled.username, password: enrolled.password };
      const challenged = await login(sut, credentials);
      expect(challenged.status).toBe(401);
      expect(await challenged.json()).toMatchObject({ code: 'ERR_MFA_REQUIRED' });

      const response = await resetMfa(admin.call, enrolled.id);

      expect(response.status).toBe(204);
      expect(await mfaEnabledOf(enrolled.id)).toBe(false);
      expect(await listedIds('mfa=true')).not.toContain(enrolled.id);
      expect(await listedIds('mfa=false')).toContain(enrolled.id);
      expect((await login(sut, credentials)).status).toBe(200);
    });

    it('audits mfa.reset with the acting administrator', async () => {
      const enrolled = await enrolledUser();

      expect((await resetMfa(admin.call, enrolled.id)).status).toBe(204);

      const audit = await bodyOf(await admin.call('GET', '/audit?type=mfa.reset&limit=1'));
      expect(audit.items).toEqual([
        expect.objectContaining({ actor: admin.id, subject: enrolled.id }),
      ]);
    });

    it('lets the user enrol again afterwards', async () => {
      const enrolled = await enrolledUser();
      expect((await resetMfa(admin.call, enrolled.id)).status).toBe(204);
      const session = await loginOk(sut, enrolled);

      const started = await authedPost(sut, '/auth/mfa/totp', session.access_token);

      expect(started.status).toBe(200);
    });

    it('answers 204 for a user without a factor', async () => {
      const { account } = await plainUser(sut);

      expect((await resetMfa(admin.call, account.id)).status).toBe(204);
      expect(await mfaEnabledOf(account.id)).toBe(false);
    });

    it('answers 404 for an unknown id and 400 for one that is not a UUID', async () => {
      const unknown = await resetMfa(admin.call, randomUUID());
      const malformed = await resetMfa(admin.call, 'not-a-uuid');

      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ code: 'ERR_USER_NOT_FOUND' });
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toMatchObject({
        code: 'ERR_VALIDATION',
        errors: [{ field: 'id', message: 'id must be a UUID' }],
      });
    });

    it('refuses a request without a token with 401', async () => {
      const { account } = await plainUser(sut);

      const response = await api(sut, 'DELETE', `/users/${account.id}/mfa`);

      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: 'ERR_TOKEN_MISSING' });
    });

    it('refuses a token without users:write with 403, leaving the factor', async () => {
      const enrolled = await enrolledUser();
      const { session } = await plainUser(sut);

      const response = await api(sut, 'DELETE', `/users/${enrolled.id}/mfa`, session.access_token);

      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({
        code: 'ERR_INSUFFICIENT_SCOPE',
        required: { permissions: ['users:write'] },
      });
      expect(await mfaEnabledOf(enrolled.id)).toBe(true);
    });

    it("refuses one's own factor, even to the full administrator", async () => {
      const writer = await userWriter();

      for (const [call, id] of [
        [admin.call, admin.id],
        [writer.call, writer.account.id],
      ] as const) {
        const response = await resetMfa(call, id);

        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ code: 'ERR_PRIVILEGE_ESCALATION' });
      }
    });

    it('refuses a users:write holder acting on someone holding more, leaving the factor', async () => {
      const writer = await userWriter();
      const enrolled = await enrolledUser();
      expect(
        (await admin.call('PATCH', `/users/${enrolled.id}`, { permissions: ['audit:read'] }))
          .status,
      ).toBe(200);

      const onAdmin = await resetMfa(writer.call, admin.id);
      const onHolder = await resetMfa(writer.call, enrolled.id);

      expect(onAdmin.status).toBe(403);
      expect(await onAdmin.json()).toMatchObject({ code: 'ERR_PRIVILEGE_ESCALATION' });
      expect(onHolder.status).toBe(403);
      expect(await onHolder.json()).toMatchObject({
        code: 'ERR_PRIVILEGE_ESCALATION',
        missing: ['audit:read'],
      });
      expect(await mfaEnabledOf(enrolled.id)).toBe(true);
    });

    it("lets a users:write holder reset a plain user's factor", async () => {
      const writer = await userWriter();
      const enrolled = await enrolledUser();

      expect((await resetMfa(writer.call, enrolled.id)).status).toBe(204);
      expect(await mfaEnabledOf(enrolled.id)).toBe(false);
    });
  });

  it('is documented in OpenAPI with its permission, 204 and the escalation refusal', async () => {
    type Operation = {
      security?: unknown;
      responses: Record<
        string,
        { description?: string; content?: { 'application/json'?: { example?: unknown } } }
      >;
    };
    const document = (await (await sut.request('/docs-json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
    };
    const operation = document.paths['/users/{id}/mfa']?.delete;

    expect(operation?.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(operation?.responses ?? {})).toEqual(
      expect.arrayContaining(['204', '400', '401', '403', '404']),
    );
    const forbidden = operation?.responses['403'];
    expect(forbidden?.description).toContain('ERR_PRIVILEGE_ESCALATION');
    expect(forbidden?.content?.['application/json']?.example).toMatchObject({
      required: { permissions: ['users:write'] },
    });
  });
});
