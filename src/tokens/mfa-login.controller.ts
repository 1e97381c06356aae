import { Body, Controller, Header, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Public } from '@warden/nest-auth';
import { ApiUnavailableError, RETRY_AFTER_HEADER } from '../common/api-error.decorator';
import { ErrorResponseDto } from '../common/error-response.dto';
import { ThrottleAuth } from '../common/throttle-auth.decorator';
import type { SecondFactorProof } from '../mfa/second-factor.service';
import { ClientRequest, contextOf } from './session-context';
import { LoginMfaDto } from './dto/login-mfa.dto';
import { TokenResponseDto } from './dto/token-response.dto';
import { SessionService } from './session.service';
import type { TokenResponse } from './token-response';

/** The second step of a login with two-factor sign-in (docs/architecture.md §5). */
@ApiTags('session')
@ApiUnavailableError()
@Controller('auth')
export class MfaLoginController {
  constructor(private readonly sessions: SessionService) {}

  @Post('login/mfa')
  @Public()
  @ThrottleAuth()
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary: 'Finish a login with the code of the authenticator app, or a recovery code',
    description:
      'The `mfa_token` comes from the 401 `mfa_required` answer of `POST /auth/login`: single ' +
      'use, for 5 minutes. A code is accepted once; wrong codes count towards the lockout, and ' +
      'five spend the `mfa_token`.',
  })
  // One example per factor: a body naming both is refused (400), so no example may.
  @ApiBody({
    type: LoginMfaDto,
    examples: {
      code: {
        summary: 'With the code of the authenticator app',
        value: { mfa_token: 'sWq1Ybq0m3Qv0pJx2cQ0kq9mH3n2G8fYtV3rA7uPzD5', code: '123456' },
      },
      recovery_code: {
        summary: 'With a recovery code',
        value: {
          mfa_token: 'sWq1Ybq0m3Qv0pJx2cQ0kq9mH3n2G8fYtV3rA7uPzD5',
          recovery_code: 'K7QX-M2PA-7VTR-4HCE',
        },
      },
    },
  })
  @ApiOkResponse({ description: 'A new session', type: TokenResponseDto })
  @ApiBadRequestResponse({
    description: 'Invalid body: neither or both of `code` and `recovery_code`',
    type: ErrorResponseDto,
  })
  @ApiUnauthorizedResponse({
    description:
      'A wrong, replayed or used code (`ERR_INVALID_MFA_CODE`), or an unknown, expired or ' +
      'spent `mfa_token` (`ERR_MFA_TOKEN_INVALID`: log in again)',
    type: ErrorResponseDto,
    example: {
      statusCode: 401,
      error: 'Unauthorized',
      code: 'ERR_INVALID_MFA_CODE',
      message: 'Invalid authentication code',
    },
  })
  @ApiTooManyRequestsResponse({
    description: 'Too many failures: the account is locked (`ERR_ACCOUNT_LOCKED`, Retry-After)',
    type: ErrorResponseDto,
    headers: RETRY_AFTER_HEADER,
  })
  @ApiUnavailableError({ signs: true })
  loginWithSecondFactor(
    @Body() body: LoginMfaDto,
    @Req() request: ClientRequest,
  ): Promise<TokenResponse> {
    return this.sessions.loginWithSecondFactor(body.mfa_token, proofOf(body), contextOf(request));
  }
}

/** The DTO has checked that exactly one is present. */
export function proofOf(body: { code?: string; recovery_code?: string }): SecondFactorProof {
  return body.code !== undefined ? { code: body.code } : { recoveryCode: body.recovery_code ?? '' };
}
