import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { compare, getRounds, hash } from 'bcrypt';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config';
import { fitsBcrypt, normalizePassword } from './password-rules';

/** What a compare found: no match, a match, or a match that wants a new hash. */
export interface PasswordCheck {
  matches: boolean;
  /** The hash should be replaced (another cost, or made before passwords were normalised). */
  needsRehash: boolean;
}

/**
 * bcrypt through its async API only (the sync one blocks the event loop for the whole hash),
 * at cost BCRYPT_COST. Passwords are hashed and compared in their NFKC form (NIST SP 800-63B
 * §5.1.1.2), and one bcrypt would truncate is never compared at all.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private dummyHash: Promise<string> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Starts computing the dummy hash once, at the configured cost, so a dummy compare costs what
   * a real one does. Not awaited: start-up need not wait for it, only the first dummy compare.
   */
  onModuleInit(): void {
    this.dummyHash = this.hash(randomBytes(32).toString('base64url'));
    // Handled here so a failure is not an unhandled rejection; the first compare rethrows it.
    this.dummyHash.catch(() => undefined);
  }

  hash(password: string): Promise<string> {
    return hash(normalizePassword(password), this.config.auth.bcryptCost);
  }

  async verify(password: string, passwordHash: string): Promise<boolean> {
    return (await this.check(password, passwordHash)).matches;
  }

  /**
   * Compares the NFKC form; a hash made before passwords were normalised is also tried against
   * the password as typed, and then wants a rehash. A password over 72 bytes once normalised
   * never matches (bcrypt would compare only its first 72 bytes) but costs the same time.
   */
  async check(password: string, passwordHash: string): Promise<PasswordCheck> {
    const candidates = compareCandidates(password);
    if (candidates.length === 0) {
      await this.verifyAgainstDummy(password);
      return { matches: false, needsRehash: false };
    }
    for (const [index, candidate] of candidates.entries()) {
      if (await compare(candidate, passwordHash)) {
        return { matches: true, needsRehash: index > 0 || this.needsRehash(passwordHash) };
      }
    }
    return { matches: false, needsRehash: false };
  }

  /**
   * Spends what a real check of this password costs (as many compares) against a hash nothing
   * matches, so a login for an unknown user takes as long as a wrong password for a known one.
   * Always false.
   */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    const dummyHash = await this.dummyHash;
    const compares = Math.max(1, compareCandidates(password).length);
    for (let index = 0; index < compares; index++) await compare(password, dummyHash);
    return false;
  }

  /** True when the hash was made at another cost than the configured one. */
  needsRehash(passwordHash: string): boolean {
    return getRounds(passwordHash) !== this.config.auth.bcryptCost;
  }
}

/**
 * The strings to compare with a stored hash, in order: the NFKC form, then the password as
 * typed when that differs (hashes stored before normalisation). None when the password is
 * longer than bcrypt reads.
 */
function compareCandidates(password: string): string[] {
  const normalized = normalizePassword(password);
  if (!fitsBcrypt(normalized)) return [];
  if (normalized === password || !fitsBcrypt(password)) return [normalized];
  return [normalized, password];
}
