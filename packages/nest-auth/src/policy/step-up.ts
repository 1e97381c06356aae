import type { Principal } from '../principal';
import type { PolicyDefinition } from './policy.builder';

/** The `acr` Warden issues once the user has completed a second factor. */
export const MFA_ACR = 'urn:warden:acr:mfa';

/**
 * RFC 8176 §2 methods that are a factor beyond a password: something the user has (otp, sms, tel,
 * hwk, swk, sc) or is (fpt, face, iris, retina, vbm), and `mfa`, which says so itself. Left out on
 * purpose: `pin` and `kba` are something the user knows, as a password is; `user`, `geo`, `rba`,
 * `mca` and `wia` do not establish a factor on their own.
 */
export const SECOND_FACTOR_AMR: readonly string[] = Object.freeze([
  'mfa',
  'otp',
  'sms',
  'tel',
  'hwk',
  'swk',
  'sc',
  'fpt',
  'face',
  'iris',
  'retina',
  'vbm',
]);

const SECOND_FACTORS: ReadonlySet<string> = new Set(SECOND_FACTOR_AMR);

/** What the authentication event behind a token lacks (RFC 9470 §3); absent kinds hold. */
export interface StepUpShortfall {
  /** A multi-factor login is needed: challenge with `acr_values` = MFA_ACR. */
  mfa?: true;
  /** A login no older than this many seconds is needed: challenge with `max_age`. */
  maxAge?: number;
}

/** The time step-up checks are made at: the module's clock and its clock tolerance. */
export interface StepUpTime {
  /** Epoch seconds. */
  now: number;
  clockTolerance: number;
}

/** True when the token's login used more than a password (by `acr` or by an RFC 8176 method). */
export function hasMfa(principal: Principal): boolean {
  return principal.acr === MFA_ACR || principal.amr.some((method) => SECOND_FACTORS.has(method));
}

/**
 * The authentication-event requirements of every policy (all must hold), checked against the
 * principal. `undefined` when they hold. Several `maxAge` values demand the smallest. A token
 * without `auth_time` cannot prove a recent login, so it fails any `maxAge`.
 */
export function checkStepUp(
  principal: Principal,
  definitions: readonly PolicyDefinition[],
  time: StepUpTime,
): StepUpShortfall | undefined {
  let mfa = false;
  let maxAge: number | undefined;
  for (const definition of definitions) {
    if (definition.mfa === true) mfa = true;
    if (definition.maxAge !== undefined) maxAge = Math.min(maxAge ?? Infinity, definition.maxAge);
  }
  const shortfall: StepUpShortfall = {};
  if (mfa && !hasMfa(principal)) shortfall.mfa = true;
  if (maxAge !== undefined && !isRecent(principal.authTime, maxAge, time)) {
    shortfall.maxAge = maxAge;
  }
  return shortfall.mfa === undefined && shortfall.maxAge === undefined ? undefined : shortfall;
}

function isRecent(authTime: number | undefined, maxAge: number, time: StepUpTime): boolean {
  return authTime !== undefined && time.now - authTime <= maxAge + time.clockTolerance;
}
