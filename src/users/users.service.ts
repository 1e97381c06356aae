import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Attributes, changedAttributeNames } from '../common/attributes';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { KeysetPage } from '../common/page';
import { keysetPage, pageCursorOrThrow } from '../common/page-cursor';
import { APP_CONFIG, AppConfig } from '../config';
import { changedUserValues } from './changed-user-fields';
import { effectivePermissions, PermissionHolder } from './effective-permissions';
import { normalizeEmail } from './email-address';
import { PasswordHasher } from './password/password.hasher';
import { passwordProblem } from './password/password-rules';
import { DEFAULT_USER_ROLE } from './permissions';
import { PublicUser, toPublicUser } from './public-user';
import { ChangeContext, type RoleLookup, RolesService } from './roles.service';
import { violatedUniqueConstraint, withoutQueryParameters } from './unique-violation';
import { revocationExpiry } from '../tokens/token-lifetime';
import { SubjectCutoffsRepository } from './subject-cutoffs.repository';
import { TokenCutoff } from './token-cutoff';
import { UserEntity } from './user.entity';
import { NewUser, UserInserter } from './user.inserter';
import { isUserId, UserListQuery, UserPatch, UsersRepository } from './users.repository';
import {
  EmailTakenError,
  InvalidPasswordError,
  RegistrationDisabledError,
  UsernameTakenError,
  UserNotFoundError,
} from './users.errors';

export type { NewUser } from './user.inserter';
export type { UserListQuery } from './users.repository';

export interface UserChange {
  email?: string;
  roles?: string[];
  permissions?: string[];
  isActive?: boolean;
  /** Replaces the whole object (`{}` clears); already checked by the caller's rules. */
  attributes?: Attributes;
}

/** Users: creation, look-up (case-insensitive), listing, changes. Returns PublicUser only. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly roles: RolesService,
    private readonly inserter: UserInserter,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Self-service sign-up (`POST /auth/register`): the `user` role, nothing else. */
  async register(
    input: Pick<NewUser, 'username' | 'email' | 'password'>,
    context: ChangeContext = {},
  ): Promise<PublicUser> {
    if (!this.config.auth.registrationEnabled) throw new RegistrationDisabledError();
    const user = await this.inserter.insert({ ...input, roles: [DEFAULT_USER_ROLE] });
    await this.audit.record({
      type: 'user.registered',
      actor: user.id,
      subject: user.id,
      ip: context.ip,
    });
    return this.present(user);
  }

  async create(input: NewUser, context: ChangeContext = {}): Promise<PublicUser> {
    const user = await this.inserter.insert(input);
    await this.audit.record({
      type: 'user.created',
      actor: context.actor,
      subject: user.id,
      ip: context.ip,
      details: { roles: user.roles },
    });
    return this.present(user);
  }

  /** The user; `options` say where its roles are resolved (see RoleLookup). */
  async findById(id: string, options: RoleLookup = {}): Promise<PublicUser | null> {
    const user = await this.users.findById(id);
    return user && toPublicUser(user, await this.roles.effectivePermissions(user, options));
  }

  /** The public view of a row already read (perhaps by a join elsewhere), with its cut-off. */
  async withCutoff(user: UserEntity): Promise<UserWithCutoff> {
    return { user: await this.present(user), tokensValidAfter: user.tokensValidAfter };
  }

  /** Like findById, but a missing user is a UserNotFoundError (404). */
  async getById(id: string): Promise<PublicUser> {
    const user = await this.findById(id);
    if (!user) throw new UserNotFoundError();
    return user;
  }

  async findByUsername(username: string): Promise<PublicUser | null> {
    return this.presentOrNull(await this.users.findByUsername(username));
  }

  async findByEmail(email: string): Promise<PublicUser | null> {
    return this.presentOrNull(await this.users.findByEmail(email));
  }

  /** A username or an email, in any letter case (usernames cannot contain `@`). */
  async findByLogin(login: string): Promise<PublicUser | null> {
    return this.presentOrNull(await this.users.findByLogin(login));
  }

  /** Oldest first; by `offset`, or by `after` (400 `ERR_VALIDATION` when it is no cursor). */
  async list(query: UserListQuery): Promise<KeysetPage<PublicUser>> {
    const { offset = 0, limit, after } = query;
    const cursor = after === undefined ? undefined : pageCursorOrThrow(after, isUserId);
    const { rows, total } = await this.users.page({ ...query, after: cursor });
    const roles = await this.roles.list();
    const page = keysetPage(rows, limit, (row) => row.key);
    const items = page.items.map(({ user }) =>
      toPublicUser(user, effectivePermissions(user, roles)),
    );
    return { items, total, offset, limit, next_cursor: page.nextCursor };
  }

  /**
   * Applies an administrative change. Deactivating a user also refuses its existing tokens
   * (docs/architecture.md §2, `tokens_valid_after`). Only the values that differ from the stored
   * ones are written, and the audit row names just those fields (never their values; for the
   * attributes, the names of the members that changed); a change that changes nothing writes
   * nothing and records nothing.
   */
  async update(id: string, change: UserChange, context: ChangeContext = {}): Promise<PublicUser> {
    const user = await this.requireEntity(id);
    if (change.roles) await this.roles.assertExist(change.roles);
    const changed = changedUserValues(user, {
      email: change.email === undefined ? undefined : normalizeEmail(change.email),
      roles: change.roles && [...new Set(change.roles)],
      permissions: change.permissions && [...new Set(change.permissions)],
      isActive: change.isActive,
    });
    const attributes =
      change.attributes && changedAttributeNames(user.attributes, change.attributes);
    const fields: string[] = Object.keys(changed);
    if (attributes?.length) fields.push('attributes');
    if (fields.length === 0) return this.present(user);
    const now = this.clock.now();
    const patch: UserPatch = { ...changed, updatedAt: now };
    if (attributes?.length) patch.attributes = change.attributes;
    if (changed.isActive === false) patch.tokensValidAfter = now;
    await this.users.update(id, patch).catch((error: unknown) => {
      throw duplicateError(error);
    });
    if (patch.tokensValidAfter) await this.announceCutoff(id, patch.tokensValidAfter);
    await this.audit.record({
      type: 'user.updated',
      actor: context.actor,
      subject: id,
      ip: context.ip,
      details: attributes?.length ? { fields, attributes } : { fields },
    });
    return this.getById(id);
  }

  /** Deletes the user; its cut-off outlives the row (`subject_cutoffs`, same transaction). */
  async delete(id: string, context: ChangeContext = {}): Promise<void> {
    await this.requireEntity(id);
    const now = this.clock.now();
    await this.users.transaction(async (manager) => {
      await this.users.delete(manager, id);
      const cutoffs = new SubjectCutoffsRepository(manager);
      await cutoffs.save({ subject: id, validAfter: now }, revocationExpiry(now, this.config.jwt));
      await this.announceCutoff(id, now, manager);
    });
    await this.audit.record({
      type: 'user.deleted',
      actor: context.actor,
      subject: id,
      ip: context.ip,
    });
  }

  /**
   * "Log out everywhere": access tokens of this user issued before the returned instant are to
   * be refused. (Refresh families are the token module's to revoke.)
   */
  async revokeTokens(id: string, context: ChangeContext = {}): Promise<Date> {
    await this.requireEntity(id);
    const now = this.clock.now();
    // One transaction: PostgreSQL sends the NOTIFY on commit, never for a write that failed.
    await this.users.transaction(async (manager) => {
      await this.users.update(id, { tokensValidAfter: now, updatedAt: now }, manager);
      await this.announceCutoff(id, now, manager);
    });
    await this.audit.record({
      type: 'user.tokens_revoked',
      actor: context.actor,
      subject: id,
      ip: context.ip,
    });
    return now;
  }

  /** When the user's tokens were last revoked; null when never, undefined when no such user. */
  tokensValidAfter(id: string): Promise<Date | null | undefined> {
    return this.users.tokensValidAfter(id);
  }

  /**
   * Every user whose tokens were cut off (at or after `since`, when given): what a replica's
   * in-memory revocation check loads at start-up and re-reads as a backstop to the
   * TOKEN_CUTOFF_CHANNEL notifications.
   */
  tokenCutoffs(since?: Date): Promise<TokenCutoff[]> {
    return this.users.tokenCutoffs(since);
  }

  /**
   * Replaces the password (rules checked against the user's own name and email) and refuses
   * the user's existing access tokens.
   */
  async setPassword(id: string, password: string, context: ChangeContext = {}): Promise<void> {
    const user = await this.requireEntity(id);
    const problem = passwordProblem(password, user);
    if (problem) throw new InvalidPasswordError(problem, 'newPassword');
    const passwordHash = await this.hasher.hash(password);
    const now = this.clock.now();
    await this.users.update(id, { passwordHash, tokensValidAfter: now, updatedAt: now });
    await this.announceCutoff(id, now);
    await this.audit.record({
      type: 'password.changed',
      actor: context.actor ?? id,
      subject: id,
      ip: context.ip,
    });
  }

  /** The user's own permissions plus those of its roles. */
  effectivePermissions(user: PermissionHolder, options: RoleLookup = {}): Promise<string[]> {
    return this.roles.effectivePermissions(user, options);
  }

  /**
   * Creates the user unless one with its username or email already exists, atomically (several
   * replicas may try at once). Returns the new user, or null when nothing was created.
   */
  async createIfAbsent(input: NewUser): Promise<PublicUser | null> {
    const id = await this.inserter.insertUnlessTaken(input);
    return id ? this.getById(id) : null;
  }

  /** Tells every replica at once (NOTIFY); tokenCutoffs() is the backstop. */
  private async announceCutoff(
    userId: string,
    validAfter: Date,
    manager?: EntityManager,
  ): Promise<void> {
    await this.users.notifyTokenCutoff({ userId, validAfter: validAfter.toISOString() }, manager);
  }

  private async requireEntity(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw new UserNotFoundError();
    return user;
  }

  private async presentOrNull(user: UserEntity | null): Promise<PublicUser | null> {
    return user ? this.present(user) : null;
  }

  private async present(user: UserEntity): Promise<PublicUser> {
    return toPublicUser(user, await this.roles.effectivePermissions(user));
  }
}

/** A user and the instant before which its tokens are refused (null: none). */
export interface UserWithCutoff {
  user: PublicUser;
  tokensValidAfter: Date | null;
}

/** Maps the case-insensitive unique indexes to their typed 409s; anything else passes on. */
function duplicateError(error: unknown): unknown {
  const constraint = violatedUniqueConstraint(error);
  if (constraint === 'users_username_lower_key') return new UsernameTakenError();
  if (constraint === 'users_email_lower_key') return new EmailTakenError();
  return withoutQueryParameters(error);
}
