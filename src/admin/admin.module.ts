import { Module } from '@nestjs/common';
import { ApisModule } from '../apis/apis.module';
import { MfaModule } from '../mfa/mfa.module';
import { OAuthModule } from '../tokens/oauth/oauth.module';
import { TokensModule } from '../tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { ApisAdminController } from './apis/apis-admin.controller';
import { AuditAdminController } from './audit/audit-admin.controller';
import { CallerAuthorityService } from './caller-authority.service';
import { ClientsController } from './clients/clients.controller';
import { EscalationPolicyService } from './escalation-policy.service';
import { RolesAdminController } from './roles/roles-admin.controller';
import { UserAdministrationService } from './users/user-administration.service';
import { UserMfaAdministrationService } from './users/user-mfa-administration.service';
import { UsersAdminController } from './users/users-admin.controller';

/**
 * The administration API of docs/architecture.md §5: `/users`, `/roles`, `/clients`, `/apis`
 * and `/audit` (the `/keys` routes are KeysModule's). It sits above the feature modules because
 * user administration needs UsersModule, TokensModule (which already imports UsersModule) and
 * MfaModule (the reset of a second factor), and because every grant is held against the
 * caller's authority, which reads users and clients (OAuthModule). AuditService comes from the
 * global AuditModule.
 */
@Module({
  imports: [UsersModule, TokensModule, OAuthModule, ApisModule, MfaModule],
  controllers: [
    UsersAdminController,
    RolesAdminController,
    ClientsController,
    AuditAdminController,
    ApisAdminController,
  ],
  providers: [
    UserAdministrationService,
    UserMfaAdministrationService,
    CallerAuthorityService,
    EscalationPolicyService,
  ],
})
export class AdminModule {}
