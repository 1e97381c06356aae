import type { Principal } from '@warden/nest-auth';
import type { MfaEnrolmentService } from '../../mfa/mfa-enrolment.service';
import { UserNotFoundError } from '../../users/users.errors';
import type { UsersService } from '../../users/users.service';
import type { EscalationPolicyService } from '../escalation-policy.service';
import { PrivilegeEscalationError } from '../privilege-escalation.error';
import { UserMfaAdministrationService } from './user-mfa-administration.service';

const USER_ID = '3f1c2a9e-8b7d-4c1e-9a51-0d6e2b7f4c10';
const CALLER = { sub: 'admin-1', permissions: ['users:write'] } as unknown as Principal;
const CONTEXT = { actor: 'admin-1', ip: '203.0.113.7' };

/** Records the calls made to the collaborators, in order. */
function collaborators({ refuse = false, missing = false } = {}) {
  const calls: string[] = [];
  const escalation: Pick<EscalationPolicyService, 'assertMayActOnUser'> = {
    assertMayActOnUser: (caller, id) => {
      calls.push(`escalation.assertMayActOnUser ${caller.sub} ${id}`);
      return refuse
        ? Promise.reject(PrivilegeEscalationError.target('user', ['roles:write']))
        : Promise.resolve();
    },
  };
  const users: Pick<UsersService, 'getById'> = {
    getById: (id) => {
      calls.push(`users.getById ${id}`);
      return missing ? Promise.reject(new UserNotFoundError()) : Promise.resolve({} as never);
    },
  };
  const mfa: Pick<MfaEnrolmentService, 'reset'> = {
    reset: (id, context) => {
      calls.push(`mfa.reset ${id} ${context?.actor} ${context?.ip}`);
      return Promise.resolve(true);
    },
  };
  const sut = new UserMfaAdministrationService(
    users as UsersService,
    mfa as MfaEnrolmentService,
    escalation as EscalationPolicyService,
  );
  return { sut, calls };
}

describe(UserMfaAdministrationService.name, () => {
  it('checks the caller, then that the user exists, then resets with the context', async () => {
    const { sut, calls } = collaborators();

    await sut.reset(USER_ID, CALLER, CONTEXT);

    expect(calls).toEqual([
      `escalation.assertMayActOnUser admin-1 ${USER_ID}`,
      `users.getById ${USER_ID}`,
      `mfa.reset ${USER_ID} admin-1 203.0.113.7`,
    ]);
  });

  it("refuses the caller's own factor before looking anything up", async () => {
    const { sut, calls } = collaborators();
    const self = { ...CALLER, sub: USER_ID } as Principal;

    await expect(sut.reset(USER_ID, self, CONTEXT)).rejects.toBeInstanceOf(
      PrivilegeEscalationError,
    );
    expect(calls).toEqual([]);
  });

  it('resets nothing when the escalation check refuses', async () => {
    const { sut, calls } = collaborators({ refuse: true });

    await expect(sut.reset(USER_ID, CALLER, CONTEXT)).rejects.toBeInstanceOf(
      PrivilegeEscalationError,
    );
    expect(calls).not.toContainEqual(expect.stringMatching(/^mfa\.reset/));
  });

  it('resets nothing for an unknown user', async () => {
    const { sut, calls } = collaborators({ missing: true });

    await expect(sut.reset(USER_ID, CALLER, CONTEXT)).rejects.toBeInstanceOf(UserNotFoundError);
    expect(calls).not.toContainEqual(expect.stringMatching(/^mfa\.reset/));
  });
});
