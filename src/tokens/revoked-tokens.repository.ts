import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RowsAsOf, rowsAsOf } from '../database/rows-as-of';

/** The NOTIFY channel denied access token jtis are announced on, to every replica. */
export const REVOCATIONS_CHANNEL = 'warden_revocations';

export interface RevokedJti {
  /** A token's `jti`, or a session id that tokens carry as `sid`. */
  jti: string;
  /** The latest `exp` of a token it refuses, epoch seconds: the row is kept until then. */
  exp: number;
}

/** A row as read: `exp` arrives as text (bigint). */
interface RevokedRow {
  jti: string;
  exp: string;
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

  /**
   * Stores the denials; a re-revocation keeps the later `exp` and is stamped anew, so the other
   * replicas' next incremental poll sees it. `clock_timestamp()` rather than `now()` (the
   * transaction's start): the stamp should be as close to the commit as it can, since a poll
   * looks back only a margin before its previous read (RevocationService).
   */
  async insert(
    tokens: readonly RevokedJti[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO revoked_tokens (jti, expires_at, revoked_at)
       SELECT jti, to_timestamp(exp), clock_timestamp()
         FROM unnest($1::text[], $2::bigint[]) AS t (jti, exp)
       ON CONFLICT (jti) DO UPDATE
         SET expires_at = GREATEST(revoked_tokens.expires_at, EXCLUDED.expires_at),
             revoked_at = EXCLUDED.revoked_at`,
      [tokens.map((token) => token.jti), tokens.map((token) => token.exp)],
    );
  }

  /**
   * Denied jtis whose token has not expired at `unexpiredAt`; with `writtenSince`, only those
   * stored or re-stored since then (by `revoked_at`, on its index). With the database's `now()`
   * of the read, for the next poll's watermark.
   */
  async listUnexpired(unexpiredAt: Date, writtenSince?: Date): Promise<RowsAsOf<RevokedJti>> {
    const select = `SELECT jti, floor(extract(epoch FROM expires_at))::bigint AS exp
                      FROM revoked_tokens WHERE expires_at > $1`;
    const read = writtenSince
      ? rowsAsOf<RevokedRow>(
          this.dataSource.manager,
          `${select} AND revoked_at >= $2`,
          [unexpiredAt, writtenSince],
          ['jti', 'exp'],
        )
      : rowsAsOf<RevokedRow>(this.dataSource.manager, select, [unexpiredAt], ['jti', 'exp']);
    const { rows, readAt } = await read;
    return { rows: rows.map((row) => ({ jti: row.jti, exp: Number(row.exp) })), readAt };
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
