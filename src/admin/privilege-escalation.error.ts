import { WardenError } from '../common/errors/warden-error';

/**
 * docs/architecture.md §5 "No escalation": the caller asked to hand out, or to act on someone
 * holding, permissions it does not hold itself. `missing` names them (permission names are not
 * secrets).
 */
export class PrivilegeEscalationError extends WardenError {
  readonly code = 'ERR_PRIVILEGE_ESCALATION';

  /** A user, role or client would receive what the caller does not hold. */
  static grant(missing: readonly string[]): PrivilegeEscalationError {
    return new PrivilegeEscalationError(
      `You may not grant what you do not hold: ${missing.join(', ')}`,
      { missing: [...missing] },
    );
  }

  /** The user, role or client to change already holds what the caller does not. */
  static target(
    kind: 'user' | 'role' | 'client',
    missing: readonly string[],
  ): PrivilegeEscalationError {
    return new PrivilegeEscalationError(
      `You may not change a ${kind} holding what you do not hold: ${missing.join(', ')}`,
      { missing: [...missing] },
    );
  }

  /** Only a full administrator makes, changes or deletes a first-party client. */
  static firstParty(missing: readonly string[]): PrivilegeEscalationError {
    return new PrivilegeEscalationError(
      `Only an administrator holding every administrative permission may make, change or delete a first-party client; missing: ${missing.join(', ')}`,
      { field: 'first_party', missing: [...missing] },
    );
  }

  /** Nobody sets its own roles or permissions, not even to the values it has. */
  static ownPrivileges(field: 'roles' | 'permissions'): PrivilegeEscalationError {
    return new PrivilegeEscalationError('You may not change your own roles or permissions', {
      field,
      missing: [],
    });
  }
}
