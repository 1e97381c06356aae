import { Logger } from '@nestjs/common';
import type { AuditService } from '../audit/audit.service';
import { FakeClock } from '../common/fake-clock';
import type { MfaLoginService } from '../mfa/mfa-login.service';
import type { CredentialsService } from '../users/credentials.service';
import type { UsersService } from '../users/users.service';
import type { RefreshTokenService } from './refresh-token.service';
import type { RevocationService } from './revocation.service';
import { SessionService } from './session.service';
import type { SessionStarter } from './session-starter';

const USER_ID = '3f1c2a9e-8b7d-4c1e-9a51-0d6e2b7f4c10';
const STORED_CUTOFF = new Date('2026-11-22T10:00:00.000Z');
const NEW_CUTOFF = new Date('2026-11-23T08:30:00.000Z');

/** Records the calls made to the collaborators, in order. */
function collaborators({ stored = STORED_CUTOFF }: { stored?: Date | null } = {}) {
  const calls: string[] = [];
  const credentials: Pick<CredentialsService, 'changePassword'> = {
    changePassword: (id) => {
      calls.push(`credentials.changePassword ${id}`);
      return Promise.resolve();
    },
  };
  const users: Pick<UsersService, 'tokensValidAfter' | 'revokeTokens'> = {
    tokensValidAfter: (id) => {
      calls.push(`users.tokensValidAfter ${id}`);
      return Promise.resolve(stored);
    },
    revokeTokens: (id, context) => {
      calls.push(`users.revokeTokens ${id} ${context?.actor}`);
      return Promise.resolve(NEW_CUTOFF);
    },
  };
  const refreshTokens: Pick<RefreshTokenService, 'revokeAllForUser'> = {
    revokeAllForUser: (id) => {
      calls.push(`refreshTokens.revokeAllForUser ${id}`);
      return Promise.resolve(2);
    },
  };
  const revocation: Pick<RevocationService, 'applyCutoff'> = {
    applyCutoff: (id, at) => {
      calls.push(`revocation.applyCutoff ${id} ${at.toISOString()}`);
      return 0;
    },
  };
  const sut = new SessionService(
    credentials as CredentialsService,
    users as UsersService,
    refreshTokens as RefreshTokenService,
    revocation as RevocationService,
    {} as AuditService,
    {} as MfaLoginService,
    {} as SessionStarter,
    new FakeClock(),
  );
  return { sut, calls };
}

describe(SessionService.name, () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  describe('endAllSessions', () => {
    it('applies the stored cut-off here before revoking the refresh families', async () => {
      const { sut, calls } = collaborators();

      await expect(sut.endAllSessions(USER_ID)).resolves.toBe(2);

      expect(calls).toEqual([
        `users.tokensValidAfter ${USER_ID}`,
        `revocation.applyCutoff ${USER_ID} ${STORED_CUTOFF.toISOString()}`,
        `refreshTokens.revokeAllForUser ${USER_ID}`,
      ]);
    });

    it('uses the cut-off the caller has just stored without reading it back', async () => {
      const { sut, calls } = collaborators();

      await sut.endAllSessions(USER_ID, NEW_CUTOFF);

      expect(calls).toEqual([
        `revocation.applyCutoff ${USER_ID} ${NEW_CUTOFF.toISOString()}`,
        `refreshTokens.revokeAllForUser ${USER_ID}`,
      ]);
    });

    it('still revokes the families when no cut-off is stored', async () => {
      const { sut, calls } = collaborators({ stored: null });

      await sut.endAllSessions(USER_ID);

      expect(calls).toEqual([
        `users.tokensValidAfter ${USER_ID}`,
        `refreshTokens.revokeAllForUser ${USER_ID}`,
      ]);
    });
  });

  it('logs out everywhere by storing a new cut-off, then ending every session by it', async () => {
    const { sut, calls } = collaborators();

    await sut.revokeAllForUser(USER_ID, { actor: 'admin-1' });

    expect(calls).toEqual([
      `users.revokeTokens ${USER_ID} admin-1`,
      `revocation.applyCutoff ${USER_ID} ${NEW_CUTOFF.toISOString()}`,
      `refreshTokens.revokeAllForUser ${USER_ID}`,
    ]);
  });

  it('ends every session after a new password is stored', async () => {
    const { sut, calls } = collaborators();

    await sut.changePassword(USER_ID, 'the old password', 'a brand new password');

    expect(calls).toEqual([
      `credentials.changePassword ${USER_ID}`,
      `users.tokensValidAfter ${USER_ID}`,
      `revocation.applyCutoff ${USER_ID} ${STORED_CUTOFF.toISOString()}`,
      `refreshTokens.revokeAllForUser ${USER_ID}`,
    ]);
  });
});
