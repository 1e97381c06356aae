import { Controller, Get, Header, HttpCode, HttpStatus, Post } from '@nestjs/common';

import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import {
  CurrentUser,
  InsufficientScopeError,
  TokenInvalidError,
  TokenMissingError,
  type Principal,
} from '@warden/nest-auth';
import { RequiresAuth } from '@warden/nest-auth/swagger';
import {
  ApiErrorResponse,
  ApiTokenErrors,
  ApiUnavailableError,
} from '../common/api-error.decorator';
import { requireUserToken } from '../tokens/user-token.check';
import { UsersService } from '../users/users.service';
import { scopeIncludes } from './oidc-scope';

/** 403 of a token without the openid scope, or not a user's own (OIDC Core §5.3.3). */
const NoOpenIdScope = () =>
  ApiErrorResponse(
    HttpStatus.FORBIDDEN,
    '`WWW-Authenticate: Bearer error="insufficient_scope"`: the token was not granted `openid`, ' +
      "or is not a user's own access token (`ERR_USER_TOKEN_REQUIRED`)",
    {
      code: 'ERR_INSUFFICIENT_SCOPE',
      message: 'Insufficient roles or permissions',
      required: { scope: ['openid'] },
    },
  );

/** OIDC Core §5.3.2: the claims of the scopes the access token was granted. */
export class UserInfoDto {
  @ApiProperty({ description: 'The user id, as the ID token says' })
  sub!: string;

  @ApiPropertyOptional({ description: 'With the profile scope' })
  preferred_username?: string;

  @ApiPropertyOptional({ description: 'With the profile scope' })
  name?: string;

  @ApiPropertyOptional({ description: 'With the email scope' })
  email?: string;

  @ApiPropertyOptional({ description: 'With the email scope; Warden does not verify addresses' })
  email_verified?: boolean;
}

/**
 * The UserInfo endpoint (OIDC Core §5.3): GET or POST with the access token of a code grant
 * that included `openid` (RFC 6750 §2.1 header). A token without it is 403 insufficient_scope
 * (§5.3.3); a user deleted or deactivated since is 401 invalid_token.
 */
@ApiTags('oidc')
@ApiUnavailableError()
@Controller('userinfo')
export class UserInfoController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiTokenErrors()
  @RequiresAuth()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'OIDC UserInfo: claims about the signed-in user' })
  @ApiOkResponse({ type: UserInfoDto })
  @NoOpenIdScope()
  get(@CurrentUser() principal: Principal | undefined): Promise<UserInfoDto> {
    return this.userInfo(principal);
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiTokenErrors()
  @RequiresAuth()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'OIDC UserInfo, by POST (OIDC Core §5.3.1)' })
  @ApiOkResponse({ type: UserInfoDto })
  @NoOpenIdScope()
  post(@CurrentUser() principal: Principal | undefined): Promise<UserInfoDto> {
    return this.userInfo(principal);
  }

  private async userInfo(principal: Principal | undefined): Promise<UserInfoDto> {
    if (principal === undefined) throw new TokenMissingError('no principal on the request');
    const caller = requireUserToken(principal, ['access']);
    const scope = typeof caller.claims.scope === 'string' ? caller.claims.scope : undefined;
    if (!scopeIncludes(scope, 'openid')) throw new InsufficientScopeError({ scope: ['openid'] });
    const user = await this.users.findById(caller.sub);
    if (!user?.isActive) throw new TokenInvalidError('the user is gone');
    return {
      sub: user.id,
      ...(scopeIncludes(scope, 'profile') && {
        preferred_username: user.username,
        name: user.username,
      }),
      ...(scopeIncludes(scope, 'email') && { email: user.email, email_verified: false }),
    };
  }
}
