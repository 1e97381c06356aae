import type { Attributes } from '../common/attributes';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A row of `users`. Never leaves UsersModule: services map it to PublicUser. The password hash
 * is not selected unless a query asks for it, so a forgotten mapping still cannot leak it.
 */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  @Column({ type: 'text', array: true })
  permissions!: string[];

  @Column({ name: 'is_active', type: 'boolean' })
  isActive!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Administrator-set data; an API may map some of it into its tokens as claims. */
  @Column({ type: 'jsonb' })
  attributes!: Attributes;

  /**
   * Whether a confirmed second factor exists. Written only together with the `mfa_totp` row,
   * in the same transaction, so listings can filter on it without a join.
   */
  @Column({ name: 'mfa_enabled', type: 'boolean' })
  mfaEnabled!: boolean;

  /** Access tokens of this user issued before this instant are refused. */
  @Column({ name: 'tokens_valid_after', type: 'timestamptz', nullable: true })
  tokensValidAfter!: Date | null;
}
