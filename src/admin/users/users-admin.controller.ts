import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBody,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiEscalationError } from '../api-escalation-error.decorator';
import { UserAdministrationService } from './user-administration.service';
import { UserMfaAdministrationService } from './user-mfa-administration.service';
import {
  ApiErrorResponse,
  ApiPermissionErrors,
  ApiUnavailableError,
} from '../../common/api-error.decorator';
import { RequestValidationError } from '../../common/errors';
import { CurrentUser } from '@warden/nest-auth';
import type { Principal } from '@warden/nest-auth';
import { Permissions } from '@warden/nest-auth/swagger';
import { ListUsersQueryDto } from './dto/list-users.query.dto';
import { PublicUserDto } from '../../users/dto/public-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UsersPageDto } from './dto/users-page.dto';
import type { PublicUser } from '../../users/public-user';

const ID_NOT_UUID = 'id must be a UUID';
// A malformed id answers like any other invalid input: 400 `ERR_VALIDATION` naming the field.
const USER_ID = new ParseUUIDPipe({
  exceptionFactory: () => new RequestValidationError([{ field: 'id', message: ID_NOT_UUID }]),
});
const UserIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The user id' });
const BadUserId = () =>
  ApiErrorResponse(HttpStatus.BAD_REQUEST, 'The id is not a UUID', {
    code: 'ERR_VALIDATION',
    message: ID_NOT_UUID,
    errors: [{ field: 'id', message: ID_NOT_UUID }],
  });
const UserNotFound = () =>
  ApiErrorResponse(HttpStatus.NOT_FOUND, 'No such user', {
    code: 'ERR_USER_NOT_FOUND',
    message: 'User not found',
  });

/**
 * docs/architecture.md §5 administration of users. Every change is audited with the acting
 * admin.
 */
@ApiTags('admin')
@ApiUnavailableError()
@Controller('users')
export class UsersAdminController {
  constructor(
    private readonly admin: UserAdministrationService,
    private readonly mfa: UserMfaAdministrationService,
  ) {}

  @Get()
  @ApiPermissionErrors('users:read')
  @Permissions('users:read')
  @ApiOperation({
    summary: 'Users, oldest first, one page at a time',
    description:
      'Page by `offset`, or by `after`: the `next_cursor` of the previous page (with the same ' +
      '`active` and `mfa`). A walk by cursor neither repeats nor skips a user when others are ' +
      'added or removed meanwhile, and a deep page costs what the first one does.',
  })
  @ApiOkResponse({ description: 'One page of users', type: UsersPageDto })
  @ApiErrorResponse(
    HttpStatus.BAD_REQUEST,
    'Negative offset, limit below 1, bad `active` or `mfa`, `after` with `offset`, or an ' +
      '`after` that is not a cursor of this list',
    {
      code: 'ERR_VALIDATION',
      message: 'give either offset or after, not both',
      errors: [{ field: 'after', message: 'give either offset or after, not both' }],
    },
  )
  list(@Query() query: ListUsersQueryDto): Promise<UsersPageDto> {
    return this.admin.list(query);
  }

  @Get(':id')
  @ApiPermissionErrors('users:read')
  @Permissions('users:read')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ description: 'The user', type: PublicUserDto })
  @UserIdParam()
  @BadUserId()
  @UserNotFound()
  get(@Param('id', USER_ID) id: string): Promise<PublicUser> {
    return this.admin.get(id);
  }

  @Patch(':id')
  @ApiEscalationError(
    'the user holds, or would hold, a permission the caller lacks, or the caller sets its own ' +
      'roles, permissions or attributes',
  )
  @ApiPermissionErrors('users:write')
  @Permissions('users:write')
  @ApiOperation({
    summary: 'Change email, roles, own permissions, attributes or the active flag',
    description:
      'Roles, permissions and attributes reach the user with their next token. `attributes` ' +
      'replaces the whole object (`{}` clears it); the audit row names the members that ' +
      'changed, never their values. `isActive: false` ends every session and access token of ' +
      'the user at once, and logins fail until reactivated.',
  })
  // "Try it out" sends the first example: one that changes nothing the user would notice.
  @ApiBody({
    type: UpdateUserDto,
    required: false,
    examples: {
      roles: { summary: 'Replace the roles', value: { roles: ['user'] } },
      email: { summary: 'Change the email', value: { email: 'ada@example.org' } },
      attributes: {
        summary: 'Replace the attributes',
        value: { attributes: { tenant_id: 'acme', regions: ['eu'] } },
      },
    },
  })
  @ApiOkResponse({ description: 'The user as changed', type: PublicUserDto })
  @UserIdParam()
  @ApiErrorResponse(
    HttpStatus.BAD_REQUEST,
    'Invalid body (attributes breaking their rules name the member: `attributes.<name>`), bad ' +
      'id, or a role that does not exist (`ERR_UNKNOWN_ROLE`)',
    {
      code: 'ERR_VALIDATION',
      message: 'attributes.sub is a registered claim name',
      errors: [{ field: 'attributes.sub', message: 'sub is a registered claim name' }],
    },
  )
  @UserNotFound()
  @ApiErrorResponse(HttpStatus.CONFLICT, 'The email (in any letter case) is taken', {
    code: 'ERR_EMAIL_TAKEN',
    message: 'Email already registered',
    field: 'email',
  })
  update(
    @Param('id', USER_ID) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() admin: Principal,
    @Req() request: { ip?: string },
  ): Promise<PublicUser> {
    return this.admin.update(id, body, admin, { actor: admin.sub, ip: request.ip });
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiEscalationError('the user holds a permission the caller lacks')
  @ApiPermissionErrors('users:write')
  @Permissions('users:write')
  @ApiOperation({ summary: 'Delete the user; every token of the user stops working at once' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @UserIdParam()
  @BadUserId()
  @UserNotFound()
  async remove(
    @Param('id', USER_ID) id: string,
    @CurrentUser() admin: Principal,
    @Req() request: { ip?: string },
  ): Promise<void> {
    await this.admin.delete(id, admin, { actor: admin.sub, ip: request.ip });
  }

  @Post(':id/revoke-tokens')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiEscalationError('the user holds a permission the caller lacks')
  @ApiPermissionErrors('users:write')
  @Permissions('users:write')
  @ApiOperation({
    summary: 'Log out everywhere',
    description:
      'Every access token issued to the user so far and every refresh token stop working at ' +
      'once; the user can log in again.',
  })
  @ApiNoContentResponse({ description: 'Revoked' })
  @UserIdParam()
  @BadUserId()
  @UserNotFound()
  async revokeTokens(
    @Param('id', USER_ID) id: string,
    @CurrentUser() admin: Principal,
    @Req() request: { ip?: string },
  ): Promise<void> {
    await this.admin.revokeTokens(id, admin, { actor: admin.sub, ip: request.ip });
  }

  @Delete(':id/mfa')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiEscalationError(
    'the user holds a permission the caller lacks, or is the caller itself (users turn their ' +
      'own factor off with `DELETE /auth/mfa/totp`, password and code)',
  )
  @ApiPermissionErrors('users:write')
  @Permissions('users:write')
  @ApiOperation({
    summary: "Reset the user's second factor",
    description:
      'Removes the TOTP factor and the recovery codes (a lost authenticator): the next login ' +
      'asks for the password only, and the user may enrol again. Sessions are left as they ' +
      'are; `POST /users/{id}/revoke-tokens` ends them. Audited as `mfa.reset` with the acting ' +
      'admin. Also 204 when the user has no factor.',
  })
  @ApiNoContentResponse({ description: 'Reset, or there was no factor' })
  @UserIdParam()
  @BadUserId()
  @UserNotFound()
  async resetMfa(
    @Param('id', USER_ID) id: string,
    @CurrentUser() admin: Principal,
    @Req() request: { ip?: string },
  ): Promise<void> {
    await this.mfa.reset(id, admin, { actor: admin.sub, ip: request.ip });
  }
}
