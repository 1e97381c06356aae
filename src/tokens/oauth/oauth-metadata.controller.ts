import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '../../config';
import { Public } from '@warden/nest-auth';
import { providerMetadata } from '../../oidc/provider-metadata';
import { AuthorizationServerMetadataDto } from './dto/authorization-server-metadata.dto';

/**
 * RFC 8414 authorization server metadata and OIDC Discovery 1.0, so standard clients configure
 * themselves: the same document under both names (src/oidc/provider-metadata.ts).
 */
@ApiTags('oauth')
@Public()
@Controller('.well-known')
export class OAuthMetadataController {
  private readonly metadata: AuthorizationServerMetadataDto;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.metadata = providerMetadata(config);
  }

  @Get('oauth-authorization-server')
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({ summary: 'RFC 8414 authorization server metadata' })
  @ApiOkResponse({ type: AuthorizationServerMetadataDto })
  authorizationServer(): AuthorizationServerMetadataDto {
    return this.metadata;
  }

  @Get('openid-configuration')
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOperation({ summary: 'OpenID Connect Discovery 1.0 provider metadata' })
  @ApiOkResponse({ type: AuthorizationServerMetadataDto })
  openidConfiguration(): AuthorizationServerMetadataDto {
    return this.metadata;
  }
}
