import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApisModule } from '../apis/apis.module';
import { KeysModule } from '../keys/keys.module';
import { MfaModule } from '../mfa/mfa.module';
import { REVOCATION_CHECKER } from '@warden/nest-auth';
import { UsersModule } from '../users/users.module';
import { AccessTokenIssuer } from './access-token.issuer';
import { AuthController } from './auth.controller';
import { MfaLoginController } from './mfa-login.controller';
import { RefreshTokenEntity } from './refresh-token.entity';
import { RefreshTokenService } from './refresh-token.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { RevocationService } from './revocation.service';
import { RevokedTokenEntity } from './revoked-token.entity';
import { RevokedTokensRepository } from './revoked-tokens.repository';
import { SessionService } from './session.service';
import { SessionStarter } from './session-starter';
import { TokenPurgeJob } from './token-purge.job';

/**
 * Issuing and refreshing tokens, revocation, and the `/auth` session routes. Exports the issuer
 * and the session service (for the OAuth grants) and REVOCATION_CHECKER (for PolicyModule).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([RefreshTokenEntity, RevokedTokenEntity]),
    KeysModule,
    UsersModule,
    ApisModule,
    MfaModule,
  ],
  controllers: [AuthController, MfaLoginController],
  providers: [
    AccessTokenIssuer,
    RefreshTokensRepository,
    RefreshTokenService,
    RevokedTokensRepository,
    RevocationService,
    { provide: REVOCATION_CHECKER, useExisting: RevocationService },
    SessionService,
    SessionStarter,
    TokenPurgeJob,
  ],
  exports: [
    AccessTokenIssuer,
    RefreshTokenService,
    RevocationService,
    SessionService,
    SessionStarter,
    REVOCATION_CHECKER,
  ],
})
export class TokensModule {}
