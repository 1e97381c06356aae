import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountController } from './account.controller';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { CredentialsService } from './credentials.service';
import { LoginFailuresRepository } from './login-throttle/login-failures.repository';
import { LoginFailuresPurgeJob } from './login-throttle/login-failures-purge.job';
import { LoginThrottleService } from './login-throttle/login-throttle.service';
import { PasswordHasher } from './password/password.hasher';
import { RoleEntity } from './role.entity';
import { RoleCacheService } from './role-cache.service';
import { RolesService } from './roles.service';
import { UserEntity } from './user.entity';
import { UserInserter } from './user.inserter';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Users, roles, passwords and credentials; the registration route. */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, RoleEntity])],
  controllers: [AccountController],
  providers: [
    UsersService,
    UsersRepository,
    UserInserter,
    RolesService,
    RoleCacheService,
    CredentialsService,
    PasswordHasher,
    AdminBootstrapService,
    LoginFailuresRepository,
    LoginThrottleService,
    LoginFailuresPurgeJob,
  ],
  exports: [UsersService, RolesService, CredentialsService, PasswordHasher, LoginThrottleService],
})
export class UsersModule {}
