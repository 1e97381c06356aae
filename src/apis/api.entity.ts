import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of `apis`: a resource server tokens may be asked for. Never leaves the apis module. */
@Entity({ name: 'apis' })
export class ApiEntity {
  /** The `aud` value of its tokens: a URI or a name (RFC 8707 §2). */
  @PrimaryColumn({ type: 'text' })
  identifier!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The permissions this API defines: its tokens carry no others. */
  @Column({ type: 'text', array: true })
  permissions!: string[];

  /** Seconds; null: the defaults per token use (ACCESS_TOKEN_TTL, SERVICE_TOKEN_TTL, 300). */
  @Column({ name: 'access_token_ttl', type: 'integer', nullable: true })
  accessTokenTtl!: number | null;

  @Column({ name: 'allowed_token_uses', type: 'text', array: true })
  allowedTokenUses!: string[];

  /** Names of subject attributes copied into its tokens as claims. */
  @Column({ type: 'text', array: true })
  claims!: string[];

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
