import type { DataSource } from 'typeorm';
import { epochSeconds } from '../common/clock';
import { FakeClock } from '../common/fake-clock';
import { parseConfig } from '../config';
import type { AccessTokenClaims } from '../policy/access-token-claims';
import { serializeTokenCutoff, TOKEN_CUTOFF_CHANNEL } from '../users/token-cutoff';
import type { UsersService } from '../users/users.service';
import { REVOCATIONS_CHANNEL } from './revoked-tokens.repository';
import { RevocationService } from './revocation.service';
import type { RevokedJti, RevokedTokensRepository } from './revoked-tokens.repository';

class FakeRevokedTokens {
  readonly rows: RevokedJti[] = [];
  readonly notifications: string[] = [];

  insert(tokens: readonly RevokedJti[]): Promise<void> {
    this.rows.push(...tokens);
    return Promise.resolve();
  }

  notify(payload: string): Promise<void> {
    this.notifications.push(payload);
    return Promise.resolve();
  }
}

describe(RevocationService.name, () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 12, 0, 0, 500));
  const now = epochSeconds(clock);
  let repository: FakeRevokedTokens;
  let sut: RevocationService;

  function claims(overrides: Partial<AccessTokenClaims> = {}): AccessTokenClaims {
    return {
      iss: 'i',
      sub: 'user-1',
      aud: 'a',
      iat: now,
      exp: now + 900,
      jti: 'jti-1',
      client_id: 'warden',
      token_use: 'access',
      roles: [],
      permissions: [],
      ...overrides,
    };
  }

  beforeEach(() => {
    repository = new FakeRevokedTokens();
    sut = new RevocationService(
      {} as DataSource,
      repository as unknown as RevokedTokensRepository,
      {} as UsersService,
      parseConfig({}),
      clock,
    );
  });

  it('refuses a revoked jti at once, stores it and announces it', async () => {
    await sut.revokeAccessTokens([{ jti: 'jti-1', exp: now + 900 }]);

    expect(sut.isRevoked(claims())).toBe(true);
    expect(sut.isRevoked(claims({ jti: 'jti-2' }))).toBe(false);
    expect(repository.rows).toEqual([{ jti: 'jti-1', exp: now + 900 }]);
    expect(JSON.parse(repository.notifications[0])).toEqual({ j: [['jti-1', now + 900]] });
  });

  it('applies jtis announced by another replica', () => {
    sut.applyNotification(REVOCATIONS_CHANNEL, JSON.stringify({ j: [['jti-9', now + 60]] }));

    expect(sut.isRevoked(claims({ jti: 'jti-9' }))).toBe(true);
  });

  it("applies a user's cut-off announced by UsersModule, refusing that whole second", () => {
    const payload = serializeTokenCutoff({
      userId: 'user-1',
      validAfter: clock.now().toISOString(),
    });

    sut.applyNotification(TOKEN_CUTOFF_CHANNEL, payload);

    expect(sut.isRevoked(claims({ iat: now }))).toBe(true);
    expect(sut.isRevoked(claims({ iat: now + 1 }))).toBe(false);
    expect(sut.earliestIssuedAt('user-1')).toBe(now + 1);
  });

  it('ignores malformed notifications', () => {
    for (const payload of ['not json', '{"j":"x"}', '{"j":[[1,2]]}', 'null']) {
      sut.applyNotification(REVOCATIONS_CHANNEL, payload);
      sut.applyNotification(TOKEN_CUTOFF_CHANNEL, payload);
    }

    expect(sut.size).toEqual({ jtis: 0, subjects: 0 });
  });
});
