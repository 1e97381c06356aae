import { Body, Controller, Get, HttpStatus, Param, Put, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiEscalationError } from '../api-escalation-error.decorator';
import { PERMISSION_NAME_RULE } from '../admin-names';
import { EscalationPolicyService } from '../escalation-policy.service';
import {
  ApiErrorResponse,
  ApiPermissionErrors,
  ApiUnavailableError,
} from '../../common/api-error.decorator';
import { CurrentUser } from '@warden/nest-auth';
import type { Principal } from '@warden/nest-auth';
import { Permissions } from '@warden/nest-auth/swagger';
import { builtInRoleProblem } from '../../users/built-in-roles.rule';
import { PutRoleDto } from './dto/put-role.dto';
import { RoleDto } from './dto/role.dto';
import { RoleNameParamDto } from './dto/role-name.param.dto';
import { BuiltInRoleError } from '../../users/roles.errors';
import { Role, RolesService } from '../../users/roles.service';

/**
 * docs/architecture.md §5 administration of roles. A role's permissions reach its users' next
 * tokens.
 */
@ApiTags('admin')
@ApiUnavailableError()
@Controller('roles')
export class RolesAdminController {
  constructor(
    private readonly roles: RolesService,
    private readonly escalation: EscalationPolicyService,
  ) {}

  @Get()
  @ApiPermissionErrors('roles:read')
  @Permissions('roles:read')
  @ApiOperation({ summary: 'Every role, by name' })
  @ApiOkResponse({ description: 'Every role', type: [RoleDto] })
  list(): Promise<Role[]> {
    return this.roles.list();
  }

  @Put(':name')
  @ApiEscalationError('the new or the current permissions include one the caller lacks')
  @ApiPermissionErrors('roles:write')
  @Permissions('roles:write')
  @ApiOperation({
    summary: 'Create a role or replace its permissions',
    description:
      'Users holding the role get the new permissions with their next token (login or ' +
      'refresh); tokens already issued keep what they carry until they expire. `admin` must ' +
      'keep every administrative permission and `user` may hold none (409). Nobody grants, ' +
      'or edits a role holding, a permission it does not hold itself (403).',
  })
  @ApiOkResponse({ description: 'The role as stored', type: RoleDto })
  @ApiErrorResponse(HttpStatus.BAD_REQUEST, 'Invalid role name or permission', {
    code: 'ERR_VALIDATION',
    message: `each permission must be ${PERMISSION_NAME_RULE}`,
    errors: [{ field: 'permissions', message: `each permission must be ${PERMISSION_NAME_RULE}` }],
  })
  @ApiErrorResponse(HttpStatus.CONFLICT, 'The change would break a built-in role', {
    code: 'ERR_BUILT_IN_ROLE',
    message: 'The admin role must keep users:write',
    field: 'permissions',
  })
  async upsert(
    @Param() { name }: RoleNameParamDto,
    @Body() body: PutRoleDto,
    @CurrentUser() admin: Principal,
    @Req() request: { ip?: string },
  ): Promise<Role> {
    await this.escalation.assertMayWriteRole(admin, name, body.permissions);
    const problem = builtInRoleProblem(name, body.permissions);
    if (problem) throw new BuiltInRoleError(problem);
    return this.roles.upsert(name, body, { actor: admin.sub, ip: request.ip });
  }
}
