import { MAX_CACHED_ROLES, RoleCache } from './role-cache';
import type { RoleEntity } from './role.entity';

const role = (name: string, permissions: string[] = []): RoleEntity => ({
  name,
  permissions,
  description: null,
});

describe(RoleCache.name, () => {
  let trusted: boolean;
  let sut: RoleCache;
  beforeEach(() => {
    trusted = true;
    sut = new RoleCache(() => trusted);
  });

  const names = (roles: RoleEntity[]): string[] => roles.map((r) => r.name);

  it('reads the table once, then answers any names from memory', async () => {
    const loadAll = jest.fn(() => Promise.resolve([role('admin'), role('user')]));
    const loadNamed = jest.fn();

    expect(names(await sut.rolesNamed(['user'], loadNamed, loadAll))).toEqual(['user']);
    expect(names(await sut.rolesNamed(['admin', 'gone'], loadNamed, loadAll))).toEqual(['admin']);

    expect(loadAll).toHaveBeenCalledTimes(1);
    expect(loadNamed).not.toHaveBeenCalled();
  });

  it('reads the table again after a change was heard', async () => {
    const loadAll = jest
      .fn()
      .mockResolvedValueOnce([role('ops', ['users:write'])])
      .mockResolvedValueOnce([role('ops', [])]);
    await sut.rolesNamed(['ops'], jest.fn(), loadAll);

    sut.clear();
    const [ops] = await sut.rolesNamed(['ops'], jest.fn(), loadAll);

    expect(ops.permissions).toEqual([]);
  });

  it('never keeps a table read that started before a change was heard', async () => {
    let finish: (rows: RoleEntity[]) => void = () => undefined;
    const stale = new Promise<RoleEntity[]>((resolve) => (finish = resolve));
    const loadAll = jest
      .fn()
      .mockReturnValueOnce(stale)
      .mockResolvedValueOnce([role('ops', [])]);

    const pending = sut.rolesNamed(['ops'], jest.fn(), loadAll);
    sut.clear();
    finish([role('ops', ['users:write'])]);
    await pending;

    expect(sut.held).toBe(false);
    const [ops] = await sut.rolesNamed(['ops'], jest.fn(), loadAll);
    expect(ops.permissions).toEqual([]);
  });

  it('reads the database, and forgets its copy, while changes may go unheard', async () => {
    await sut.rolesNamed(['user'], jest.fn(), () => Promise.resolve([role('user')]));
    trusted = false;
    const loadNamed = jest.fn(() => Promise.resolve([role('user', ['x'])]));
    const loadAll = jest.fn();

    const [user] = await sut.rolesNamed(['user'], loadNamed, loadAll);

    expect(user.permissions).toEqual(['x']);
    expect(loadAll).not.toHaveBeenCalled();
    expect(sut.held).toBe(false);
  });

  it('keeps no copy of a table too large to hold', async () => {
    const huge = Array.from({ length: MAX_CACHED_ROLES + 1 }, (_, i) => role(`r${i}`));
    const loadNamed = jest.fn(() => Promise.resolve([role('r1')]));

    const found = await sut.rolesNamed(['r1'], loadNamed, () => Promise.resolve(huge));

    expect(names(found)).toEqual(['r1']);
    expect(loadNamed).toHaveBeenCalledWith(['r1']);
    expect(sut.held).toBe(false);
  });

  it('caches no failed read: the next lookup tries again', async () => {
    const loadAll = jest
      .fn()
      .mockRejectedValueOnce(new Error('connection terminated'))
      .mockResolvedValueOnce([role('user')]);

    await expect(sut.rolesNamed(['user'], jest.fn(), loadAll)).rejects.toThrow('terminated');
    expect(names(await sut.rolesNamed(['user'], jest.fn(), loadAll))).toEqual(['user']);
  });
});
