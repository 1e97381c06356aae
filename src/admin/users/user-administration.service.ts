import { Injectable } from '@nestjs/common';
import { KeysetPage } from '../../common/page';
import type { Principal } from '@warden/nest-auth';
import { RevocationContext, SessionService } from '../../tokens/session.service';
import type { PublicUser } from '../../users/public-user';
import { UserChange, UserListQuery, UsersService } from '../../users/users.service';
import { assertValidAttributes } from '../attributes.rules';
import { EscalationPolicyService } from '../escalation-policy.service';

/**
 * The user administration of docs/architecture.md §5, where users and tokens meet: UsersService
 * changes the account (and stores `tokens_valid_after`), SessionService ends the user's sessions
 * by it. It lives outside both modules because TokensModule already imports UsersModule. Every
 * change is first held against the caller's own authority (docs/architecture.md §5 "No
 * escalation").
 */
@Injectable()
export class UserAdministrationService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionService,
    private readonly escalation: EscalationPolicyService,
  ) {}

  list(query: UserListQuery): Promise<KeysetPage<PublicUser>> {
    return this.users.list(query);
  }

  get(id: string): Promise<PublicUser> {
    return this.users.getById(id);
  }

  /**
   * Applies the change. Deactivation (UsersService has set `tokens_valid_after`) also ends every
   * session at once; a change of roles, permissions or attributes reaches the user's next token
   * only. Attributes are checked first (400), as the body's other rules are before any 403.
   */
  async update(
    id: string,
    change: UserChange,
    caller: Principal,
    context: RevocationContext,
  ): Promise<PublicUser> {
    if (change.attributes !== undefined) {
      assertValidAttributes(change.attributes);
      this.escalation.assertMayChangeAttributes(caller, id);
    }
    await this.escalation.assertMayChangeUser(caller, id, change);
    const user = await this.users.update(id, change, context);
    if (change.isActive === false) await this.sessions.endAllSessions(id);
    return user;
  }

  /**
   * Revokes every token first, so the access tokens of the user's sessions stay denied by jti
   * (`revoked_tokens`) after the user row, and with it its cut-off, is gone.
   */
  async delete(id: string, caller: Principal, context: RevocationContext): Promise<void> {
    await this.escalation.assertMayActOnUser(caller, id);
    await this.sessions.revokeAllForUser(id, context);
    await this.users.delete(id, context);
  }

  /** "Log out everywhere": the user may log in again at once. */
  async revokeTokens(id: string, caller: Principal, context: RevocationContext): Promise<void> {
    await this.escalation.assertMayActOnUser(caller, id);
    await this.sessions.revokeAllForUser(id, context);
  }
}
