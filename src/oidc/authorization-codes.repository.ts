import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** An authorization code's grant as stored (RFC 6749 §4.1.2): never the code itself. */
export interface AuthorizationCodeGrant {
  clientId: string;
  userId: string;
  browserSessionId: string | null;
  redirectUri: string;
  scope: string;
  audiences: string[] | null;
  nonce: string | null;
  codeChallenge: string | null;
  amr: string[];
  acr: string;
  authTime: Date;
  expiresAt: Date;
  createdAt: Date;
}

interface RawCode {
  client_id: string;
  user_id: string;
  browser_session_id: string | null;
  redirect_uri: string;
  scope: string;
  audiences: string[] | null;
  nonce: string | null;
  code_challenge: string | null;
  amr: string[];
  acr: string;
  auth_time: Date;
  expires_at: Date;
  created_at: Date;
}

const COLUMNS = `client_id, user_id, browser_session_id, redirect_uri, scope, audiences, nonce,
  code_challenge, amr, acr, auth_time, expires_at, created_at`;

/** SQL over `authorization_codes`, found by the SHA-256 digest of the code only. */
@Injectable()
export class AuthorizationCodesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(codeHash: Buffer, grant: AuthorizationCodeGrant): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO authorization_codes (code_hash, client_id, user_id, browser_session_id,
         redirect_uri, scope, audiences, nonce, code_challenge, amr, acr, auth_time, expires_at,
         created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        codeHash,
        grant.clientId,
        grant.userId,
        grant.browserSessionId,
        grant.redirectUri,
        grant.scope,
        grant.audiences,
        grant.nonce,
        grant.codeChallenge,
        grant.amr,
        grant.acr,
        grant.authTime,
        grant.expiresAt,
        grant.createdAt,
      ],
    );
  }

  /** Spends the code: the one winner of concurrent redemptions gets its grant. */
  async spend(codeHash: Buffer, now: Date): Promise<AuthorizationCodeGrant | undefined> {
    const [rows] = await this.dataSource.query<[RawCode[], number]>(
      `UPDATE authorization_codes SET used_at = $2
       WHERE code_hash = $1 AND used_at IS NULL
       RETURNING ${COLUMNS}`,
      [codeHash, now],
    );
    return rows[0] && toGrant(rows[0]);
  }

  /**
   * Marks a spent code as presented again and returns the family issued from it, if any yet.
   * Undefined for a code that was never issued.
   */
  async markReplayed(
    codeHash: Buffer,
    now: Date,
  ): Promise<{ familyId: string | null } | undefined> {
    const [rows] = await this.dataSource.query<[Array<{ family_id: string | null }>, number]>(
      `UPDATE authorization_codes SET replayed_at = COALESCE(replayed_at, $2)
       WHERE code_hash = $1 AND used_at IS NOT NULL
       RETURNING family_id`,
      [codeHash, now],
    );
    return rows[0] && { familyId: rows[0].family_id };
  }

  /**
   * Records the family issued from the code; true when the code was replayed meanwhile (its
   * tokens must then be revoked too: the replay may have come before the family was known).
   */
  async recordFamily(codeHash: Buffer, familyId: string): Promise<boolean> {
    const [rows] = await this.dataSource.query<[Array<{ replayed: boolean }>, number]>(
      `UPDATE authorization_codes SET family_id = $2 WHERE code_hash = $1
       RETURNING replayed_at IS NOT NULL AS replayed`,
      [codeHash, familyId],
    );
    return rows[0]?.replayed ?? false;
  }

  /**
   * Deletes codes that expired before `before`; spent ones are kept until then so a late
   * replay still finds (and revokes) what was issued from them.
   */
  async deleteExpired(before: Date): Promise<number> {
    const [, deleted] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM authorization_codes WHERE expires_at < $1`,
      [before],
    );
    return deleted;
  }
}

function toGrant(row: RawCode): AuthorizationCodeGrant {
  return {
    clientId: row.client_id,
    userId: row.user_id,
    browserSessionId: row.browser_session_id,
    redirectUri: row.redirect_uri,
    scope: row.scope,
    audiences: row.audiences,
    nonce: row.nonce,
    codeChallenge: row.code_challenge,
    amr: row.amr,
    acr: row.acr,
    authTime: row.auth_time,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}
