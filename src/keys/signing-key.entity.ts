import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { KeyStatus, SigningAlgorithm } from './signing-key';

/**
 * A row of `signing_keys` (docs/architecture.md §2). The private key is only ever stored encrypted.
 */
@Entity('signing_keys')
export class SigningKeyEntity {
  /** RFC 7638 thumbprint of the public key. */
  @PrimaryColumn({ type: 'text' })
  kid!: string;

  @Column({ type: 'text' })
  alg!: SigningAlgorithm;

  @Column({ type: 'jsonb', name: 'public_jwk' })
  publicJwk!: Record<string, unknown>;

  /** AES-256-GCM under KEY_ENCRYPTION_KEY (key-encryption.ts); never selected by default. */
  @Column({ type: 'bytea', name: 'private_key_enc', select: false })
  privateKeyEnc!: Buffer;

  @Column({ type: 'text' })
  status!: KeyStatus;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'activated_at', nullable: true })
  activatedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'retire_at', nullable: true })
  retireAt!: Date | null;
}
