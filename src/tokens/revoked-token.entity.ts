import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A row of `revoked_tokens`: an access token's jti, denied until its `exp`, then purged. */
@Entity({ name: 'revoked_tokens' })
export class RevokedTokenEntity {
  @PrimaryColumn({ type: 'text' })
  jti!: string;

  @Index('revoked_tokens_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** Last written, by the database's clock: what the replicas' incremental poll reads by. */
  @Index('revoked_tokens_revoked_at_idx')
  @Column({ name: 'revoked_at', type: 'timestamptz', default: () => 'now()' })
  revokedAt!: Date;
}
