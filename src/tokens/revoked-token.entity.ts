import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A row of `revoked_tokens`: an access token's jti, denied until its `exp`, then purged. */
@Entity({ name: 'revoked_tokens' })
export class RevokedTokenEntity {
  @PrimaryColumn({ type: 'text' })
  jti!: string;

  @Index('revoked_tokens_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}
