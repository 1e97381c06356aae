import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Authentication } from './authentication';
import type { RevokedJti } from './revoked-tokens.repository';
import { auditInsert, type AuditEventRow } from '../audit/audit-events.repository';
import { userColumns, userFromColumns } from '../users/user-columns';
import type { UserEntity } from '../users/user.entity';

/** A refresh token row as the service sees it: no digest. */
export interface StoredRefreshToken {
  id: string;
  familyId: string;
  userId: string | null;
  clientId: string | null;
  scope: string | null;
  /** The audiences the family was granted; null: the default audience. */
  audiences: string[] | null;
  /** The family's absolute expiry. */
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  /** `exp` (epoch seconds) of the access token issued with this refresh token. */
  accessTokenExp: number | null;
  /** How the family's login authenticated; null for families older than the record. */
  authentication: Authentication | null;
}

export interface RefreshTokenRow {
  familyId: string;
  userId: string | null;
  clientId: string | null;
  tokenHash: Buffer;
  scope: string | null;
  audiences: string[] | null;
  expiresAt: Date;
  createdAt: Date;
  userAgent: string | null;
  ip: string | null;
  accessTokenJti: string | null;
  accessTokenExp: number | null;
  authentication: Authentication | null;
}

/** What a rotation's successor gets of its own; the rest it inherits from the spent token. */
export interface SuccessorRow {
  id: string;
  tokenHash: Buffer;
  userAgent: string | null;
  ip: string | null;
  accessTokenJti: string | null;
  accessTokenExp: number | null;
}

interface RawRow {
  id: string;
  family_id: string;
  user_id: string | null;
  client_id: string | null;
  scope: string | null;
  audiences: string[] | null;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
  access_token_exp: string | null;
  amr: string[] | null;
  acr: string | null;
  auth_time: string | null;
}

/** A token with the user it belongs to (null for a client's token, or a user gone since). */
export interface StoredRefreshTokenWithOwner {
  token: StoredRefreshToken;
  owner: UserEntity | null;
}

/** The columns toStored reads, of `refresh_tokens` under `alias` (a statement may join others). */
const columnsOf = (alias: string): string => {
  const t = alias ? `${alias}.` : '';
  return `${t}id, ${t}family_id, ${t}user_id, ${t}client_id, ${t}scope, ${t}audiences,
  ${t}expires_at, ${t}used_at, ${t}revoked_at, ${t}created_at,
  floor(extract(epoch FROM ${t}access_token_expires_at))::bigint AS access_token_exp,
  ${t}amr, ${t}acr, floor(extract(epoch FROM ${t}auth_time))::bigint AS auth_time`;
};

const COLUMNS = columnsOf('');

/**
 * SQL over `refresh_tokens`. Methods taking a manager run inside the caller's transaction.
 * Tokens are looked up by their SHA-256 digest only.
 */
@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Inserts the token; with `event`, the audit row recording it too, in the same statement, so
   * both commit or neither does, in one round trip.
   */
  async insert(
    row: RefreshTokenRow,
    manager: EntityManager = this.dataSource.manager,
    event?: AuditEventRow,
  ): Promise<string> {
    const params: unknown[] = [
      row.familyId,
      row.userId,
      row.clientId,
      row.tokenHash,
      row.scope,
      row.expiresAt,
      row.createdAt,
      row.userAgent,
      row.ip,
      row.accessTokenJti,
      row.accessTokenExp,
      row.audiences,
      row.authentication ? [...row.authentication.amr] : null,
      row.authentication?.acr ?? null,
      row.authentication?.authTime ?? null,
    ];
    // The audit row's parameters follow the token's.
    const recorded = event && auditInsert(event, params.length + 1);
    const rows = await manager.query<{ id: string }[]>(
      `${recorded ? `WITH recorded AS (${recorded.sql}) ` : ''}
       INSERT INTO refresh_tokens (family_id, user_id, client_id, token_hash, scope, expires_at,
         created_at, user_agent, ip, access_token_jti, access_token_expires_at, audiences, amr, acr,
         auth_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, to_timestamp($11::bigint), $12, $13, $14,
         to_timestamp($15::bigint))
       RETURNING id`,
      [...params, ...(recorded?.params ?? [])],
    );
    return rows[0].id;
  }

  /**
   * Spends the token and records its successor (`successor.id`) in one statement, so one round
   * trip and no transaction. Of two concurrent attempts, the second's UPDATE waits for the
   * first's row lock, re-checks `used_at IS NULL` on the committed row and matches nothing, so
   * its INSERT inserts nothing: exactly one winner. The successor inherits the family, owner,
   * scope, audiences, authentication and absolute expiry of the spent token. False when the
   * token was not spendable.
   */
  async spendAndSucceed(tokenHash: Buffer, now: Date, successor: SuccessorRow): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH spent AS (
         UPDATE refresh_tokens SET used_at = $2, replaced_by = $3
          WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2
          RETURNING family_id, user_id, client_id, scope, audiences, expires_at, amr, acr, auth_time
       )
       INSERT INTO refresh_tokens (id, family_id, user_id, client_id, token_hash, scope,
         expires_at, created_at, user_agent, ip, access_token_jti, access_token_expires_at,
         audiences, amr, acr, auth_time)
       SELECT $3, family_id, user_id, client_id, $4, scope, expires_at, $2, $5, $6, $7,
              to_timestamp($8::bigint), audiences, amr, acr, auth_time
         FROM spent
       RETURNING id`,
      [
        tokenHash,
        now,
        successor.id,
        successor.tokenHash,
        successor.userAgent,
        successor.ip,
        successor.accessTokenJti,
        successor.accessTokenExp,
      ],
    );
    return rows.length === 1;
  }

  async findByHash(tokenHash: Buffer): Promise<StoredRefreshToken | undefined> {
    const rows = await this.dataSource.query<RawRow[]>(
      `SELECT ${COLUMNS} FROM refresh_tokens WHERE token_hash = $1`,
      [tokenHash],
    );
    return rows[0] && toStored(rows[0]);
  }

  /** The token and its owning user's row, read in one statement (a round trip fewer). */
  async findWithOwner(tokenHash: Buffer): Promise<StoredRefreshTokenWithOwner | undefined> {
    const rows = await this.dataSource.query<(RawRow & Record<string, unknown>)[]>(
      `SELECT ${columnsOf('t')}, ${userColumns('u', 'owner_')}
         FROM refresh_tokens t LEFT JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1`,
      [tokenHash],
    );
    return rows[0] && { token: toStored(rows[0]), owner: userFromColumns(rows[0], 'owner_') };
  }

  /** Families whose current access token (or an older one) has this jti, owned by `userId`. */
  async familiesOfAccessToken(jti: string, userId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ family_id: string }[]>(
      `SELECT DISTINCT family_id FROM refresh_tokens WHERE access_token_jti = $1 AND user_id = $2`,
      [jti, userId],
    );
    return rows.map((row) => row.family_id);
  }

  /** The user's families that still hold a usable token. */
  async liveFamiliesOfUser(userId: string, now: Date): Promise<string[]> {
    const rows = await this.dataSource.query<{ family_id: string }[]>(
      `SELECT DISTINCT family_id FROM refresh_tokens
        WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2`,
      [userId, now],
    );
    return rows.map((row) => row.family_id);
  }

  /** The client's families that still hold a usable token. */
  async liveFamiliesOfClient(clientId: string, now: Date): Promise<string[]> {
    const rows = await this.dataSource.query<{ family_id: string }[]>(
      `SELECT DISTINCT family_id FROM refresh_tokens
        WHERE client_id = $1 AND revoked_at IS NULL AND expires_at > $2`,
      [clientId, now],
    );
    return rows.map((row) => row.family_id);
  }

  /**
   * Revokes every token of these families; returns the access tokens issued with them that are
   * still unexpired, for the denylist.
   */
  async revokeFamilies(
    familyIds: readonly string[],
    now: Date,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<RevokedJti[]> {
    await manager.query(
      `UPDATE refresh_tokens SET revoked_at = $2
        WHERE family_id = ANY($1::uuid[]) AND revoked_at IS NULL`,
      [familyIds, now],
    );
    const rows = await manager.query<{ jti: string; exp: string }[]>(
      `SELECT access_token_jti AS jti,
              floor(extract(epoch FROM access_token_expires_at))::bigint AS exp
         FROM refresh_tokens
        WHERE family_id = ANY($1::uuid[]) AND access_token_jti IS NOT NULL
          AND access_token_expires_at > $2`,
      [familyIds, now],
    );
    return rows.map((row) => ({ jti: row.jti, exp: Number(row.exp) }));
  }

  /** Deletes every token of families that expired before `before`. */
  async deleteExpired(before: Date): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM refresh_tokens WHERE expires_at < $1`,
      [before],
    );
    return count;
  }
}

function toStored(row: RawRow): StoredRefreshToken {
  return {
    id: row.id,
    familyId: row.family_id,
    userId: row.user_id,
    clientId: row.client_id,
    scope: row.scope,
    audiences: row.audiences,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
    accessTokenExp: row.access_token_exp === null ? null : Number(row.access_token_exp),
    authentication: authenticationOf(row),
  };
}

function authenticationOf(row: RawRow): Authentication | null {
  if (row.amr === null || row.acr === null || row.auth_time === null) return null;
  return { amr: row.amr, acr: row.acr, authTime: Number(row.auth_time) };
}
