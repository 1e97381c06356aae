import { Inject, Injectable } from '@nestjs/common';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { normalizeEmail } from './email-address';
import { PasswordHasher } from './password/password.hasher';
import { passwordProblem } from './password/password-rules';
import { DEFAULT_USER_ROLE } from './permissions';
import { RolesService } from './roles.service';
import { UserEntity } from './user.entity';
import { EmailTakenError, InvalidPasswordError, UsernameTakenError } from './users.errors';
import { NewUserRow, UsersRepository } from './users.repository';

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
    private readonly users: UsersRepository,
    private readonly roles: RolesService,
    private readonly hasher: PasswordHasher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Inserts the user, or throws UsernameTakenError / EmailTakenError (409). */
  async insert(input: NewUser): Promise<UserEntity> {
    const id = await this.insertUnlessTaken(input);
    if (!id) throw await this.whichIsTaken(input);
    return this.users.getById(id);
  }

  /**
   * Race-safe: the unique indexes decide (UsersRepository.insertUnlessTaken). Returns the new
   * id, or undefined when the username or email is taken.
   */
  async insertUnlessTaken(input: NewUser): Promise<string | undefined> {
    return this.users.insertUnlessTaken(await this.prepare(input));
  }

  private async whichIsTaken(input: NewUser): Promise<UsernameTakenError | EmailTakenError> {
    const sameName = await this.users.usernameTaken(input.username);
    return sameName ? new UsernameTakenError() : new EmailTakenError();
  }

  /**
   * Checks the password rules and the roles, hashes the password, normalises the email (before
   * the unique index compares it): a row ready to insert.
   */
  private async prepare(input: NewUser): Promise<NewUserRow> {
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
      attributes: {},
      createdAt: now,
      updatedAt: now,
    };
  }
}
