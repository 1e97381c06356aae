import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A row of `refresh_tokens`. Holds the SHA-256 digest of the token, never the token. Never leaves
 * RefreshTokensRepository: callers get StoredRefreshToken.
 */
@Entity({ name: 'refresh_tokens' })
export class RefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'family_id', type: 'uuid' })
  familyId!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'client_id', type: 'text', nullable: true })
  clientId!: string | null;

  @Column({ name: 'token_hash', type: 'bytea', select: false })
  tokenHash!: Buffer;

  @Column({ type: 'text', nullable: true })
  scope!: string | null;

  /** The family's absolute expiry, copied on every rotation. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'replaced_by', type: 'uuid', nullable: true })
  replacedBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  /** The access token issued together with this refresh token (logout, reuse detection). */
  @Column({ name: 'access_token_jti', type: 'text', nullable: true })
  accessTokenJti!: string | null;

  @Column({ name: 'access_token_expires_at', type: 'timestamptz', nullable: true })
  accessTokenExpiresAt!: Date | null;

  /** The audiences the family was granted (RFC 8707 §2.2); null: the default audience. */
  @Column({ type: 'text', array: true, nullable: true })
  audiences!: string[] | null;
}
