import type { Attributes } from '../../common/attributes';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TokenEndpointAuthMethod } from './service-client';

/** A row of `clients`. Never leaves ClientsService: callers get ServiceClient. */
@Entity({ name: 'clients' })
export class ClientEntity {
  @PrimaryColumn({ name: 'client_id', type: 'text' })
  clientId!: string;

  /** SHA-256 of the secret; never selected unless asked for. Null for a public client. */
  @Column({ name: 'secret_hash', type: 'bytea', select: false, nullable: true })
  secretHash!: Buffer | null;

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

  @Column({ name: 'redirect_uris', type: 'text', array: true })
  redirectUris!: string[];

  @Column({ name: 'post_logout_redirect_uris', type: 'text', array: true })
  postLogoutRedirectUris!: string[];

  @Column({ name: 'token_endpoint_auth_method', type: 'text' })
  tokenEndpointAuthMethod!: TokenEndpointAuthMethod;

  @Column({ name: 'first_party', type: 'boolean' })
  firstParty!: boolean;

  /** The browser origins of its single-page app (CORS at the token endpoint and friends). */
  @Column({ name: 'allowed_origins', type: 'text', array: true })
  allowedOrigins!: string[];

  @Column({ name: 'is_active', type: 'boolean' })
  isActive!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
