/**
 * The revocations a replica holds in memory, as plain data: revoked jtis until their `exp`, and
 * per subject the first `iat` second still accepted ("log out everywhere", password change).
 * Entries only ever tighten; they are dropped once no token they could refuse is unexpired.
 */
export interface RevocationSnapshot {
  jtis: readonly (readonly [jti: string, exp: number])[];
  cutoffs: readonly (readonly [sub: string, validFrom: number])[];
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

export class RevocationState {
  private readonly jtis = new Map<string, number>();
  private readonly cutoffs = new Map<string, number>();

  isRevoked(claims: { jti: string; sub: string; iat: number }): boolean {
    if (this.jtis.has(claims.jti)) return true;
    const validFrom = this.cutoffs.get(claims.sub);
    return validFrom !== undefined && claims.iat < validFrom;
  }

  /** The first `iat` second a new token of `sub` may carry, when a recent revocation says so. */
  validFrom(sub: string): number | undefined {
    return this.cutoffs.get(sub);
  }

  revokeJti(jti: string, exp: number): void {
    this.jtis.set(jti, Math.max(exp, this.jtis.get(jti) ?? exp));
  }

  /** Refuses every token of `sub` issued before `validFrom` (never loosens an earlier cutoff). */
  revokeSubject(sub: string, validFrom: number): void {
    this.cutoffs.set(sub, Math.max(validFrom, this.cutoffs.get(sub) ?? validFrom));
  }

  /** Adds everything in a snapshot (a poll of the database); nothing is removed by it. */
  merge(snapshot: RevocationSnapshot): void {
    for (const [jti, exp] of snapshot.jtis) this.revokeJti(jti, exp);
    for (const [sub, validFrom] of snapshot.cutoffs) this.revokeSubject(sub, validFrom);
  }

  /**
   * Forgets what can no longer matter at `now`: jtis whose token has expired beyond the clock
   * tolerance, and cutoffs older than the longest token lifetime (every token issued before
   * such a cutoff has expired).
   */
  prune(now: number, clockTolerance: number, maxTokenTtl: number): void {
    for (const [jti, exp] of this.jtis) {
      if (exp + clockTolerance < now) this.jtis.delete(jti);
    }
    for (const [sub, validFrom] of this.cutoffs) {
      if (validFrom + maxTokenTtl + clockTolerance < now) this.cutoffs.delete(sub);
    }
  }

  get size(): { jtis: number; subjects: number } {
    return { jtis: this.jtis.size, subjects: this.cutoffs.size };
  }
}
