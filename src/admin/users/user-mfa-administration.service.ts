import { Injectable } from '@nestjs/common';
import type { Principal } from '@warden/nest-auth';
import { MfaEnrolmentService, MfaResetContext } from '../../mfa/mfa-enrolment.service';
import { UsersService } from '../../users/users.service';
import { EscalationPolicyService } from '../escalation-policy.service';
import { PrivilegeEscalationError } from '../privilege-escalation.error';

/**
 * `DELETE /users/:id/mfa`: an administrator removes a user's second factor (a lost phone), under
 * the same "No escalation" rule as the other actions on a user (docs/architecture.md §5).
 */
@Injectable()
export class UserMfaAdministrationService {
  constructor(
    private readonly users: UsersService,
    private readonly mfa: MfaEnrolmentService,
    private readonly escalation: EscalationPolicyService,
  ) {}

  /**
   * Removes the factor, if any. Never one's own: the user route (`DELETE /auth/mfa/totp`) asks
   * for the password and a current code, and `users:write` alone, which any admin holds, must
   * not stand in for them, or a stolen admin token could strip its own account's factor.
   */
  async reset(id: string, caller: Principal, context: MfaResetContext): Promise<void> {
    if (caller.sub === id) {
      throw new PrivilegeEscalationError('You may not reset your own second factor', {
        missing: [],
      });
    }
    await this.escalation.assertMayActOnUser(caller, id);
    await this.users.getById(id);
    await this.mfa.reset(id, context);
  }
}
