import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A single sign-on session as the service sees it: no digest. */
export interface StoredBrowserSession {
  id: string;
  userId: string;
  amr: string[];
  acr: string;
  authTime: Date;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  endedAt: Date | null;
}

export interface NewBrowserSession {
  id: string;
  tokenHash: Buffer;
  userId: string;
  amr: readonly string[];
  acr: string;
  authTime: Date;
  createdAt: Date;
  expiresAt: Date;
}

interface RawSession {
  id: string;
  user_id: string;
  amr: string[];
  acr: string;
  auth_time: Date;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ended_at: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const COLUMNS = 'id, user_id, amr, acr, auth_time, created_at, last_seen_at, expires_at, ended_at';

/** SQL over `browser_sessions` and `browser_session_families`; found by the cookie's digest. */
@Injectable()
export class BrowserSessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(row: NewBrowserSession): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO browser_sessions (id, token_hash, user_id, amr, acr, auth_time, created_at,
         last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
      [
        row.id,
        row.tokenHash,
        row.userId,
        row.amr,
        row.acr,
        row.authTime,
        row.createdAt,
        row.expiresAt,
      ],
    );
  }

  async findByHash(tokenHash: Buffer): Promise<StoredBrowserSession | undefined> {
    const rows = await this.dataSource.query<RawSession[]>(
      `SELECT ${COLUMNS} FROM browser_sessions WHERE token_hash = $1`,
      [tokenHash],
    );
    return rows[0] && toStored(rows[0]);
  }

  async findById(id: string): Promise<StoredBrowserSession | undefined> {
    if (!UUID.test(id)) return undefined;
    const rows = await this.dataSource.query<RawSession[]>(
      `SELECT ${COLUMNS} FROM browser_sessions WHERE id = $1`,
      [id],
    );
    return rows[0] && toStored(rows[0]);
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.dataSource.query(`UPDATE browser_sessions SET last_seen_at = $2 WHERE id = $1`, [
      id,
      now,
    ]);
  }

  /**
   * Ends the session and returns the refresh families started under it; an ended session
   * returns them too, so a second logout still revokes what a failed first one left.
   */
  async end(id: string, now: Date): Promise<string[]> {
    await this.dataSource.query(
      `UPDATE browser_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL`,
      [id, now],
    );
    const rows = await this.dataSource.query<Array<{ family_id: string }>>(
      `SELECT family_id FROM browser_session_families WHERE browser_session_id = $1`,
      [id],
    );
    return rows.map((row) => row.family_id);
  }

  async linkFamily(sessionId: string, familyId: string, clientId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO browser_session_families (browser_session_id, family_id, client_id)
       VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [sessionId, familyId, clientId],
    );
  }

  /**
   * Moves what hangs off session `from` (its refresh families, its codes not yet redeemed) to
   * `to`, and ends `from`, in one transaction: a new sign-in of the same user continues it.
   */
  async supersede(from: string, to: string, now: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO browser_session_families (browser_session_id, family_id, client_id)
         SELECT $2, family_id, client_id FROM browser_session_families
         WHERE browser_session_id = $1 ON CONFLICT DO NOTHING`,
        [from, to],
      );
      await manager.query(`DELETE FROM browser_session_families WHERE browser_session_id = $1`, [
        from,
      ]);
      await manager.query(
        `UPDATE authorization_codes SET browser_session_id = $2
         WHERE browser_session_id = $1 AND used_at IS NULL`,
        [from, to],
      );
      await manager.query(
        `UPDATE browser_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL`,
        [from, now],
      );
    });
  }

  /** Deletes sessions past their absolute end; their family links go with them. */
  async deleteExpired(now: Date): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM browser_sessions WHERE expires_at < $1`,
      [now],
    );
    return deleted;
  }
}

function toStored(row: RawSession): StoredBrowserSession {
  return {
    id: row.id,
    userId: row.user_id,
    amr: row.amr,
    acr: row.acr,
    authTime: row.auth_time,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    endedAt: row.ended_at,
  };
}
