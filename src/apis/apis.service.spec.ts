import { Logger } from '@nestjs/common';
import type { Repository } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import type { AuditEventInput } from '../audit/audit-event';
import { FakeClock } from '../common/fake-clock';
import type { AppConfig } from '../config';
import type { ApiEntity } from './api.entity';
import { ApiRegistry } from './api-registry.service';
import { ApisService, NewApi } from './apis.service';

const AUDIENCE = 'warden';
const TTL_MAX = 28800;
const CONTEXT = { actor: 'admin-id', ip: '127.0.0.1' };

/**
 * `apis` in memory, behind the part of TypeORM's Repository used: a repeated key fails as
 * PostgreSQL's unique_violation does; lists come ordered by (created_at, identifier).
 */
class FakeApiRows {
  readonly rows = new Map<string, ApiEntity>();

  insert(entity: ApiEntity): Promise<object> {
    if (this.rows.has(entity.identifier)) {
      const violation = { code: '23505', constraint: 'apis_pkey' };
      return Promise.reject(Object.assign(new Error('duplicate key'), { driverError: violation }));
    }
    this.rows.set(entity.identifier, { ...entity });
    return Promise.resolve({});
  }

  findOneBy({ identifier }: { identifier: string }): Promise<ApiEntity | null> {
    const row = this.rows.get(identifier);
    return Promise.resolve(row ? { ...row } : null);
  }

  findAndCount({ skip, take }: { skip: number; take: number }): Promise<[ApiEntity[], number]> {
    const ordered = [...this.rows.values()].sort(
      (a, b) =>
        a.createdAt.getTime() - b.createdAt.getTime() || a.identifier.localeCompare(b.identifier),
    );
    return Promise.resolve([ordered.slice(skip, skip + take), ordered.length]);
  }

  count = (): Promise<number> => Promise.resolve(this.rows.size);

  update({ identifier }: { identifier: string }, patch: Partial<ApiEntity>) {
    const row = this.rows.get(identifier);
    if (row) this.rows.set(identifier, { ...row, ...patch });
    return Promise.resolve({ affected: row ? 1 : 0 });
  }

  delete = ({ identifier }: { identifier: string }) =>
    Promise.resolve({ affected: this.rows.delete(identifier) ? 1 : 0 });
}

class RecordingAudit implements Pick<AuditService, 'record'> {
  readonly events: AuditEventInput[] = [];

  record(event: AuditEventInput): Promise<void> {
    this.events.push(event);
    return Promise.resolve();
  }
}

const billing: NewApi = {
  identifier: 'https://billing.example.com',
  name: 'Billing',
  permissions: ['invoices:write', 'invoices:read', 'invoices:read'],
};

describe(ApisService.name, () => {
  let rows: FakeApiRows;
  let audit: RecordingAudit;
  let clock: FakeClock;
  let sut: ApisService;
  let logged: jest.SpyInstance;

  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    rows = new FakeApiRows();
    audit = new RecordingAudit();
    clock = new FakeClock(Date.UTC(2026, 10, 22, 10));
    const config = { jwt: { audience: AUDIENCE, apiTokenTtlMax: TTL_MAX } } as AppConfig;
    const repository = rows as unknown as Repository<ApiEntity>;
    sut = new ApisService(
      repository,
      new ApiRegistry(repository, config),
      audit as unknown as AuditService,
      config,
      clock,
    );
  });
  afterEach(() => logged.mockRestore());

  describe('create', () => {
    it('stores the permissions as a sorted set, every token use and no claims by default', async () => {
      const created = await sut.create(billing, CONTEXT);

      expect(created).toEqual({
        identifier: billing.identifier,
        name: 'Billing',
        permissions: ['invoices:read', 'invoices:write'],
        accessTokenTtl: undefined,
        allowedTokenUses: ['access', 'service', 'delegated'],
        claims: [],
        builtIn: false,
        createdAt: '2026-11-22T10:00:00.000Z',
        updatedAt: '2026-11-22T10:00:00.000Z',
      });
      expect(rows.rows.get(billing.identifier)?.accessTokenTtl).toBeNull();
      const details = {
        name: 'Billing',
        permissions: ['invoices:read', 'invoices:write'],
        access_token_ttl: null,
        allowed_token_uses: ['access', 'service', 'delegated'],
        claims: [],
      };
      expect(audit.events).toEqual([
        { type: 'api.created', ...CONTEXT, subject: billing.identifier, details },
      ]);
      expect(logged.mock.calls).toEqual([[`API ${billing.identifier} created`]]);
    });

    it('keeps the token uses in their documented order and the longest lifetime allowed', async () => {
      const created = await sut.create({
        ...billing,
        accessTokenTtl: TTL_MAX,
        allowedTokenUses: ['delegated', 'access'],
        claims: ['tenant_id', 'department', 'tenant_id'],
      });

      expect(created).toMatchObject({
        accessTokenTtl: TTL_MAX,
        allowedTokenUses: ['access', 'delegated'],
        claims: ['department', 'tenant_id'],
      });
    });

    it("refuses the service's own audience as a taken identifier", async () => {
      await expect(sut.create({ ...billing, identifier: AUDIENCE })).rejects.toMatchObject({
        code: 'ERR_API_EXISTS',
      });
      expect(rows.rows.size).toBe(0);
      expect(audit.events).toEqual([]);
    });

    it('answers a second creation of one identifier (a lost race) with ERR_API_EXISTS', async () => {
      await sut.create(billing);

      await expect(sut.create({ ...billing, name: 'Other' })).rejects.toMatchObject({
        code: 'ERR_API_EXISTS',
        details: { field: 'identifier' },
      });
      expect(rows.rows.get(billing.identifier)?.name).toBe('Billing');
      expect(audit.events).toHaveLength(1);
    });

    it.each([TTL_MAX + 1, 0, 1.5])('refuses access_token_ttl %p as a field error', async (ttl) => {
      await expect(sut.create({ ...billing, accessTokenTtl: ttl })).rejects.toMatchObject({
        code: 'ERR_VALIDATION',
        details: { errors: [{ field: 'access_token_ttl' }] },
      });
      expect(rows.rows.size).toBe(0);
    });
  });

  describe('list', () => {
    beforeEach(async () => {
      for (const identifier of ['first', 'second', 'third']) {
        await sut.create({ identifier, name: identifier, permissions: [] });
        clock.advance(1);
      }
    });

    it('opens the first page with the built-in API and counts it in the total', async () => {
      const page = await sut.list({ offset: 0, limit: 2 });

      expect(page.items.map((api) => [api.identifier, api.builtIn])).toEqual([
        [AUDIENCE, true],
        ['first', false],
      ]);
      expect(page).toMatchObject({ total: 4, offset: 0, limit: 2 });
      expect(page.items[0]).toMatchObject({ permissions: undefined, claims: [] });
    });

    it('walks every API once, oldest first, whatever the page size', async () => {
      for (const limit of [1, 2, 3, 5]) {
        const seen: string[] = [];
        for (let offset = 0; offset < 4; offset += limit) {
          const page = await sut.list({ offset, limit });
          expect(page.items.length).toBeLessThanOrEqual(limit);
          expect(page.total).toBe(4);
          seen.push(...page.items.map((api) => api.identifier));
        }
        expect(seen).toEqual([AUDIENCE, 'first', 'second', 'third']);
      }
      expect(await sut.list({ offset: 4, limit: 20 })).toMatchObject({ items: [], total: 4 });
    });
  });

  describe('get', () => {
    it('answers the built-in API, a registered one, and ERR_API_NOT_FOUND', async () => {
      await sut.create(billing);

      expect(await sut.get(AUDIENCE)).toMatchObject({ identifier: AUDIENCE, builtIn: true });
      expect(await sut.get(billing.identifier)).toMatchObject({ name: 'Billing' });
      await expect(sut.get('unknown')).rejects.toMatchObject({ code: 'ERR_API_NOT_FOUND' });
      await expect(sut.getChangeable(AUDIENCE)).rejects.toMatchObject({
        code: 'ERR_BUILT_IN_API',
      });
    });
  });

  describe('update', () => {
    beforeEach(async () => {
      await sut.create({ ...billing, accessTokenTtl: 3600, claims: ['tenant_id'] });
      audit.events.length = 0;
      clock.advance(60);
    });

    it('writes only what differs, and audits the names of those fields', async () => {
      const updated = await sut.update(
        billing.identifier,
        {
          name: 'Billing',
          permissions: ['invoices:write', 'invoices:read'],
          accessTokenTtl: null,
          claims: ['department'],
        },
        CONTEXT,
      );

      expect(updated).toMatchObject({
        name: 'Billing',
        accessTokenTtl: undefined,
        claims: ['department'],
        createdAt: '2026-11-22T10:00:00.000Z',
        updatedAt: '2026-11-22T10:01:00.000Z',
      });
      expect(await sut.get(billing.identifier)).toEqual(updated);
      expect(audit.events).toEqual([
        {
          type: 'api.updated',
          ...CONTEXT,
          subject: billing.identifier,
          details: { fields: ['access_token_ttl', 'claims'] },
        },
      ]);
    });

    it('writes and records nothing for a change that changes nothing', async () => {
      const before = await sut.get(billing.identifier);

      const updated = await sut.update(billing.identifier, {
        permissions: ['invoices:read', 'invoices:write', 'invoices:read'],
        allowedTokenUses: ['service', 'access', 'delegated'],
      });

      expect(updated).toEqual(before);
      expect(audit.events).toEqual([]);
    });

    it('refuses the built-in API, an unknown one, and a lifetime above the bound', async () => {
      await expect(sut.update(AUDIENCE, { name: 'Mine' })).rejects.toMatchObject({
        code: 'ERR_BUILT_IN_API',
      });
      await expect(sut.update('unknown', { name: 'Mine' })).rejects.toMatchObject({
        code: 'ERR_API_NOT_FOUND',
      });
      await expect(
        sut.update(billing.identifier, { accessTokenTtl: TTL_MAX + 1 }),
      ).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
      expect(await sut.get(billing.identifier)).toMatchObject({ accessTokenTtl: 3600 });
      expect(audit.events).toEqual([]);
    });
  });

  describe('delete', () => {
    it('removes the API and audits it', async () => {
      await sut.create(billing);

      await sut.delete(billing.identifier, CONTEXT);

      await expect(sut.get(billing.identifier)).rejects.toMatchObject({
        code: 'ERR_API_NOT_FOUND',
      });
      expect(audit.events.at(-1)).toEqual({
        type: 'api.deleted',
        ...CONTEXT,
        subject: billing.identifier,
      });
    });

    it('refuses the built-in API and an unknown one', async () => {
      await expect(sut.delete(AUDIENCE)).rejects.toMatchObject({ code: 'ERR_BUILT_IN_API' });
      await expect(sut.delete('unknown')).rejects.toMatchObject({ code: 'ERR_API_NOT_FOUND' });
      expect(audit.events).toEqual([]);
    });
  });
});
