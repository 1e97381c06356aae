import type { Attributes } from '../../common/attributes';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of `clients`. Never leaves ClientsService: callers get ServiceClient. */
@Entity({ name: 'clients' })
export class ClientEntity {
  @PrimaryColumn({ name: 'client_id', type: 'text' })
  clientId!: string;

  /** SHA-256 of the secret; never selected unless asked for. */
  @Column({ name: 'secret_hash', type: 'bytea', select: false })
  secretHash!: Buffer;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true })
  permissions!: string[];

  @Column({ name: 'grant_types', type: 'text', array: true })
  grantTypes!: string[];

  /** The registered APIs (identifiers) it may ask tokens for, beyond the default audience. */
  @Column({ name: 'allowed_audiences', type: 'text', array: true })
  allowedAudiences!: string[];

  /** Administrator-set data; an API may map some of it into the client's tokens as claims. */
  @Column({ type: 'jsonb' })
  attributes!: Attributes;

  @Column({ name: 'is_active', type: 'boolean' })
  isActive!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
