import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { MfaModule } from '../mfa/mfa.module';
import { OAuthModule } from '../tokens/oauth/oauth.module';
import { TokensModule } from '../tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { AuthorizationService } from './authorization.service';
import { AuthorizeController } from './authorize.controller';
import { HostedLoginService } from './hosted-login.service';
import { HostedReplies } from './hosted-request';
import { LogoutController } from './logout.controller';
import { OidcCoreModule } from './oidc-core.module';
import { PageExceptionFilter } from './page-exception.filter';
import { PageRenderer } from './pages/page-renderer.service';
import { UserInfoController } from './userinfo.controller';

/**
 * The OpenID provider's browser side (docs/architecture.md §3 "Sign in with Warden"): the
 * authorization endpoint and its hosted pages, single sign-on, UserInfo and RP-initiated
 * logout. The authorization_code grant itself is the token endpoint's (OAuthModule).
 */
@Module({
  imports: [OidcCoreModule, OAuthModule, TokensModule, UsersModule, MfaModule, KeysModule],
  controllers: [AuthorizeController, LogoutController, UserInfoController],
  providers: [
    AuthorizationService,
    HostedLoginService,
    HostedReplies,
    PageRenderer,
    PageExceptionFilter,
  ],
})
export class OidcModule {}
