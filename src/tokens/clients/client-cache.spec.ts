import { ClientCache } from './client-cache';
import type { ClientEntity } from './client.entity';

const row = (clientId: string, name = 'reports'): ClientEntity =>
  ({ clientId, name, isActive: true }) as ClientEntity;

/** A load the test finishes when it chooses, counting the reads. */
function deferredLoads() {
  const pending: ((entity: ClientEntity | null) => void)[] = [];
  const load = jest.fn(() => new Promise<ClientEntity | null>((resolve) => pending.push(resolve)));
  return { load, finish: (index: number, entity: ClientEntity | null) => pending[index](entity) };
}

describe(ClientCache.name, () => {
  let trusted: boolean;
  let sut: ClientCache;
  beforeEach(() => {
    trusted = true;
    sut = new ClientCache(() => trusted);
  });

  it('reads a client once, then answers from memory', async () => {
    const load = jest.fn(() => Promise.resolve(row('a')));
    await sut.lookup('a', load);
    await expect(sut.lookup('a', load)).resolves.toMatchObject({ clientId: 'a' });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('never keeps an unknown client: one created later is found at once', async () => {
    const load = jest.fn().mockResolvedValueOnce(null).mockResolvedValueOnce(row('a'));
    await expect(sut.lookup('a', load)).resolves.toBeNull();
    await expect(sut.lookup('a', load)).resolves.toMatchObject({ clientId: 'a' });
    expect(sut.size).toBe(1);
  });

  it('reads an invalidated client again', async () => {
    const load = jest.fn().mockResolvedValueOnce(row('a', 'old')).mockResolvedValueOnce(null);
    await sut.lookup('a', load);
    sut.invalidate('a');
    await expect(sut.lookup('a', load)).resolves.toBeNull();
  });

  it('drops a read that started before an invalidation (the row as it was)', async () => {
    const loads = deferredLoads();
    const stale = sut.lookup('a', loads.load);
    sut.invalidate('a');
    loads.finish(0, row('a', 'before the change'));
    await expect(stale).resolves.toMatchObject({ name: 'before the change' });
    expect(sut.size).toBe(0);
  });

  it('drops a read that started before a clear', async () => {
    const loads = deferredLoads();
    const stale = sut.lookup('a', loads.load);
    sut.clear();
    loads.finish(0, row('a'));
    await stale;
    expect(sut.size).toBe(0);
  });

  it('reads the database every time, and forgets what it kept, while untrusted', async () => {
    const load = jest.fn(() => Promise.resolve(row('a')));
    await sut.lookup('a', load);
    trusted = false;
    await sut.lookup('a', load);
    await sut.lookup('a', load);
    expect(load).toHaveBeenCalledTimes(3);
    expect(sut.size).toBe(0);
    trusted = true;
    await sut.lookup('a', load);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('keeps nothing when the read fails (an outage is a 503, not a cached answer)', async () => {
    const load = jest.fn().mockRejectedValueOnce(new Error('connection refused'));
    await expect(sut.lookup('a', load)).rejects.toThrow('connection refused');
    expect(sut.size).toBe(0);
  });
});
