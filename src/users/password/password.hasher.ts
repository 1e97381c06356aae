import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { compare, getRounds, hash } from 'bcrypt';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config';

/**
 * bcrypt through its async API only (the sync one blocks the event loop for the whole hash),
 * at cost BCRYPT_COST.
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
    return hash(password, this.config.auth.bcryptCost);
  }

  verify(password: string, passwordHash: string): Promise<boolean> {
    return compare(password, passwordHash);
  }

  /**
   * Spends one compare against a hash nothing matches, so a login for an unknown user takes as
   * long as a wrong password for a known one. Always false.
   */
  async verifyAgainstDummy(password: string): Promise<false> {
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    await compare(password, await this.dummyHash);
    return false;
  }

  /** True when the hash was made at another cost than the configured one. */
  needsRehash(passwordHash: string): boolean {
    return getRounds(passwordHash) !== this.config.auth.bcryptCost;
  }
}
