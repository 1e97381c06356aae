import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The NOTIFY channel denied access token jtis are announced on, to every replica. */
export const REVOCATIONS_CHANNEL = 'warden_revocations';

export interface RevokedJti {
  /** A token's `jti`, or a session id that tokens carry as `sid`. */
  jti: string;
  /** The latest `exp` of a token it refuses, epoch seconds: the row is kept until then. */
  exp: number;
}

/**
 * SQL of the access token denylist, and the NOTIFY announcing its additions. Methods taking a
 * manager run inside the caller's transaction.
 */
@Injectable()
export class RevokedTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insert(
    tokens: readonly RevokedJti[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO revoked_tokens (jti, expires_at)
       SELECT jti, to_timestamp(exp) FROM unnest($1::text[], $2::bigint[]) AS t (jti, exp)
       ON CONFLICT (jti) DO UPDATE SET expires_at = GREATEST(revoked_tokens.expires_at, EXCLUDED.expires_at)`,
      [tokens.map((token) => token.jti), tokens.map((token) => token.exp)],
    );
  }

  /** Denied jtis whose token has not expired at `since`. */
  async listUnexpired(since: Date): Promise<RevokedJti[]> {
    const rows = await this.dataSource.query<{ jti: string; exp: string }[]>(
      `SELECT jti, floor(extract(epoch FROM expires_at))::bigint AS exp
         FROM revoked_tokens WHERE expires_at > $1`,
      [since],
    );
    return rows.map((row) => ({ jti: row.jti, exp: Number(row.exp) }));
  }

  /**
   * Tells every replica (the payload is for RevocationService.applyNotification). Inside a
   * transaction PostgreSQL holds the notification back until the commit, and drops it on a
   * rollback.
   */
  async notify(payload: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`SELECT pg_notify($1, $2)`, [REVOCATIONS_CHANNEL, payload]);
  }

  async deleteExpired(before: Date): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM revoked_tokens WHERE expires_at < $1`,
      [before],
    );
    return count;
  }
}
