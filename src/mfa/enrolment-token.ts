import type { AppConfig } from '../config';
import type { PublicUser } from '../users/public-user';

/**
 * The audience of the one token an unenrolled user of an MFA_REQUIRED_ROLES role gets: no
 * route but the two enrolment ones accepts it, nor any API (whose verifiers expect their own).
 */
export const MFA_ENROLMENT_AUDIENCE = 'urn:warden:mfa-enrolment';

/** Whether the user holds a role whose members must sign in with a second factor. */
export function mustHaveSecondFactor(user: Pick<PublicUser, 'roles'>, config: AppConfig): boolean {
  return config.mfa.requiredRoles.some((role) => user.roles.includes(role));
}
