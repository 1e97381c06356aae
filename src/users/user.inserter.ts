import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { normalizeEmail } from './email-address';
import { PasswordHasher } from './password/password.hasher';
import { passwordProblem } from './password/password-rules';
import { DEFAULT_USER_ROLE } from './permissions';
import { RolesService } from './roles.service';
import { withoutQueryParameters } from './unique-violation';
import { UserEntity } from './user.entity';
import { EmailTakenError, InvalidPasswordError, UsernameTakenError } from './users.errors';

export interface NewUser {
  username: string;
  email: string;
  password: string;
  roles?: string[];
  permissions?: string[];
  isActive?: boolean;
}

/** Writes new users: password rules, role check, hashing, and the race-safe insert. */
@Injectable()
export class UserInserter {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly roles: RolesService,
    private readonly hasher: PasswordHasher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Inserts the user, or throws UsernameTakenError / EmailTakenError (409). */
  async insert(input: NewUser): Promise<UserEntity> {
    const id = await this.insertUnlessTaken(input);
    if (!id) throw await this.whichIsTaken(input);
    return this.users.findOneByOrFail({ id });
  }

  /**
   * The unique indexes on lower(username) and lower(email) decide, so two concurrent
   * registrations cannot both win. ON CONFLICT DO NOTHING rather than catching 23505: a failed
   * query is logged with its parameters, and these hold the password hash.
   * Returns the new id, or undefined when the username or email is taken.
   */
  async insertUnlessTaken(input: NewUser): Promise<string | undefined> {
    const fields = await this.prepare(input);
    const inserted = await this.users
      .createQueryBuilder()
      .insert()
      .values(fields)
      .orIgnore()
      .returning(['id'])
      .execute()
      .catch((error: unknown) => {
        throw withoutQueryParameters(error);
      });
    return (inserted.raw as { id?: string }[])[0]?.id;
  }

  private async whichIsTaken(input: NewUser): Promise<UsernameTakenError | EmailTakenError> {
    const sameName = await this.users
      .createQueryBuilder('user')
      .where('lower(user.username) = lower(:value)', { value: input.username })
      .getExists();
    return sameName ? new UsernameTakenError() : new EmailTakenError();
  }

  /**
   * Checks the password rules and the roles, hashes the password, normalises the email (before
   * the unique index compares it): a row ready to insert.
   */
  private async prepare(input: NewUser): Promise<Partial<UserEntity>> {
    const problem = passwordProblem(input.password, input);
    if (problem) throw new InvalidPasswordError(problem);
    const roles = [...new Set(input.roles ?? [DEFAULT_USER_ROLE])];
    await this.roles.assertExist(roles);
    const now = this.clock.now();
    return {
      username: input.username,
      email: normalizeEmail(input.email),
      passwordHash: await this.hasher.hash(input.password),
      roles,
      permissions: [...new Set(input.permissions ?? [])],
      isActive: input.isActive ?? true,
      createdAt: now,
      updatedAt: now,
    };
  }
}
