import { Module } from '@nestjs/common';
import { AuditAdminController } from '../audit/audit-admin.controller';
import { TokensModule } from '../tokens/tokens.module';
import { RolesAdminController } from '../users/roles-admin.controller';
import { UsersAdminController } from '../users/users-admin.controller';
import { UsersModule } from '../users/users.module';
import { UserAdministrationService } from './user-administration.service';

/**
 * The administration API of DESIGN.md §5: `/users`, `/roles` and `/audit` (the `/keys` routes
 * are KeysModule's). The controllers live in their feature folders; they are composed here
 * because user administration needs both UsersModule and TokensModule, and TokensModule
 * already imports UsersModule. AuditService comes from the global AuditModule.
 */
@Module({
  imports: [UsersModule, TokensModule],
  controllers: [UsersAdminController, RolesAdminController, AuditAdminController],
  providers: [UserAdministrationService],
})
export class AdminModule {}
