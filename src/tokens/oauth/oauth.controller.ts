import {
  Body,
  Controller,
  Header,
  Headers,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBasicAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiResponseNoStatusOptions,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { RETRY_AFTER_HEADER } from '../../common/api-error.decorator';
import { ThrottleAuth } from '../../common/throttle-auth.decorator';
import { CLIENT_SECRET_BASIC } from '../../openapi/security-schemes';
import { Public } from '@warden/nest-auth';
import type { SessionContext } from '../session-context';
import { ClientAuthenticatorService } from './client-authenticator.service';
import { IntrospectionResponseDto } from './dto/introspection-response.dto';
import { OAuthErrorDto } from './dto/oauth-error.dto';
import { TOKEN_HINT_REQUEST_EXAMPLES, TOKEN_REQUEST_EXAMPLES } from './dto/oauth-request.examples';
import { OAuthTokenResponseDto } from './dto/oauth-token-response.dto';
import { TokenHintRequestDto } from './dto/token-hint-request.dto';
import { TokenRequestDto } from './dto/token-request.dto';
import { IntrospectionService } from './introspection.service';
import { OAuthBodyPipe } from './oauth-body.pipe';
import { OAuthExceptionFilter } from './oauth-exception.filter';
import { OAuthRevocationService } from './oauth-revocation.service';
import type { OAuthTokenResponse } from './oauth-token-response';
import type { TokenIntrospection } from './token-introspection';
import { TokenGrantsService } from './token-grants.service';

/** RFC 8707 §2 and RFC 8693 §2.1: the parameters a token request may repeat. */
const REPEATABLE_TOKEN_PARAMETERS = ['resource', 'audience'];

interface ClientRequest {
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

const INVALID_CLIENT = {
  description: 'Client authentication failed (`WWW-Authenticate: Basic realm="warden"`)',
  type: OAuthErrorDto,
  example: { error: 'invalid_client', error_description: 'Client authentication failed' },
};

/**
 * OAuthExceptionFilter: RFC 6749 §5.2 has no code for "later", so 429 and 503 both answer
 * `temporarily_unavailable`, with Retry-After. The 429's description is ThrottleAuth's.
 */
const THROTTLED: ApiResponseNoStatusOptions = {
  description: 'As an RFC 6749 §5.2 error, `temporarily_unavailable`',
  type: OAuthErrorDto,
  headers: RETRY_AFTER_HEADER,
  example: {
    error: 'temporarily_unavailable',
    error_description: 'ThrottlerException: Too Many Requests',
  },
};
const UNAVAILABLE: ApiResponseNoStatusOptions = {
  description:
    'The database is unreachable, or no signing key is loaded yet: `temporarily_unavailable`; ' +
    'try again after Retry-After seconds',
  type: OAuthErrorDto,
  headers: RETRY_AFTER_HEADER,
  example: {
    error: 'temporarily_unavailable',
    error_description: 'The database is unavailable; try again shortly',
  },
};

/**
 * The OAuth 2 endpoints (docs/architecture.md §5). Public to the bearer guard: callers authenticate
 * as clients instead. Errors are RFC 6749 §5.2 bodies (OAuthExceptionFilter); bodies may be
 * form-encoded (§3.2) or JSON.
 */
@ApiTags('oauth')
// client_secret_basic, or no header at all when the body carries the client's credentials.
@ApiSecurity({})
@ApiBasicAuth(CLIENT_SECRET_BASIC)
@ApiServiceUnavailableResponse(UNAVAILABLE)
@Public()
@UseFilters(OAuthExceptionFilter)
@Controller('oauth')
export class OAuthController {
  constructor(
    private readonly clientAuth: ClientAuthenticatorService,
    private readonly grants: TokenGrantsService,
    private readonly introspection: IntrospectionService,
    private readonly revocation: OAuthRevocationService,
  ) {}

  @Post('token')
  @ApiTooManyRequestsResponse(THROTTLED)
  @ThrottleAuth()
  @HttpCode(HttpStatus.OK)
  // RFC 6749 §5.1: responses carrying tokens must not be cached.
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary: 'Token endpoint: password, refresh_token, client_credentials and token exchange',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: TokenRequestDto, examples: TOKEN_REQUEST_EXAMPLES })
  @ApiOkResponse({ type: OAuthTokenResponseDto })
  @ApiBadRequestResponse({
    description:
      'invalid_request, invalid_grant, unauthorized_client, unsupported_grant_type, ' +
      'invalid_scope or invalid_target',
    type: OAuthErrorDto,
  })
  @ApiUnauthorizedResponse(INVALID_CLIENT)
  async token(
    @Body(new OAuthBodyPipe(TokenRequestDto, REPEATABLE_TOKEN_PARAMETERS))
    body: Record<string, unknown>,
    @Headers('authorization') authorization: unknown,
    @Req() request: ClientRequest,
  ): Promise<OAuthTokenResponse> {
    const tokenRequest = body as unknown as TokenRequestDto;
    const client = await this.clientAuth.authenticate(authorization, tokenRequest, {
      endpoint: 'token',
      grantType: tokenRequest.grant_type,
    });
    return this.grants.grant(client, tokenRequest, contextOf(request));
  }

  @Post('introspect')
  @ApiTooManyRequestsResponse(THROTTLED)
  @ThrottleAuth()
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary: 'RFC 7662 introspection: {active: false} for any token that is not valid',
    description: 'Any registered, active client may introspect any token.',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: TokenHintRequestDto, examples: TOKEN_HINT_REQUEST_EXAMPLES })
  @ApiOkResponse({ type: IntrospectionResponseDto })
  @ApiBadRequestResponse({ description: 'invalid_request', type: OAuthErrorDto })
  @ApiUnauthorizedResponse(INVALID_CLIENT)
  async introspect(
    @Body(new OAuthBodyPipe(TokenHintRequestDto)) body: Record<string, unknown>,
    @Headers('authorization') authorization: unknown,
  ): Promise<TokenIntrospection> {
    const hinted = body as unknown as TokenHintRequestDto;
    await this.clientAuth.authenticate(authorization, hinted, { endpoint: 'introspection' });
    return this.introspection.introspect(hinted.token, hinted.token_type_hint);
  }

  @Post('revoke')
  @ApiTooManyRequestsResponse(THROTTLED)
  @ThrottleAuth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'RFC 7009 revocation: 200 with an empty body, also for unknown tokens',
    description:
      "A client revokes only tokens issued to it; another client's token is left alone (200).",
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: TokenHintRequestDto, examples: TOKEN_HINT_REQUEST_EXAMPLES })
  @ApiOkResponse({ description: 'Revoked, or nothing to revoke' })
  @ApiBadRequestResponse({ description: 'invalid_request', type: OAuthErrorDto })
  @ApiUnauthorizedResponse(INVALID_CLIENT)
  async revoke(
    @Body(new OAuthBodyPipe(TokenHintRequestDto)) body: Record<string, unknown>,
    @Headers('authorization') authorization: unknown,
    @Req() request: ClientRequest,
  ): Promise<void> {
    const hinted = body as unknown as TokenHintRequestDto;
    const client = await this.clientAuth.authenticate(authorization, hinted, {
      endpoint: 'revocation',
    });
    await this.revocation.revoke(client, hinted.token, hinted.token_type_hint, contextOf(request));
  }
}

function contextOf(request: ClientRequest): SessionContext {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : undefined };
}
