import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { KeysetPageRequest } from '../common/page';
import { PageCursor, SORT_KEY_TIME_FORMAT } from '../common/page-cursor';
import { serializeTokenCutoff, TOKEN_CUTOFF_CHANNEL, TokenCutoff } from './token-cutoff';
import { withoutQueryParameters } from './unique-violation';
import { UserEntity } from './user.entity';

export interface UserListQuery extends KeysetPageRequest {
  /** Only active (true) or only inactive (false) users; both when undefined. */
  active?: boolean;
  /** Only users with (true) or without (false) a second factor; both when undefined. */
  mfa?: boolean;
}

/** UserListQuery with its cursor decoded. */
export type UserPageQuery = Omit<UserListQuery, 'after'> & { after?: PageCursor };

/** A user of a page and its sort key (`created_at`, `id`), for the next page's cursor. */
export interface UserPageRow {
  user: UserEntity;
  key: PageCursor;
}

/**
 * The columns a change may write; `id` never changes, and `mfa_enabled` is written only with
 * the factor's own rows (MFA store), never by a user change.
 */
export type UserPatch = Partial<Omit<UserEntity, 'id' | 'mfaEnabled'>>;

/** A row ready to insert: hashed password, normalised email, checked roles; no factor yet. */
export type NewUserRow = Omit<UserEntity, 'id' | 'tokensValidAfter' | 'mfaEnabled'>;

// Written like the unique indexes users_username_lower_key and users_email_lower_key, so that
// PostgreSQL answers from them and "taken" means what the index will refuse.
const SAME_USERNAME = 'lower(user.username) = lower(:value)';
const SAME_EMAIL = 'lower(user.email) = lower(:value)';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can be a user's id (a UUID), so PostgreSQL will not reject it as one. */
export function isUserId(id: string): boolean {
  return UUID.test(id);
}

/** SQL over `users`; methods taking a manager run inside the caller's transaction. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The user, or null; also null for an id that is not a UUID (PostgreSQL would reject it). */
  async findById(id: string): Promise<UserEntity | null> {
    if (!UUID.test(id)) return null;
    return this.dataSource.manager.findOneBy(UserEntity, { id });
  }

  /** The user with this id, which must exist (TypeORM's EntityNotFoundError otherwise). */
  getById(id: string): Promise<UserEntity> {
    return this.dataSource.manager.findOneByOrFail(UserEntity, { id });
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.findWhere(SAME_USERNAME, username);
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.findWhere(SAME_EMAIL, email);
  }

  /**
   * A username or an email, in any letter case (usernames cannot contain `@`). The password
   * hash is selected only when asked for: the login check needs it, nothing else does.
   */
  findByLogin(login: string, { withPasswordHash = false } = {}): Promise<UserEntity | null> {
    return this.findWhere(`${SAME_USERNAME} OR ${SAME_EMAIL}`, login, withPasswordHash);
  }

  usernameTaken(username: string): Promise<boolean> {
    return this.dataSource.manager
      .createQueryBuilder(UserEntity, 'user')
      .where(SAME_USERNAME, { value: username })
      .getExists();
  }

  /** Whether an active user holds this role (among its own `roles`). */
  activeUserWithRoleExists(role: string): Promise<boolean> {
    return this.dataSource.manager
      .createQueryBuilder(UserEntity, 'user')
      .where(':role = ANY(user.roles)', { role })
      .andWhere('user.isActive')
      .getExists();
  }

  /**
   * Up to `limit + 1` users in creation order (the extra one tells that a next page exists),
   * after `offset` others or after the cursor's key, with the total of all matching users
   * (null by cursor). By
   * cursor, users_created_at_id_idx finds the page however deep it is.
   */
  async page(query: UserPageQuery): Promise<{ rows: UserPageRow[]; total: number | null }> {
    const { offset = 0, limit, after, active, mfa } = query;
    const matching = this.dataSource.manager.createQueryBuilder(UserEntity, 'user');
    if (active !== undefined) matching.andWhere('user.isActive = :active', { active });
    if (mfa !== undefined) matching.andWhere('user.mfaEnabled = :mfa', { mfa });
    const page = matching
      .clone()
      .addSelect(`to_char("user"."created_at" AT TIME ZONE 'UTC', :sortKeyFormat)`, 'sort_at')
      .setParameter('sortKeyFormat', SORT_KEY_TIME_FORMAT)
      .orderBy('user.createdAt', 'ASC')
      .addOrderBy('user.id', 'ASC')
      .limit(limit + 1);
    if (after) {
      page.andWhere(
        '("user"."created_at", "user"."id") > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))',
        { afterAt: after.at, afterId: after.id },
      );
    } else {
      page.offset(offset);
    }
    const [{ entities, raw }, total] = await Promise.all([
      page.getRawAndEntities<{ user_id: string; sort_at: string }>(),
      // Counting reads every match: a walk by cursor does it once, on its first page.
      after ? null : matching.getCount(),
    ]);
    const sortAt = new Map(raw.map((row) => [row.user_id, row.sort_at]));
    const rows = entities.map((user) => ({
      user,
      key: { at: sortAt.get(user.id) ?? '', id: user.id },
    }));
    return { rows, total };
  }

  /**
   * Inserts the row unless its username or email is taken: the unique indexes decide, so two
   * concurrent registrations cannot both win. ON CONFLICT DO NOTHING rather than catching
   * 23505: a failed query is logged with its parameters, and these hold the password hash.
   * Returns the new id, or undefined when the username or email is taken.
   */
  async insertUnlessTaken(row: NewUserRow): Promise<string | undefined> {
    const inserted = await this.dataSource.manager
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values(row)
      .orIgnore()
      .returning(['id'])
      .execute()
      .catch((error: unknown) => {
        throw withoutQueryParameters(error);
      });
    return (inserted.raw as { id?: string }[])[0]?.id;
  }

  async update(
    id: string,
    patch: UserPatch,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.update(UserEntity, { id }, patch);
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(UserEntity, { id });
  }

  /** When the user's tokens were last revoked; null when never, undefined when no such user. */
  async tokensValidAfter(id: string): Promise<Date | null | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await this.dataSource.manager.findOne(UserEntity, {
      where: { id },
      select: { id: true, tokensValidAfter: true },
    });
    return row ? row.tokensValidAfter : undefined;
  }

  /** Every user whose tokens were cut off, at or after `since` when given. */
  async tokenCutoffs(since?: Date): Promise<TokenCutoff[]> {
    const query = this.dataSource.manager
      .createQueryBuilder(UserEntity, 'user')
      .select(['user.id', 'user.tokensValidAfter'])
      .where('user.tokensValidAfter IS NOT NULL');
    if (since) query.andWhere('user.tokensValidAfter >= :since', { since });
    const rows = await query.getMany();
    return rows.map((row) => ({
      userId: row.id,
      validAfter: (row.tokensValidAfter as Date).toISOString(),
    }));
  }

  /** Delivered to every listening replica when (and only if) the transaction commits. */
  async notifyTokenCutoff(
    cutoff: TokenCutoff,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query('SELECT pg_notify($1, $2)', [
      TOKEN_CUTOFF_CHANNEL,
      serializeTokenCutoff(cutoff),
    ]);
  }

  private findWhere(
    condition: string,
    value: string,
    withPasswordHash = false,
  ): Promise<UserEntity | null> {
    const query = this.dataSource.manager
      .createQueryBuilder(UserEntity, 'user')
      .where(condition, { value });
    if (withPasswordHash) query.addSelect('user.passwordHash');
    return query.getOne();
  }
}
