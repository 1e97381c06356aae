import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser } from '@warden/nest-auth';
import type { Principal } from '@warden/nest-auth';
import { Permissions } from '@warden/nest-auth/swagger';
import { ApisService } from '../../apis/apis.service';
import {
  ApiErrorResponse,
  ApiPermissionErrors,
  ApiUnavailableError,
} from '../../common/api-error.decorator';
import { PageQueryDto } from '../../common/page-query.dto';
import { ApiEscalationError } from '../api-escalation-error.decorator';
import { EscalationPolicyService } from '../escalation-policy.service';
import { API_IDENTIFIER_RULE } from './api-identifier';
import { ApiDto } from './dto/api.dto';
import { ApiIdentifierParamDto } from './dto/api-identifier.param.dto';
import { ApiPageDto } from './dto/api-page.dto';
import { CreateApiDto } from './dto/create-api.dto';
import { UpdateApiDto } from './dto/update-api.dto';

const BAD_IDENTIFIER = `identifier must be ${API_IDENTIFIER_RULE}`;
const BadIdentifier = () =>
  ApiErrorResponse(HttpStatus.BAD_REQUEST, 'The identifier is not one an API may have', {
    code: 'ERR_VALIDATION',
    message: BAD_IDENTIFIER,
    errors: [{ field: 'identifier', message: BAD_IDENTIFIER }],
  });
const BadBody = (also = '') =>
  ApiErrorResponse(HttpStatus.BAD_REQUEST, `Invalid body${also}`, {
    code: 'ERR_VALIDATION',
    message: 'claims may not map sub: it is a reserved claim name',
    errors: [{ field: 'claims', message: 'claims may not map sub: it is a reserved claim name' }],
  });
const ApiNotFound = () =>
  ApiErrorResponse(HttpStatus.NOT_FOUND, 'No such API', {
    code: 'ERR_API_NOT_FOUND',
    message: 'API not found',
  });
const BuiltInApi = () =>
  ApiErrorResponse(HttpStatus.CONFLICT, "The identifier is the service's own (JWT_AUDIENCE)", {
    code: 'ERR_BUILT_IN_API',
    message: 'The built-in API cannot be changed or deleted',
  });

/**
 * docs/architecture.md §3 "Audiences", §5 administration: the resource servers tokens may be
 * asked for. An API's permissions bound what its tokens carry, so defining them is held against
 * the caller's authority like granting them.
 */
@ApiTags('apis')
@ApiUnavailableError()
@Controller('apis')
export class ApisAdminController {
  constructor(
    private readonly apis: ApisService,
    private readonly escalation: EscalationPolicyService,
  ) {}

  @Post()
  @ApiEscalationError('the API would define a permission the caller lacks')
  @ApiPermissionErrors('apis:write')
  @Permissions('apis:write')
  @ApiOperation({
    summary: 'Register an API (resource server)',
    description:
      'Clients listing it in `allowed_audiences` may then ask tokens for it (`resource` or ' +
      '`audience`): `aud` is its identifier, the tokens carry only the permissions it defines, ' +
      'live `access_token_ttl` seconds and carry the subject attributes it maps as claims.',
  })
  @ApiCreatedResponse({ description: 'The API as stored', type: ApiDto })
  @BadBody(', or `access_token_ttl` above API_TOKEN_TTL_MAX')
  @ApiErrorResponse(HttpStatus.CONFLICT, 'The identifier is taken (JWT_AUDIENCE included)', {
    code: 'ERR_API_EXISTS',
    message: 'An API with this identifier already exists',
    field: 'identifier',
  })
  async create(
    @Body() body: CreateApiDto,
    @CurrentUser() caller: Principal,
    @Req() request: { ip?: string },
  ): Promise<ApiDto> {
    await this.escalation.assertMayRedefineApi(caller, [], body.permissions);
    const api = await this.apis.create(
      {
        identifier: body.identifier,
        name: body.name,
        permissions: body.permissions,
        accessTokenTtl: body.access_token_ttl,
        allowedTokenUses: body.allowed_token_uses,
        claims: body.claims,
      },
      { actor: caller.sub, ip: request.ip },
    );
    return ApiDto.from(api);
  }

  @Get()
  @ApiPermissionErrors('apis:read')
  @Permissions('apis:read')
  @ApiOperation({
    summary: 'APIs: the built-in one first, then the registered ones oldest first',
    description:
      "The built-in API (the service's own audience, `built_in: true`) is item 0 of the list: " +
      'it opens the first page and counts in `total`, so the pages together list `total` APIs.',
  })
  @ApiOkResponse({ description: 'One page of APIs', type: ApiPageDto })
  @ApiErrorResponse(HttpStatus.BAD_REQUEST, 'Negative offset or limit below 1', {
    code: 'ERR_VALIDATION',
    message: 'offset must not be less than 0',
    errors: [{ field: 'offset', message: 'offset must not be less than 0' }],
  })
  async list(@Query() query: PageQueryDto): Promise<ApiPageDto> {
    const page = await this.apis.list({ offset: query.offset, limit: query.limit });
    return { ...page, items: page.items.map((api) => ApiDto.from(api)) };
  }

  @Get(':identifier')
  @ApiPermissionErrors('apis:read')
  @Permissions('apis:read')
  @ApiOperation({ summary: 'One API, the built-in one included' })
  @ApiOkResponse({ description: 'The API', type: ApiDto })
  @BadIdentifier()
  @ApiNotFound()
  async get(@Param() { identifier }: ApiIdentifierParamDto): Promise<ApiDto> {
    return ApiDto.from(await this.apis.get(identifier));
  }

  @Patch(':identifier')
  @ApiEscalationError('a permission added or removed is one the caller lacks')
  @ApiPermissionErrors('apis:write')
  @Permissions('apis:write')
  @ApiOperation({
    summary: 'Change an API; only the fields given change',
    description:
      'Reaches the next token asked for it; tokens already issued keep what they carry until ' +
      'they expire. The built-in API cannot be changed (409).',
  })
  // "Try it out" sends the first example: a rename, which leaves its tokens as they are.
  @ApiBody({
    type: UpdateApiDto,
    required: false,
    examples: {
      name: { summary: 'Rename', value: { name: 'Billing and invoices' } },
      ttl: { summary: 'Back to the default lifetimes', value: { access_token_ttl: null } },
      claims: { summary: 'Replace the mapped claims', value: { claims: ['tenant_id'] } },
    },
  })
  @ApiOkResponse({ description: 'The API as changed', type: ApiDto })
  @BadBody(', a bad identifier, or `access_token_ttl` above API_TOKEN_TTL_MAX')
  @ApiNotFound()
  @BuiltInApi()
  async update(
    @Param() { identifier }: ApiIdentifierParamDto,
    @Body() body: UpdateApiDto,
    @CurrentUser() caller: Principal,
    @Req() request: { ip?: string },
  ): Promise<ApiDto> {
    if (body.permissions !== undefined) {
      const current = await this.apis.getChangeable(identifier);
      await this.escalation.assertMayRedefineApi(
        caller,
        current.permissions ?? [],
        body.permissions,
      );
    }
    const api = await this.apis.update(
      identifier,
      {
        name: body.name,
        permissions: body.permissions,
        accessTokenTtl: body.access_token_ttl,
        allowedTokenUses: body.allowed_token_uses,
        claims: body.claims,
      },
      { actor: caller.sub, ip: request.ip },
    );
    return ApiDto.from(api);
  }

  @Delete(':identifier')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiEscalationError('the API defines a permission the caller lacks')
  @ApiPermissionErrors('apis:write')
  @Permissions('apis:write')
  @ApiOperation({
    summary: 'Delete an API',
    description:
      'Tokens can no longer be asked for it; those already issued stay valid until they ' +
      'expire. Deleting stops it defining its permissions, so the caller must hold them all ' +
      '(403). The built-in API cannot be deleted (409).',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @BadIdentifier()
  @ApiNotFound()
  @BuiltInApi()
  async delete(
    @Param() { identifier }: ApiIdentifierParamDto,
    @CurrentUser() caller: Principal,
    @Req() request: { ip?: string },
  ): Promise<void> {
    const current = await this.apis.getChangeable(identifier);
    await this.escalation.assertMayRedefineApi(caller, current.permissions ?? [], []);
    await this.apis.delete(identifier, { actor: caller.sub, ip: request.ip });
  }
}
