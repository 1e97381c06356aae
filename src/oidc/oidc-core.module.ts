import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { TokensModule } from '../tokens/tokens.module';
import { UsersModule } from '../users/users.module';
import { AuthorizationCodeService } from './authorization-code.service';
import { AuthorizationCodesRepository } from './authorization-codes.repository';
import { BrowserSessionService } from './browser-session.service';
import { BrowserSessionsRepository } from './browser-sessions.repository';
import { ConsentsRepository } from './consents.repository';
import { IdTokenIssuer } from './id-token.issuer';
import { OidcPurgeJob } from './oidc-purge.job';

/**
 * What the OpenID provider's routes and the token endpoint's authorization_code grant share:
 * codes, single sign-on sessions, consents and ID tokens. No routes (OidcModule has them), so
 * OAuthModule can import it without a cycle.
 */
@Module({
  imports: [TokensModule, UsersModule, KeysModule],
  providers: [
    AuthorizationCodesRepository,
    AuthorizationCodeService,
    BrowserSessionsRepository,
    BrowserSessionService,
    ConsentsRepository,
    IdTokenIssuer,
    OidcPurgeJob,
  ],
  exports: [AuthorizationCodeService, BrowserSessionService, ConsentsRepository, IdTokenIssuer],
})
export class OidcCoreModule {}
