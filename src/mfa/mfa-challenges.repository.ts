import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A login waiting for its second factor, as the service sees it: no digest. */
export interface StoredMfaChallenge {
  id: string;
  userId: string;
  clientId: string | null;
  scope: string | null;
  audiences: string[] | null;
  failedAttempts: number;
  expiresAt: Date;
  usedAt: Date | null;
  createdAt: Date;
}

export interface NewMfaChallenge {
  id: string;
  tokenHash: Buffer;
  userId: string;
  clientId: string | null;
  scope: string | null;
  audiences: string[] | null;
  expiresAt: Date;
  createdAt: Date;
}

interface RawChallenge {
  id: string;
  user_id: string;
  client_id: string | null;
  scope: string | null;
  audiences: string[] | null;
  failed_attempts: number;
  expires_at: Date;
  used_at: Date | null;
  created_at: Date;
}

const COLUMNS =
  'id, user_id, client_id, scope, audiences, failed_attempts, expires_at, used_at, created_at';

/** SQL over `mfa_challenges`, found by the SHA-256 digest of the `mfa_token` only. */
@Injectable()
export class MfaChallengesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(row: NewMfaChallenge): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO mfa_challenges (id, token_hash, user_id, client_id, scope, audiences,
         expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        row.id,
        row.tokenHash,
        row.userId,
        row.clientId,
        row.scope,
        row.audiences,
        row.expiresAt,
        row.createdAt,
      ],
    );
  }

  async findByHash(tokenHash: Buffer): Promise<StoredMfaChallenge | undefined> {
    const rows = await this.dataSource.query<RawChallenge[]>(
      `SELECT ${COLUMNS} FROM mfa_challenges WHERE token_hash = $1`,
      [tokenHash],
    );
    return rows[0] && toStored(rows[0]);
  }

  /** Spends the challenge if it is still usable at `now`; the one winner of a race gets true. */
  async spend(id: string, now: Date): Promise<boolean> {
    const [, spent] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE mfa_challenges SET used_at = $2
       WHERE id = $1 AND used_at IS NULL AND expires_at > $2`,
      [id, now],
    );
    return spent > 0;
  }

  /** Counts a wrong code; at `limit` failures the challenge is spent. */
  async recordFailure(id: string, limit: number, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE mfa_challenges SET failed_attempts = failed_attempts + 1,
         used_at = CASE WHEN failed_attempts + 1 >= $2 THEN $3 ELSE used_at END
       WHERE id = $1 AND used_at IS NULL`,
      [id, limit, now],
    );
  }

  /** Deletes the challenges that expired before `before`; returns how many. */
  async deleteExpired(before: Date): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM mfa_challenges WHERE expires_at < $1`,
      [before],
    );
    return deleted;
  }
}

function toStored(row: RawChallenge): StoredMfaChallenge {
  return {
    id: row.id,
    userId: row.user_id,
    clientId: row.client_id,
    scope: row.scope,
    audiences: row.audiences,
    failedAttempts: row.failed_attempts,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    createdAt: row.created_at,
  };
}
