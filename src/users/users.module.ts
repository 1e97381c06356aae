import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountController } from './account.controller';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { CredentialsService } from './credentials.service';
import { PasswordHasher } from './password/password.hasher';
import { RoleEntity } from './role.entity';
import { RolesService } from './roles.service';
import { UserEntity } from './user.entity';
import { UserInserter } from './user.inserter';
import { UsersService } from './users.service';

/** Users, roles, passwords and credentials; the registration route. */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, RoleEntity])],
  controllers: [AccountController],
  providers: [
    UsersService,
    UserInserter,
    RolesService,
    CredentialsService,
    PasswordHasher,
    AdminBootstrapService,
  ],
  exports: [UsersService, RolesService, CredentialsService, PasswordHasher],
})
export class UsersModule {}
