import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiUnavailableError } from '../common/api-error.decorator';
import { ErrorResponseDto } from '../common/error-response.dto';
import { ThrottleAuth } from '../common/throttle-auth.decorator';
import { Public } from '@warden/nest-auth';
import { PublicUserDto } from './dto/public-user.dto';
import { RegisterDto } from './dto/register.dto';
import { PublicUser } from './public-user';
import { UsersService } from './users.service';

const PASSWORD_TOO_LONG =
  'password must be at most 72 bytes of UTF-8 (bcrypt ignores anything past byte 72); this one is 73 bytes';

/** Self-service account routes. Login and the session routes live in the tokens module. */
@ApiTags('account')
@ApiUnavailableError()
@Controller('auth')
export class AccountController {
  constructor(private readonly users: UsersService) {}

  @Post('register')
  @Public()
  @ThrottleAuth()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create an account (role `user`)' })
  @ApiCreatedResponse({ description: 'The new user', type: PublicUserDto })
  @ApiBadRequestResponse({
    description:
      'Invalid body (`errors`: one entry per failed rule), unknown field, or unacceptable password',
    type: ErrorResponseDto,
    example: {
      statusCode: 400,
      error: 'Bad Request',
      code: 'ERR_VALIDATION',
      message: PASSWORD_TOO_LONG,
      errors: [{ field: 'password', message: PASSWORD_TOO_LONG }],
    },
  })
  @ApiConflictResponse({
    description: 'The username or the email (in any letter case) is taken',
    type: ErrorResponseDto,
    example: {
      statusCode: 409,
      error: 'Conflict',
      code: 'ERR_USERNAME_TAKEN',
      message: 'Username already taken',
      field: 'username',
    },
  })
  @ApiForbiddenResponse({
    description: 'Registration is disabled (REGISTRATION_ENABLED=false)',
    type: ErrorResponseDto,
    example: {
      statusCode: 403,
      error: 'Forbidden',
      code: 'ERR_REGISTRATION_DISABLED',
      message: 'Registration is disabled',
    },
  })
  register(@Body() body: RegisterDto, @Req() request: { ip?: string }): Promise<PublicUser> {
    return this.users.register(body, { ip: request.ip });
  }
}
