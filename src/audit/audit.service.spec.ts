import type { EntityManager, Repository } from 'typeorm';
import { FakeClock } from '../common/fake-clock';
import type { AuditEventEntity } from './audit-event.entity';
import { MAX_AUDIT_IP, MAX_AUDIT_TEXT } from './audit-text';
import { AuditService } from './audit.service';

/** An EntityManager's `query`: records the statements it is given. */
class FakeManager {
  readonly queries: { sql: string; params: unknown[] }[] = [];

  query(sql: string, params: unknown[] = []): Promise<unknown[]> {
    this.queries.push({ sql, params });
    return Promise.resolve([]);
  }
}

const NOW = new Date('2026-11-22T10:00:00.000Z');

function setup() {
  const repositoryManager = new FakeManager();
  const events = { manager: repositoryManager } as unknown as Repository<AuditEventEntity>;
  const sut = new AuditService(events, new FakeClock(NOW));
  return { sut, repositoryManager };
}

describe(AuditService.name, () => {
  it('appends a row on its own connection, at the service clock', async () => {
    const { sut, repositoryManager } = setup();

    await sut.record({ type: 'user.created', actor: 'system', subject: 'u-1' });

    expect(repositoryManager.queries).toHaveLength(1);
    const [{ sql, params }] = repositoryManager.queries;
    expect(sql).toMatch(/^INSERT INTO audit_events /);
    expect(params).toEqual([NOW, 'user.created', 'system', 'u-1', null, '{}']);
  });

  it("writes in the caller's transaction when given its manager, at the instant given", async () => {
    const { sut, repositoryManager } = setup();
    const transaction = new FakeManager();
    const at = new Date('2026-11-22T09:59:58.123Z');

    await sut.record(
      { type: 'key.rotated', actor: 'cli', subject: 'kid-2', at, details: { reason: 'cli' } },
      transaction as unknown as EntityManager,
    );

    expect(repositoryManager.queries).toEqual([]);
    expect(transaction.queries).toHaveLength(1);
    expect(transaction.queries[0].params).toEqual([
      at,
      'key.rotated',
      'cli',
      'kid-2',
      null,
      JSON.stringify({ reason: 'cli' }),
    ]);
  });

  it('caps every string the caller passes', async () => {
    const { sut, repositoryManager } = setup();

    await sut.record({
      type: 'login.failed',
      subject: 'x'.repeat(MAX_AUDIT_TEXT + 10),
      ip: '1'.repeat(MAX_AUDIT_IP + 10),
      details: { userAgent: 'a'.repeat(MAX_AUDIT_TEXT + 10) },
    });

    const params = repositoryManager.queries[0].params;
    expect(params[3]).toHaveLength(MAX_AUDIT_TEXT);
    expect(params[4]).toHaveLength(MAX_AUDIT_IP);
    expect(JSON.parse(params[5] as string)).toEqual({ userAgent: 'a'.repeat(MAX_AUDIT_TEXT) });
  });
});
