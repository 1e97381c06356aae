import type { DataSource, EntityManager } from 'typeorm';
import { epochSeconds } from '@warden/nest-auth';
import type { AccessTokenClaims } from '@warden/nest-auth';
import { FakeClock } from '../common/fake-clock';
import { parseConfig } from '../config';
import { serializeTokenCutoff, TOKEN_CUTOFF_CHANNEL } from '../users/token-cutoff';
import type { UsersService } from '../users/users.service';
import { REVOCATIONS_CHANNEL } from './revoked-tokens.repository';
import { RevocationService } from './revocation.service';
import type { RevokedJti, RevokedTokensRepository } from './revoked-tokens.repository';

/** A transaction's manager: records its queries, and what was committed. */
class FakeManager {
  readonly queries: { sql: string; params: unknown[] }[] = [];

  query(sql: string, params: unknown[] = []): Promise<unknown[]> {
    this.queries.push({ sql, params });
    return Promise.resolve([]);
  }
}

class FakeRevokedTokens {
  readonly rows: RevokedJti[] = [];
  readonly notifications: string[] = [];
  readonly managers: FakeManager[] = [];
  /** Set to make the INSERT fail, as it does when the database is down. */
  failInsert: Error | undefined;
  /** Set to make the COMMIT fail. */
  failCommit: Error | undefined;

  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const manager = new FakeManager();
    this.managers.push(manager);
    const staged = { rows: this.rows.length, notifications: this.notifications.length };
    try {
      const result = await work(manager as unknown as EntityManager);
      if (this.failCommit) throw this.failCommit;
      return result;
    } catch (error) {
      // A rollback: nothing of the transaction stays, no notification is sent.
      this.rows.splice(staged.rows);
      this.notifications.splice(staged.notifications);
      throw error;
    }
  }

  insert(tokens: readonly RevokedJti[]): Promise<void> {
    if (this.failInsert) return Promise.reject(this.failInsert);
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
  const config = parseConfig({});
  const outage = Object.assign(new Error('Connection terminated unexpectedly'), {
    code: 'ECONNRESET',
  });
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
      { manager: new FakeManager() } as unknown as DataSource,
      repository as unknown as RevokedTokensRepository,
      {} as UsersService,
      config,
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

  it('changes nothing in memory when the database write fails, and passes the error on', async () => {
    repository.failInsert = outage;

    await expect(sut.revokeAccessTokens([{ jti: 'jti-1', exp: now + 900 }])).rejects.toBe(outage);

    expect(sut.isRevoked(claims())).toBe(false);
    expect(sut.size).toEqual({ jtis: 0, subjects: 0, clients: 0 });
    expect(repository.notifications).toEqual([]);
  });

  it('changes nothing in memory when the commit fails', async () => {
    repository.failCommit = outage;

    await expect(sut.revokeAccessTokens([{ jti: 'jti-1', exp: now + 900 }])).rejects.toBe(outage);

    expect(sut.isRevoked(claims())).toBe(false);
  });

  it('changes nothing when the write of a commit fails before anything is denied', async () => {
    const write = () => Promise.reject(outage);

    await expect(sut.commit(write)).rejects.toBe(outage);

    expect(sut.size).toEqual({ jtis: 0, subjects: 0, clients: 0 });
    expect(repository.rows).toEqual([]);
  });

  it('denies a session id, refusing every token that carries it as sid', async () => {
    const [denial] = sut.sessionDenials(['family-1']);

    await sut.commit(() => Promise.resolve({ tokens: [denial] }));

    expect(sut.isRevoked(claims({ jti: 'delegated-1', sid: 'family-1' }))).toBe(true);
    expect(sut.isRevoked(claims({ jti: 'delegated-2', sid: 'family-2' }))).toBe(false);
    // Kept until no token issued before the revocation can be unexpired, tolerance included.
    const { accessTokenTtl, clockTolerance } = config.jwt;
    expect(denial.exp).toBeGreaterThanOrEqual(now + accessTokenTtl + clockTolerance);
  });

  it("stores a deleted client's cut-off in the write's transaction, then refuses its tokens", async () => {
    const write = jest.fn(() =>
      Promise.resolve({ clients: [{ clientId: 'gone', revokedAt: clock.now() }] }),
    );

    await sut.commit(write);

    const [manager] = repository.managers;
    expect(write).toHaveBeenCalledWith(manager);
    const insert = manager.queries.find(({ sql }) => sql.includes('subject_cutoffs'));
    expect(insert?.params.slice(0, 2)).toEqual(['client:gone', clock.now()]);
    expect(JSON.parse(repository.notifications[0])).toEqual({ c: [['gone', now + 1]] });
    expect(sut.isRevoked(claims({ client_id: 'gone' }))).toBe(true);
    expect(sut.isRevoked(claims({ sub: 'client:gone', client_id: 'other' }))).toBe(true);
    expect(sut.isRevoked(claims({ client_id: 'gone', iat: now + 1 }))).toBe(false);
  });

  it('applies jtis announced by another replica', () => {
    sut.applyNotification(REVOCATIONS_CHANNEL, JSON.stringify({ j: [['jti-9', now + 60]] }));

    expect(sut.isRevoked(claims({ jti: 'jti-9' }))).toBe(true);
  });

  it("applies a deleted client's cut-off announced by another replica", () => {
    sut.applyNotification(REVOCATIONS_CHANNEL, JSON.stringify({ c: [['gone', now + 1]] }));

    expect(sut.isRevoked(claims({ client_id: 'gone' }))).toBe(true);
    expect(sut.isRevoked(claims({ client_id: 'warden' }))).toBe(false);
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
    const malformed = ['not json', '{"j":"x"}', '{"j":[[1,2]]}', '{"c":[["x","y"]]}', 'null'];
    for (const payload of malformed) {
      sut.applyNotification(REVOCATIONS_CHANNEL, payload);
      sut.applyNotification(TOKEN_CUTOFF_CHANNEL, payload);
    }

    expect(sut.size).toEqual({ jtis: 0, subjects: 0, clients: 0 });
  });
});
