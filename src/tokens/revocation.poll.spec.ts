import type { DataSource } from 'typeorm';
import { epochSeconds } from '@warden/nest-auth';
import type { AccessTokenClaims } from '@warden/nest-auth';
import { FakeClock } from '../common/fake-clock';
import { parseConfig } from '../config';
import type { RowsAsOf } from '../database/rows-as-of';
import type { UsersService } from '../users/users.service';
import { RevocationService } from './revocation.service';
import type { RevokedJti, RevokedTokensRepository } from './revoked-tokens.repository';

/** The manager SubjectCutoffsRepository reads through: no deleted subjects, the clock row only. */
class FakeManager {
  readonly queries: { sql: string; params: unknown[] }[] = [];
  readAt = new Date('2026-01-01T12:00:00.000Z');

  query(sql: string, params: unknown[] = []): Promise<unknown[]> {
    this.queries.push({ sql, params });
    return Promise.resolve([{ watermark_read_at: this.readAt, subject: null, valid_after: null }]);
  }
}

/** The denylist's reads: what a call asks for, answered from `rows` by their write time. */
class FakeDenylist {
  readonly calls: { unexpiredAt: Date; writtenSince?: Date }[] = [];
  rows: (RevokedJti & { revokedAt: Date })[] = [];
  readAt = new Date('2026-01-01T12:00:00.000Z');
  fail: Error | undefined;

  listUnexpired(unexpiredAt: Date, writtenSince?: Date): Promise<RowsAsOf<RevokedJti>> {
    this.calls.push({ unexpiredAt, writtenSince });
    if (this.fail) return Promise.reject(this.fail);
    const rows = this.rows
      .filter((row) => !writtenSince || row.revokedAt >= writtenSince)
      .map(({ jti, exp }) => ({ jti, exp }));
    return Promise.resolve({ rows, readAt: this.readAt });
  }
}

describe(`${RevocationService.name} polling`, () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 12, 0, 0, 500));
  const now = epochSeconds(clock);
  const config = parseConfig({});
  let denylist: FakeDenylist;
  let manager: FakeManager;
  let sut: RevocationService;

  const at = (iso: string) => new Date(iso);
  const claims = (jti: string) =>
    ({ jti, sub: 'u', iat: now, client_id: 'c' }) as AccessTokenClaims;

  beforeEach(() => {
    denylist = new FakeDenylist();
    manager = new FakeManager();
    const users = { tokenCutoffs: () => Promise.resolve([]) } as unknown as UsersService;
    sut = new RevocationService(
      { manager } as unknown as DataSource,
      denylist as unknown as RevokedTokensRepository,
      users,
      config,
      clock,
    );
  });

  it('reads every unexpired row in a full read, then only those written since the watermark', async () => {
    denylist.rows = [{ jti: 'old', exp: now + 900, revokedAt: at('2026-01-01T11:50:00Z') }];
    denylist.readAt = at('2026-01-01T12:00:00.250Z');
    manager.readAt = at('2026-01-01T12:00:00.300Z');
    await sut.refresh(true);

    expect(denylist.calls[0].writtenSince).toBeUndefined();
    expect(manager.queries[0].sql).not.toContain('written_at');
    expect(sut.isRevoked(claims('old'))).toBe(true);

    // Written later without a NOTIFY (the LISTEN connection was down, say).
    denylist.rows.push({ jti: 'new', exp: now + 900, revokedAt: at('2026-01-01T12:00:03Z') });
    denylist.readAt = at('2026-01-01T12:00:05Z');
    await sut.refresh();

    // The database's clock of the previous read, less the look-back for late commits.
    expect(denylist.calls[1].writtenSince).toEqual(at('2026-01-01T11:59:00.250Z'));
    expect(manager.queries[1].sql).toContain('written_at >= $2');
    expect(manager.queries[1].params[1]).toEqual(at('2026-01-01T11:59:00.300Z'));
    expect(sut.isRevoked(claims('new'))).toBe(true);
    // The incremental read only adds: what it no longer returns stays refused.
    expect(sut.isRevoked(claims('old'))).toBe(true);
    expect(sut.size.jtis).toBe(2);

    await sut.refresh();
    expect(denylist.calls[2].writtenSince).toEqual(at('2026-01-01T11:59:05Z'));
  });

  it('keeps the watermark where it was when a poll fails, so the next one reads the gap', async () => {
    await sut.refresh(true);
    const since = at('2026-01-01T11:59:00Z');
    denylist.fail = new Error('Connection terminated unexpectedly');
    denylist.readAt = at('2026-01-01T12:00:10Z');

    await sut.refresh();
    expect(denylist.calls[1].writtenSince).toEqual(since);

    denylist.fail = undefined;
    denylist.rows = [{ jti: 'missed', exp: now + 900, revokedAt: at('2026-01-01T12:00:04Z') }];
    await sut.refresh();
    expect(denylist.calls[2].writtenSince).toEqual(since);
    expect(sut.isRevoked(claims('missed'))).toBe(true);
  });

  it('never moves the watermark backwards', async () => {
    denylist.readAt = at('2026-01-01T12:00:10Z');
    await sut.refresh(true);
    // A read whose clock is behind (a reconnect's full read racing a poll, say).
    denylist.readAt = at('2026-01-01T12:00:02Z');
    await sut.refresh(true);

    await sut.refresh();
    expect(denylist.calls[2].writtenSince).toEqual(at('2026-01-01T11:59:10Z'));
  });

  it('reads everything when no full read has succeeded yet', async () => {
    await sut.refresh();

    expect(denylist.calls[0].writtenSince).toBeUndefined();
  });

  it('merges a large read in chunks, letting other work run between them', async () => {
    const revokedAt = at('2026-01-01T11:00:00Z');
    denylist.rows = Array.from({ length: 25_000 }, (_, i) => ({
      jti: `jti-${i}`,
      exp: now + 900,
      revokedAt,
    }));
    let seenMidway: number | undefined;
    setImmediate(() => (seenMidway = sut.size.jtis));

    await sut.refresh(true);

    expect(sut.size.jtis).toBe(25_000);
    expect(seenMidway).toBeGreaterThan(0);
    expect(seenMidway).toBeLessThan(25_000);
  });

  it('skips a timer tick while the previous poll is still running', async () => {
    await sut.refresh(true);

    await Promise.all([sut.refresh(), sut.refresh()]);

    expect(denylist.calls).toHaveLength(2);
  });
});
