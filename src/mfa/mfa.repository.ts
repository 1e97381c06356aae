import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A user's TOTP factor as stored: the sealed secret, and whether it was confirmed. */
export interface StoredTotpFactor {
  secretEnc: Buffer;
  confirmed: boolean;
}

/**
 * SQL over `mfa_totp` and `mfa_recovery_codes`. Every change that enables or removes a factor
 * writes `users.mfa_enabled` in the same transaction, so the flag never disagrees with the rows.
 */
@Injectable()
export class MfaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findFactor(userId: string): Promise<StoredTotpFactor | undefined> {
    const rows = await this.dataSource.query<{ secret_enc: Buffer; confirmed: boolean }[]>(
      `SELECT secret_enc, confirmed_at IS NOT NULL AS confirmed FROM mfa_totp WHERE user_id = $1`,
      [userId],
    );
    return rows[0] && { secretEnc: rows[0].secret_enc, confirmed: rows[0].confirmed };
  }

  /** Whether the user has a confirmed factor: their logins need a second step. */
  async isEnrolled(userId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL`,
      [userId],
    );
    return rows.length > 0;
  }

  /**
   * Stores a new, unconfirmed secret, replacing an earlier unconfirmed one. False when the user
   * already has a confirmed factor (left as it is).
   */
  async savePending(userId: string, secretEnc: Buffer, now: Date): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `INSERT INTO mfa_totp (user_id, secret_enc, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET secret_enc = EXCLUDED.secret_enc,
         created_at = EXCLUDED.created_at, last_used_step = NULL
         WHERE mfa_totp.confirmed_at IS NULL
       RETURNING user_id`,
      [userId, secretEnc, now],
    );
    return rows.length > 0;
  }

  /**
   * Confirms the pending factor whose code of time step `step` was just checked, with the
   * digests of the new recovery codes. False when it is no longer pending (confirmed by a
   * concurrent request, or replaced by a new start since its secret was read).
   */
  confirm(
    userId: string,
    secretEnc: Buffer,
    step: number,
    codeDigests: readonly Buffer[],
    now: Date,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [, confirmed] = await manager.query<[unknown[], number]>(
        `UPDATE mfa_totp SET confirmed_at = $3, last_used_step = $4
         WHERE user_id = $1 AND secret_enc = $2 AND confirmed_at IS NULL`,
        [userId, secretEnc, now, step],
      );
      if (confirmed === 0) return false;
      await manager.query(`DELETE FROM mfa_recovery_codes WHERE user_id = $1`, [userId]);
      await manager.query(
        `INSERT INTO mfa_recovery_codes (user_id, code_hash, created_at)
         SELECT $1, digest, $3 FROM unnest($2::bytea[]) AS digest`,
        [userId, codeDigests, now],
      );
      await manager.query(`UPDATE users SET mfa_enabled = true WHERE id = $1`, [userId]);
      return true;
    });
  }

  /**
   * Records that a code of time step `step` was accepted, if no code of that step or a later one
   * was: one atomic UPDATE decides between two requests with the same code (RFC 6238 §5.2).
   */
  async acceptStep(userId: string, step: number): Promise<boolean> {
    const [, updated] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE mfa_totp SET last_used_step = $2
       WHERE user_id = $1 AND confirmed_at IS NOT NULL
         AND (last_used_step IS NULL OR last_used_step < $2)`,
      [userId, step],
    );
    return updated > 0;
  }

  /** Spends an unused recovery code; undefined when there is none with that digest. */
  async spendRecoveryCode(
    userId: string,
    digest: Buffer,
    now: Date,
  ): Promise<{ remaining: number } | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const [, spent] = await manager.query<[unknown[], number]>(
        `UPDATE mfa_recovery_codes SET used_at = $3
         WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
        [userId, digest, now],
      );
      if (spent === 0) return undefined;
      const rows = await manager.query<{ remaining: number }[]>(
        `SELECT count(*)::int AS remaining FROM mfa_recovery_codes
         WHERE user_id = $1 AND used_at IS NULL`,
        [userId],
      );
      return { remaining: rows[0].remaining };
    });
  }

  /** Removes the factor (pending or confirmed) and its recovery codes; false if there was none. */
  remove(userId: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [, removed] = await manager.query<[unknown[], number]>(
        `DELETE FROM mfa_totp WHERE user_id = $1`,
        [userId],
      );
      await manager.query(`DELETE FROM mfa_recovery_codes WHERE user_id = $1`, [userId]);
      await manager.query(`UPDATE users SET mfa_enabled = false WHERE id = $1`, [userId]);
      return removed > 0;
    });
  }
}
