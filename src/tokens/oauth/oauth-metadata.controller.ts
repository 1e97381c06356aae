import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '../../config';
import { Public } from '@warden/nest-auth';
import { MFA_GRANT_TYPE, SUPPORTED_GRANT_TYPES } from '../clients/service-client';
import { AuthorizationServerMetadataDto } from './dto/authorization-server-metadata.dto';

const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'];

/**
 * RFC 8414 authorization server metadata, so standard clients configure themselves. Every URL
 * derives from JWT_ISSUER, which must be the service's public base URL (§3.3: the `issuer`
 * must equal the URL the metadata was fetched from, less the well-known suffix).
 */
@ApiTags('oauth')
@Public()
@Controller('.well-known')
export class OAuthMetadataController {
  private readonly metadata: AuthorizationServerMetadataDto;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const issuer = config.jwt.issuer;
    const base = issuer.replace(/\/+$/, '');
    this.metadata = {
      issuer,
      jwks_uri: `${base}/.well-known/jwks.json`,
      token_endpoint: `${base}/oauth/token`,
      introspection_endpoint: `${base}/oauth/introspect`,
      revocation_endpoint: `${base}/oauth/revoke`,
      grant_types_supported: [...SUPPORTED_GRANT_TYPES, MFA_GRANT_TYPE],
      token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      // No authorization endpoint: no response type is supported.
      response_types_supported: [],
    };
  }

  @Get('oauth-authorization-server')
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({ summary: 'RFC 8414 authorization server metadata' })
  @ApiOkResponse({ type: AuthorizationServerMetadataDto })
  authorizationServer(): AuthorizationServerMetadataDto {
    return this.metadata;
  }
}
