import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApisModule } from '../../apis/apis.module';
import { KeysModule } from '../../keys/keys.module';
import { UsersModule } from '../../users/users.module';
import { ClientEntity } from '../clients/client.entity';
import { ClientCacheService } from '../clients/client-cache.service';
import { ClientsService } from '../clients/clients.service';
import { TokensModule } from '../tokens.module';
import { AuthorizationCodeTokenGrant } from '../../oidc/authorization-code.grant';
import { OidcCoreModule } from '../../oidc/oidc-core.module';
import { ClientAuthenticatorService } from './client-authenticator.service';
import { IntrospectionService } from './introspection.service';
import { IssuedTokenVerifier } from './issued-token.verifier';
import { OAuthController } from './oauth.controller';
import { OAuthMetadataController } from './oauth-metadata.controller';
import { OAuthRevocationService } from './oauth-revocation.service';
import { SubjectAttributes } from './subject-attributes';
import { TokenExchangeService } from './token-exchange.service';
import { TokenGrantsService } from './token-grants.service';

/**
 * The OAuth 2 surface (docs/architecture.md §5): service clients (their admin routes are
 * AdminModule's), the token, introspection and revocation endpoints, and RFC 8414 metadata.
 * Verifies tokens with the global PolicyModule's WardenAuthService, the same strict verifier
 * as the guard.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ClientEntity]),
    TokensModule,
    UsersModule,
    KeysModule,
    ApisModule,
    OidcCoreModule,
  ],
  controllers: [OAuthController, OAuthMetadataController],
  providers: [
    ClientsService,
    ClientCacheService,
    ClientAuthenticatorService,
    TokenGrantsService,
    AuthorizationCodeTokenGrant,
    TokenExchangeService,
    IntrospectionService,
    IssuedTokenVerifier,
    OAuthRevocationService,
    SubjectAttributes,
  ],
  exports: [ClientsService],
})
export class OAuthModule {}
