import type { SessionService } from '../../tokens/session.service';
import type { PublicUser } from '../../users/public-user';
import type { UsersService } from '../../users/users.service';
import type { Principal } from '@warden/nest-auth';
import type { EscalationPolicyService } from '../escalation-policy.service';
import { PrivilegeEscalationError } from '../privilege-escalation.error';
import { UserAdministrationService } from './user-administration.service';

const USER_ID = '3f1c2a9e-8b7d-4c1e-9a51-0d6e2b7f4c10';
const CONTEXT = { actor: 'admin-1', ip: '203.0.113.7' };
const CALLER = { sub: 'admin-1', permissions: ['users:write'] } as unknown as Principal;

function publicUser(overrides: Partial<PublicUser> = {}): PublicUser {
  return {
    id: USER_ID,
    username: 'ada',
    email: 'ada@example.com',
    isActive: true,
    roles: ['user'],
    permissions: [],
    attributes: {},
    mfaEnabled: false,
    createdAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Records the calls made to the collaborators, in order. */
function collaborators({ refuse = false } = {}) {
  const calls: string[] = [];
  const check = (name: string) => (caller: Principal, id: string) => {
    calls.push(`escalation.${name} ${caller.sub} ${id}`);
    return refuse
      ? Promise.reject(PrivilegeEscalationError.grant(['roles:write']))
      : Promise.resolve();
  };
  const escalation: Pick<
    EscalationPolicyService,
    'assertMayChangeUser' | 'assertMayActOnUser' | 'assertMayChangeAttributes'
  > = {
    assertMayChangeUser: check('assertMayChangeUser'),
    assertMayActOnUser: check('assertMayActOnUser'),
    assertMayChangeAttributes: (caller, subject) => {
      calls.push(`escalation.assertMayChangeAttributes ${caller.sub} ${subject}`);
      if (refuse) throw PrivilegeEscalationError.grant([]);
    },
  };
  const users: Pick<UsersService, 'update' | 'delete'> = {
    update: (id, change) => {
      calls.push(`users.update ${id} ${Object.keys(change).join(',')}`);
      return Promise.resolve(publicUser({ isActive: change.isActive ?? true }));
    },
    delete: (id) => {
      calls.push(`users.delete ${id}`);
      return Promise.resolve();
    },
  };
  const sessions: Pick<SessionService, 'revokeAllForUser' | 'endAllSessions'> = {
    revokeAllForUser: (id, context) => {
      calls.push(`sessions.revokeAllForUser ${id} ${context?.actor}`);
      return Promise.resolve();
    },
    endAllSessions: (id) => {
      calls.push(`sessions.endAllSessions ${id}`);
      return Promise.resolve(2);
    },
  };
  const sut = new UserAdministrationService(
    users as UsersService,
    sessions as SessionService,
    escalation as EscalationPolicyService,
  );
  return { sut, calls };
}

describe(UserAdministrationService.name, () => {
  it('ends every session at once when a user is deactivated', async () => {
    const { sut, calls } = collaborators();

    await sut.update(USER_ID, { isActive: false }, CALLER, CONTEXT);

    expect(calls).toEqual([
      `escalation.assertMayChangeUser admin-1 ${USER_ID}`,
      `users.update ${USER_ID} isActive`,
      `sessions.endAllSessions ${USER_ID}`,
    ]);
  });

  it('leaves the tokens alone for other changes (roles reach the next token)', async () => {
    const { sut, calls } = collaborators();

    await sut.update(USER_ID, { roles: ['editor'], isActive: true }, CALLER, CONTEXT);

    expect(calls).toEqual([
      `escalation.assertMayChangeUser admin-1 ${USER_ID}`,
      `users.update ${USER_ID} roles,isActive`,
    ]);
  });

  it('checks attributes, then who may set them, before any other check', async () => {
    const { sut, calls } = collaborators();

    await sut.update(USER_ID, { attributes: { tenant_id: 'acme' } }, CALLER, CONTEXT);

    expect(calls).toEqual([
      `escalation.assertMayChangeAttributes admin-1 ${USER_ID}`,
      `escalation.assertMayChangeUser admin-1 ${USER_ID}`,
      `users.update ${USER_ID} attributes`,
    ]);
  });

  it('refuses attributes breaking their rules with 400, before anything else', async () => {
    const { sut, calls } = collaborators();

    await expect(
      sut.update(USER_ID, { attributes: { sub: 'someone-else' } }, CALLER, CONTEXT),
    ).rejects.toMatchObject({
      code: 'ERR_VALIDATION',
      details: { errors: [{ field: 'attributes.sub' }] },
    });

    expect(calls).toEqual([]);
  });

  it('changes nothing when setting attributes is refused', async () => {
    const { sut, calls } = collaborators({ refuse: true });

    await expect(
      sut.update(USER_ID, { attributes: { tenant_id: 'acme' } }, CALLER, CONTEXT),
    ).rejects.toMatchObject({ code: 'ERR_PRIVILEGE_ESCALATION' });

    expect(calls).toEqual([`escalation.assertMayChangeAttributes admin-1 ${USER_ID}`]);
  });

  it('revokes the tokens before deleting, so they stay denied without the user row', async () => {
    const { sut, calls } = collaborators();

    await sut.delete(USER_ID, CALLER, CONTEXT);

    expect(calls).toEqual([
      `escalation.assertMayActOnUser admin-1 ${USER_ID}`,
      `sessions.revokeAllForUser ${USER_ID} admin-1`,
      `users.delete ${USER_ID}`,
    ]);
  });

  it('logs out everywhere through the session service, with the acting admin', async () => {
    const { sut, calls } = collaborators();

    await sut.revokeTokens(USER_ID, CALLER, CONTEXT);

    expect(calls).toEqual([
      `escalation.assertMayActOnUser admin-1 ${USER_ID}`,
      `sessions.revokeAllForUser ${USER_ID} admin-1`,
    ]);
  });

  it.each([
    [
      'update',
      (sut: UserAdministrationService) => sut.update(USER_ID, { isActive: false }, CALLER, CONTEXT),
    ],
    ['delete', (sut: UserAdministrationService) => sut.delete(USER_ID, CALLER, CONTEXT)],
    [
      'revokeTokens',
      (sut: UserAdministrationService) => sut.revokeTokens(USER_ID, CALLER, CONTEXT),
    ],
  ])('changes nothing when %s is an escalation', async (_name, act) => {
    const { sut, calls } = collaborators({ refuse: true });

    await expect(act(sut)).rejects.toMatchObject({ code: 'ERR_PRIVILEGE_ESCALATION' });

    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^escalation\./);
  });
});
