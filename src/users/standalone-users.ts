import { DataSource } from 'typeorm';
import type { Clock } from '@warden/nest-auth';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config';
import { PasswordHasher } from './password/password.hasher';
import { RoleEntity } from './role.entity';
import { RolesService } from './roles.service';
import { UserEntity } from './user.entity';
import { UserInserter } from './user.inserter';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** The tables UsersService reads and writes. */
export const USERS_ENTITIES = [UserEntity, RoleEntity];

/**
 * UsersService as UsersModule's injector builds it, for a command-line tool: the same rules and
 * audit trail, without starting a Nest application (nor the module's bootstrap and jobs).
 */
export function standaloneUsersService(
  dataSource: DataSource,
  config: AppConfig,
  clock: Clock,
  audit: AuditService,
): UsersService {
  const users = new UsersRepository(dataSource);
  const roles = new RolesService(dataSource.getRepository(RoleEntity), audit);
  const hasher = new PasswordHasher(config);
  const inserter = new UserInserter(users, roles, hasher, clock);
  return new UsersService(users, roles, inserter, hasher, audit, config, clock);
}
