import { requestedAudiences } from '../apis/token-target';
import { Body, Controller, Get, Header, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  ApiTokenErrors,
  ApiUnavailableError,
  RETRY_AFTER_HEADER,
} from '../common/api-error.decorator';
import { ErrorResponseDto } from '../common/error-response.dto';
import { ThrottleAuth } from '../common/throttle-auth.decorator';
import { CurrentUser, Public, TokenMissingError } from '@warden/nest-auth';
import type { Principal } from '@warden/nest-auth';
import { RequiresAuth } from '@warden/nest-auth/swagger';
import { PublicUserDto } from '../users/dto/public-user.dto';
import type { PublicUser } from '../users/public-user';
import { UsersService } from '../users/users.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { LogoutDto } from './dto/logout.dto';
import { MessageDto } from './dto/message.dto';
import { RefreshDto } from './dto/refresh.dto';
import { EnrolmentTokenResponseDto, TokenResponseDto } from './dto/token-response.dto';
import { SessionService } from './session.service';
import { ClientRequest, contextOf } from './session-context';
import type { EnrolmentTokenResponse, TokenResponse } from './token-response';
import { requireUserToken, USER_TOKEN_USES } from './user-token.check';

const INVALID_CREDENTIALS = {
  description:
    'Unknown user, wrong password or inactive account: always this same body. For an account ' +
    'with two-factor sign-in, a right password answers `{"error": "mfa_required", "code": ' +
    '"ERR_MFA_REQUIRED", "mfa_token": "...", "expires_in": 300}`: go on at `POST /auth/login/mfa`',
  type: ErrorResponseDto,
  example: {
    statusCode: 401,
    error: 'Unauthorized',
    code: 'ERR_INVALID_CREDENTIALS',
    message: 'Invalid credentials',
  },
};

const BAD_REFRESH_TOKEN = {
  description:
    'Unknown, expired or revoked refresh token (`ERR_REFRESH_TOKEN_INVALID`), or one already ' +
    'used (`ERR_REFRESH_TOKEN_REUSED`: its whole session is revoked)',
  type: ErrorResponseDto,
  example: {
    statusCode: 401,
    error: 'Unauthorized',
    code: 'ERR_REFRESH_TOKEN_REUSED',
    message: 'The refresh token was already used; the session has been revoked',
  },
};

const USER_TOKEN_REQUIRED = {
  description: 'A service token (client credentials): these routes are about a user account',
  type: ErrorResponseDto,
  example: {
    statusCode: 403,
    error: 'Forbidden',
    code: 'ERR_USER_TOKEN_REQUIRED',
    message: "This route needs a user's own access token",
    accepted: ['access', 'delegated'],
  },
};

const BAD_BODY = {
  description: 'Invalid body (`errors`: one entry per failed rule) or unknown field',
  type: ErrorResponseDto,
  example: {
    statusCode: 400,
    error: 'Bad Request',
    code: 'ERR_VALIDATION',
    message: 'password must be a string',
    errors: [{ field: 'password', message: 'password must be a string' }],
  },
};

/**
 * Sessions: login, refresh, logout, the caller's account and password (docs/architecture.md §5).
 */
@ApiTags('session')
@ApiUnavailableError()
@Controller('auth')
export class AuthController {
  constructor(
    private readonly sessions: SessionService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @Public()
  @ThrottleAuth()
  @HttpCode(HttpStatus.OK)
  // RFC 6749 §5.1: responses carrying tokens must not be cached.
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ summary: 'Log in with a username or email and a password' })
  // One example per way in: a body naming both is refused (400), so no example may.
  @ApiBody({
    type: LoginDto,
    examples: {
      username: {
        summary: 'With the username',
        value: { username: 'ada.lovelace', password: 'correct horse battery staple' },
      },
      email: {
        summary: 'With the email address',
        value: { email: 'ada@example.com', password: 'correct horse battery staple' },
      },
    },
  })
  @ApiExtraModels(TokenResponseDto, EnrolmentTokenResponseDto)
  @ApiOkResponse({
    description:
      'A new session; or, for a user whose role requires a second factor not yet enrolled ' +
      '(MFA_REQUIRED_ROLES), only a token for the enrolment routes',
    schema: {
      oneOf: [
        { $ref: getSchemaPath(TokenResponseDto) },
        { $ref: getSchemaPath(EnrolmentTokenResponseDto) },
      ],
    },
  })
  @ApiBadRequestResponse(BAD_BODY)
  @ApiUnauthorizedResponse(INVALID_CREDENTIALS)
  @ApiTooManyRequestsResponse({
    description:
      'Too many failed logins for this account (`ERR_ACCOUNT_LOCKED`) or too many requests from ' +
      'this address; Retry-After gives the seconds to wait',
    type: ErrorResponseDto,
    headers: RETRY_AFTER_HEADER,
    example: {
      statusCode: 429,
      error: 'Too Many Requests',
      code: 'ERR_ACCOUNT_LOCKED',
      message: 'Too many failed logins; try again later',
      retryAfter: 900,
    },
  })
  @ApiUnavailableError({ signs: true })
  login(
    @Body() body: LoginDto,
    @Req() request: ClientRequest,
  ): Promise<TokenResponse | EnrolmentTokenResponse> {
    const login = body.username ?? body.email ?? '';
    return this.sessions.login(login, body.password, contextOf(request), {
      audiences: requestedAudiences(body.audience),
    });
  }

  @Post('refresh')
  @Public()
  @ThrottleAuth()
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({ summary: 'Spend a refresh token for a new token pair' })
  @ApiOkResponse({
    description: 'The new pair (the old refresh token is spent)',
    type: TokenResponseDto,
  })
  @ApiBadRequestResponse(BAD_BODY)
  @ApiUnauthorizedResponse(BAD_REFRESH_TOKEN)
  @ApiUnavailableError({ signs: true })
  refresh(@Body() body: RefreshDto, @Req() request: ClientRequest): Promise<TokenResponse> {
    return this.sessions.refresh(body.refresh_token, contextOf(request), {
      audiences: requestedAudiences(body.audience),
    });
  }

  @Post('logout')
  @ApiTokenErrors()
  @RequiresAuth()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'End the session: the access token and its refresh family stop working at once',
    description:
      'With a delegated token (RFC 8693), only that token ends: the session it was delegated ' +
      "from is the user's, and the refresh_token field is not used.",
  })
  @ApiBody({ type: LogoutDto, required: false })
  @ApiOkResponse({ type: MessageDto })
  @ApiBadRequestResponse(BAD_BODY)
  @ApiForbiddenResponse(USER_TOKEN_REQUIRED)
  async logout(
    @CurrentUser() principal: Principal | undefined,
    @Body() body: LogoutDto,
    @Req() request: ClientRequest,
  ): Promise<MessageDto> {
    const caller = requireUserToken(authenticated(principal), USER_TOKEN_USES);
    await this.sessions.logout(caller, body.refresh_token, contextOf(request));
    return { message: 'Logged out' };
  }

  @Get('me')
  @ApiTokenErrors()
  @RequiresAuth()
  @ApiOperation({ summary: 'The account of the access token' })
  @ApiOkResponse({ type: PublicUserDto })
  @ApiForbiddenResponse(USER_TOKEN_REQUIRED)
  me(@CurrentUser() principal: Principal | undefined): Promise<PublicUser> {
    return this.users.getById(requireUserToken(authenticated(principal), USER_TOKEN_USES).sub);
  }

  @Post('password')
  @ApiTokenErrors()
  @RequiresAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Change the password; every session and access token of the account is revoked',
  })
  @ApiNoContentResponse({ description: 'Changed; log in again with the new password' })
  @ApiForbiddenResponse({
    ...USER_TOKEN_REQUIRED,
    description: 'A service or delegated token: only the user changes its password',
    example: { ...USER_TOKEN_REQUIRED.example, accepted: ['access'] },
  })
  @ApiBadRequestResponse({
    description: 'Invalid body, or a new password that breaks the rules',
    type: ErrorResponseDto,
    example: {
      statusCode: 400,
      error: 'Bad Request',
      code: 'ERR_INVALID_PASSWORD',
      message: 'password must not equal the username',
      field: 'newPassword',
    },
  })
  @ApiTooManyRequestsResponse({
    description: 'Too many wrong current passwords: the account is locked (Retry-After)',
    type: ErrorResponseDto,
    headers: RETRY_AFTER_HEADER,
  })
  async changePassword(
    @CurrentUser() principal: Principal | undefined,
    @Body() body: ChangePasswordDto,
    @Req() request: ClientRequest,
  ): Promise<void> {
    // The user's own act: not a service token, nor a client acting for the user.
    const { sub } = requireUserToken(authenticated(principal), ['access']);
    await this.sessions.changePassword(
      sub,
      body.currentPassword,
      body.newPassword,
      contextOf(request),
    );
  }
}

/** The guard sets the principal; without one (no guard in this app), nothing is allowed. */
function authenticated(principal: Principal | undefined): Principal {
  if (principal === undefined) throw new TokenMissingError('no principal on the request');
  return principal;
}
