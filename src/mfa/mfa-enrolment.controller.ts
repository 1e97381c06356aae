import {
  Body,
  Controller,
  Delete,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CurrentUser, Public, TokenMissingError, type Principal } from '@warden/nest-auth';
import { RequiresAuth } from '@warden/nest-auth/swagger';
import {
  ApiErrorResponse,
  ApiTokenErrors,
  ApiUnavailableError,
  RETRY_AFTER_HEADER,
} from '../common/api-error.decorator';
import { ErrorResponseDto } from '../common/error-response.dto';
import { ThrottleAuth } from '../common/throttle-auth.decorator';
import { ClientRequest, contextOf } from '../tokens/session-context';
import { requireUserToken } from '../tokens/user-token.check';
import { DisableTotpDto } from './dto/disable-totp.dto';
import { TotpCodeDto } from './dto/totp-code.dto';
import { RecoveryCodesDto, TotpEnrolmentDto } from './dto/totp-enrolment.dto';
import { EnrolmentTokenGuard } from './enrolment-token.guard';
import { MfaEnrolmentService, TotpEnrolment } from './mfa-enrolment.service';

const WRONG_CODE = {
  description: 'The code is not the current one of the secret (`ERR_INVALID_MFA_CODE`)',
  type: ErrorResponseDto,
  example: {
    statusCode: 401,
    error: 'Unauthorized',
    code: 'ERR_INVALID_MFA_CODE',
    message: 'Invalid authentication code',
  },
};

const USER_TOKEN_REQUIRED = {
  description: "A service or delegated token: only the user's own access token enrols",
  type: ErrorResponseDto,
  example: {
    statusCode: 403,
    error: 'Forbidden',
    code: 'ERR_USER_TOKEN_REQUIRED',
    message: "This route needs a user's own access token",
    accepted: ['access'],
  },
};

/**
 * The caller's own TOTP factor (RFC 6238; docs/architecture.md §3 "Two-factor sign-in"). Start
 * and confirm also take the enrolment token a user of an MFA_REQUIRED_ROLES role gets before
 * enrolling; disabling needs a full session and the password plus a current code.
 */
@ApiTags('two-factor')
@ApiUnavailableError()
@ApiForbiddenResponse(USER_TOKEN_REQUIRED)
@Controller('auth/mfa/totp')
export class MfaEnrolmentController {
  constructor(private readonly enrolment: MfaEnrolmentService) {}

  @Post()
  @Public()
  @UseGuards(EnrolmentTokenGuard)
  @ApiBearerAuth()
  @ApiTokenErrors()
  @HttpCode(HttpStatus.OK)
  // The secret is shown once: no cache may keep it.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Start enrolling an authenticator app: a new secret, its otpauth URI and QR code',
    description:
      'Scan `qr_code` (or type `secret`), then confirm with the first code. Starting again ' +
      'before confirming replaces the secret.',
  })
  @ApiOkResponse({ type: TotpEnrolmentDto })
  @ApiConflictResponse(conflict('ERR_MFA_ALREADY_ENABLED', 'already enabled'))
  start(
    @CurrentUser() principal: Principal | undefined,
    @Req() request: ClientRequest,
  ): Promise<TotpEnrolment> {
    return this.enrolment.start(callerOf(principal), contextOf(request));
  }

  @Post('confirm')
  @Public()
  @UseGuards(EnrolmentTokenGuard)
  @ThrottleAuth()
  @ApiBearerAuth()
  @ApiTokenErrors()
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Confirm the enrolment with a first code; returns 10 single-use recovery codes',
    description: 'The recovery codes are shown this once: store them somewhere safe.',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiBadRequestResponse({ description: 'Not a 6-digit code', type: ErrorResponseDto })
  @ApiUnauthorizedResponse(WRONG_CODE)
  @ApiConflictResponse(conflict('ERR_MFA_NOT_STARTED', 'not started, or already enabled'))
  confirm(
    @CurrentUser() principal: Principal | undefined,
    @Body() body: TotpCodeDto,
    @Req() request: ClientRequest,
  ): Promise<{ recovery_codes: string[] }> {
    return this.enrolment.confirm(callerOf(principal), body.code, contextOf(request));
  }

  @Delete()
  @ApiTokenErrors()
  @RequiresAuth()
  @ThrottleAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Turn two-factor sign-in off, with the password and a current code',
  })
  @ApiNoContentResponse({ description: 'Off: the next login asks for the password only' })
  @ApiBadRequestResponse({ description: 'Invalid body', type: ErrorResponseDto })
  @ApiErrorResponse(
    HttpStatus.UNAUTHORIZED,
    'Wrong password (`ERR_INVALID_CREDENTIALS`) or code (`ERR_INVALID_MFA_CODE`): both count ' +
      'towards the lockout',
    { code: 'ERR_INVALID_MFA_CODE', message: 'Invalid authentication code' },
  )
  @ApiTooManyRequestsResponse({
    description: 'Too many failures: the account is locked (Retry-After)',
    type: ErrorResponseDto,
    headers: RETRY_AFTER_HEADER,
  })
  @ApiConflictResponse(conflict('ERR_MFA_NOT_ENABLED', 'not enabled'))
  async disable(
    @CurrentUser() principal: Principal | undefined,
    @Body() body: DisableTotpDto,
    @Req() request: ClientRequest,
  ): Promise<void> {
    await this.enrolment.disable(callerOf(principal), body.password, body.code, contextOf(request));
  }
}

/** The user's id: their own access token only (not a service or delegated token). */
function callerOf(principal: Principal | undefined): string {
  if (principal === undefined) throw new TokenMissingError('no principal on the request');
  return requireUserToken(principal, ['access']).sub;
}

function conflict(code: string, what: string): Record<string, unknown> {
  return {
    description: `Two-factor sign-in ${what} (\`${code}\`)`,
    type: ErrorResponseDto,
  };
}
