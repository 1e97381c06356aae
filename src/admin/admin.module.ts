import { Module } from '@nestjs/common';
import { AuditAdminController } from '../audit/audit-admin.controller';
import { ClientsController } from '../tokens/clients/clients.controller';
import { OAuthModule } from '../tokens/oauth/oauth.module';
import { TokensModule } from '../tokens/tokens.module';
import { RolesAdminController } from '../users/roles-admin.controller';
import { UsersAdminController } from '../users/users-admin.controller';
import { UsersModule } from '../users/users.module';
import { CallerAuthorityService } from './caller-authority.service';
import { EscalationPolicyService } from './escalation-policy.service';
import { UserAdministrationService } from './user-administration.service';

/**
 * The administration API of DESIGN.md §5: `/users`, `/roles`, `/clients` and `/audit` (the
 * `/keys` routes are KeysModule's). The controllers live in their feature folders; they are
 * composed here because user administration needs both UsersModule and TokensModule, and
 * TokensModule already imports UsersModule, and because every grant is held against the
 * caller's authority, which reads users and clients (OAuthModule). AuditService comes from the
 * global AuditModule.
 */
@Module({
  imports: [UsersModule, TokensModule, OAuthModule],
  controllers: [
    UsersAdminController,
    RolesAdminController,
    ClientsController,
    AuditAdminController,
  ],
  providers: [UserAdministrationService, CallerAuthorityService, EscalationPolicyService],
})
export class AdminModule {}
