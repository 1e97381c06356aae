import { clientSubject } from './clients/service-client';

/**
 * The revocations a replica holds in memory, as plain data: denied ids until their `exp` (a
 * token's `jti`, or a session id that tokens carry as `sid`), per subject the first `iat`
 * second still accepted ("log out everywhere", password change, deletion), and the same per
 * client for tokens issued to a deleted client. Entries only ever tighten; they are dropped
 * once no token they could refuse is unexpired.
 */
export interface RevocationSnapshot {
  jtis: readonly (readonly [id: string, exp: number])[];
  cutoffs: readonly (readonly [sub: string, validFrom: number])[];
  clientCutoffs?: readonly (readonly [clientId: string, validFrom: number])[];
}

/** What isRevoked reads of a token's claims. */
export interface RevocableClaims {
  jti: string;
  sub: string;
  iat: number;
  client_id: string;
  /** The session (refresh family, or the subject token of a delegation) the token belongs to. */
  sid?: unknown;
}

/**
 * The first accepted issue second for a revocation made at `revokedAt`. Claims have one-second
 * granularity, so a token issued in the very second of the revocation cannot be told apart from
 * one issued just before it: that whole second is refused, and issuers move `iat` of tokens
 * issued during it to the next second (AccessTokenTimingOptions.earliestIssuedAt).
 */
export function firstValidIssueSecond(revokedAt: Date): number {
  return Math.floor(revokedAt.getTime() / 1000) + 1;
}

/**
 * Width of the expiry buckets, seconds: prune visits only the buckets that may hold an expired
 * id, not every id held (a denylist of 100,000 ids is pruned every KEY_RELOAD_INTERVAL).
 */
const EXPIRY_BUCKET_SECONDS = 60;

export class RevocationState {
  private readonly jtis = new Map<string, number>();
  /** The ids by the bucket of the `exp` they were set with; stale members are skipped. */
  private readonly expiries = new Map<number, Set<string>>();
  private readonly cutoffs = new Map<string, number>();
  private readonly clientCutoffs = new Map<string, number>();

  /** On the guard's hot path: a few map look-ups, no allocation. */
  isRevoked(claims: RevocableClaims): boolean {
    if (this.jtis.has(claims.jti)) return true;
    const { sid } = claims;
    if (typeof sid === 'string' && this.jtis.has(sid)) return true;
    if (issuedBefore(this.cutoffs.get(claims.sub), claims.iat)) return true;
    return issuedBefore(this.clientCutoffs.get(claims.client_id), claims.iat);
  }

  /** The first `iat` second a new token of `sub` may carry, when a recent revocation says so. */
  validFrom(sub: string): number | undefined {
    return this.cutoffs.get(sub);
  }

  /** Denies a token's `jti`, or a session id (`sid`), until `exp`. */
  revokeJti(jti: string, exp: number): void {
    const held = this.jtis.get(jti);
    // Re-read on every poll within its look-back margin: a no-op unless it lengthens the denial.
    if (held !== undefined && held >= exp) return;
    this.jtis.set(jti, exp);
    const bucket = Math.floor(exp / EXPIRY_BUCKET_SECONDS);
    const members = this.expiries.get(bucket);
    if (members) members.add(jti);
    else this.expiries.set(bucket, new Set([jti]));
  }

  /** Refuses every token of `sub` issued before `validFrom` (never loosens an earlier cutoff). */
  revokeSubject(sub: string, validFrom: number): void {
    tighten(this.cutoffs, sub, validFrom);
  }

  /**
   * A deleted client: refuses every token issued before `validFrom` to it (`client_id`) or of
   * it (`sub` = `client:<id>`, its service tokens and the tokens delegated from them).
   */
  revokeClient(clientId: string, validFrom: number): void {
    tighten(this.clientCutoffs, clientId, validFrom);
    tighten(this.cutoffs, clientSubject(clientId), validFrom);
  }

  /** Adds everything in a snapshot (a poll of the database); nothing is removed by it. */
  merge(snapshot: RevocationSnapshot): void {
    for (const [jti, exp] of snapshot.jtis) this.revokeJti(jti, exp);
    for (const [sub, validFrom] of snapshot.cutoffs) this.revokeSubject(sub, validFrom);
    for (const [clientId, validFrom] of snapshot.clientCutoffs ?? []) {
      this.revokeClient(clientId, validFrom);
    }
  }

  /**
   * Forgets what can no longer matter at `now`: ids whose token has expired beyond the clock
   * tolerance, and cutoffs older than the longest token lifetime (every token issued before
   * such a cutoff has expired).
   */
  prune(now: number, clockTolerance: number, maxTokenTtl: number): void {
    for (const [bucket, members] of this.expiries) {
      // Every `exp` in a bucket is at least its start: a later bucket holds nothing expired.
      if (bucket * EXPIRY_BUCKET_SECONDS + clockTolerance >= now) continue;
      for (const jti of members) {
        const exp = this.jtis.get(jti);
        // Not this bucket's any more (lengthened since, or pruned and denied again): skip.
        if (exp === undefined || Math.floor(exp / EXPIRY_BUCKET_SECONDS) !== bucket) {
          members.delete(jti);
        } else if (exp + clockTolerance < now) {
          this.jtis.delete(jti);
          members.delete(jti);
        }
      }
      if (members.size === 0) this.expiries.delete(bucket);
    }
    for (const cutoffs of [this.cutoffs, this.clientCutoffs]) {
      for (const [key, validFrom] of cutoffs) {
        if (validFrom + maxTokenTtl + clockTolerance < now) cutoffs.delete(key);
      }
    }
  }

  get size(): { jtis: number; subjects: number; clients: number } {
    return { jtis: this.jtis.size, subjects: this.cutoffs.size, clients: this.clientCutoffs.size };
  }
}

function issuedBefore(validFrom: number | undefined, iat: number): boolean {
  return validFrom !== undefined && iat < validFrom;
}

function tighten(cutoffs: Map<string, number>, key: string, validFrom: number): void {
  cutoffs.set(key, Math.max(validFrom, cutoffs.get(key) ?? validFrom));
}
