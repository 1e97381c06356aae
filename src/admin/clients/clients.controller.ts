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
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiEscalationError } from '../api-escalation-error.decorator';
import { assertValidAttributes } from '../attributes.rules';
import { EscalationPolicyService } from '../escalation-policy.service';
import {
  ApiErrorResponse,
  ApiPermissionErrors,
  ApiUnavailableError,
} from '../../common/api-error.decorator';
import { ErrorResponseDto } from '../../common/error-response.dto';
import { NotFoundError } from '../../common/errors/warden-error';
import { CurrentUser } from '@warden/nest-auth';
import type { Principal } from '@warden/nest-auth';
import { Permissions } from '@warden/nest-auth/swagger';
import { ClientsService } from '../../tokens/clients/clients.service';
import { clientSubject } from '../../tokens/clients/service-client';
import { clientChangeOf } from './client-change';
import { ClientDto } from './dto/client.dto';
import { ClientPageDto } from './dto/client-page.dto';
import { CreateClientDto } from './dto/create-client.dto';
import { CreatedClientDto } from './dto/created-client.dto';
import { UpdateClientDto } from './dto/update-client.dto';
import { PageQueryDto } from '../../common/page-query.dto';

const ClientIdParam = () =>
  ApiParam({ name: 'id', description: 'The client id', example: 'Zk3mV9xQ2bT7cN1pL5sR8w' });

/**
 * docs/architecture.md §5 administration: service clients of the OAuth 2 surface, held against
 * the caller's authority like the other administration routes.
 */
@ApiTags('clients')
@ApiUnavailableError()
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly escalation: EscalationPolicyService,
  ) {}

  @Post()
  @ApiEscalationError(
    'the client would hold a permission the caller lacks, or be first-party and the caller is ' +
      'no full administrator',
  )
  @ApiPermissionErrors('clients:write')
  @Permissions('clients:write')
  @ApiOperation({
    summary: 'Register a client; its secret is shown in this answer only',
    description:
      'A service client (the default: client_credentials and token exchange), or a browser ' +
      'app using the authorization code grant with its `redirect_uris`. A public client ' +
      '(`token_endpoint_auth_method: none`, a single-page or native app) gets no secret and ' +
      'may only use authorization_code and refresh_token. Audited as `client.created`.',
  })
  @ApiBody({
    type: CreateClientDto,
    examples: {
      service: {
        summary: 'A service client',
        value: { name: 'reporting-service', permissions: ['reports:read'] },
      },
      spa: {
        summary: 'A public single-page app',
        value: {
          name: 'dashboard',
          permissions: [],
          grant_types: ['authorization_code', 'refresh_token'],
          token_endpoint_auth_method: 'none',
          redirect_uris: ['https://app.example.com/callback'],
          post_logout_redirect_uris: ['https://app.example.com/signed-out'],
          allowed_origins: ['https://app.example.com'],
        },
      },
    },
  })
  @ApiCreatedResponse({ type: CreatedClientDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description:
      'Invalid body (a redirect URI or origin breaking its rules names the field and the ' +
      'entry), fields breaking the rules across them (authorization_code without a redirect ' +
      'URI, a public client with another grant), attributes breaking their rules, or an ' +
      'unknown audience',
  })
  async create(
    @Body() body: CreateClientDto,
    @CurrentUser() user: Principal,
    @Req() request: { ip?: string },
  ): Promise<CreatedClientDto> {
    if (body.attributes !== undefined) assertValidAttributes(body.attributes);
    await this.escalation.assertMayCreateClient(user, body.permissions, body.first_party);
    const created = await this.clients.create(
      { ...clientChangeOf(body), name: body.name, permissions: body.permissions },
      { actor: user.sub, ip: request.ip },
    );
    return CreatedClientDto.fromCreated(created);
  }

  @Get()
  @ApiPermissionErrors('clients:read')
  @Permissions('clients:read')
  @ApiOperation({ summary: 'Registered clients, oldest first (never their secrets)' })
  @ApiOkResponse({ type: ClientPageDto })
  async list(@Query() query: PageQueryDto): Promise<ClientPageDto> {
    const page = await this.clients.list({ offset: query.offset, limit: query.limit });
    return { ...page, items: page.items.map((client) => ClientDto.from(client)) };
  }

  @Get(':id')
  @ApiPermissionErrors('clients:read')
  @Permissions('clients:read')
  @ApiOperation({ summary: 'One registered client (never its secret)' })
  @ApiOkResponse({ type: ClientDto })
  @ClientIdParam()
  @ApiErrorResponse(HttpStatus.NOT_FOUND, 'No such client', {
    code: 'ERR_NOT_FOUND',
    message: 'No such client',
  })
  async findOne(@Param('id') id: string): Promise<ClientDto> {
    const client = await this.clients.findById(id);
    if (!client) throw new NotFoundError('No such client');
    return ClientDto.from(client);
  }

  @Patch(':id')
  @ApiEscalationError(
    'the client holds, or would hold, a permission the caller lacks, or a client sets its own ' +
      'attributes',
  )
  @ApiPermissionErrors('clients:write')
  @Permissions('clients:write')
  @ApiOperation({
    summary: 'Change the name, permissions, grants, audiences, attributes, URIs or origins',
    description:
      'Only the fields present change, each replacing the stored value (`attributes` the ' +
      'whole object; `{}` clears it). The client as changed must keep the rules of ' +
      '`POST /clients` (authorization_code needs a redirect URI; a public client only ' +
      'authorization_code and refresh_token), and `token_endpoint_auth_method` cannot switch ' +
      'between public (`none`) and confidential, since a secret would appear or vanish. The ' +
      'change reaches the client with its next token: tokens already issued stay valid until ' +
      'they expire, with the grant types, permissions, audiences and attributes they were ' +
      'issued with (`POST /oauth/revoke` ends one sooner, deleting the client ends them all). ' +
      'Audited as `client.updated`, naming the changed fields (and listing the new redirect ' +
      'URIs and origins), never other values.',
  })
  // "Try it out" sends the first example: one that changes nothing a token would carry.
  @ApiBody({
    type: UpdateClientDto,
    required: false,
    examples: {
      name: { summary: 'Rename', value: { name: 'reporting-service' } },
      permissions: { summary: 'Replace the permissions', value: { permissions: ['reports:read'] } },
      audiences: {
        summary: 'Allow tokens for a registered API',
        value: { allowed_audiences: ['https://reports.example.com'] },
      },
      attributes: {
        summary: 'Replace the attributes',
        value: { attributes: { tenant_id: 'acme' } },
      },
      origins: {
        summary: 'Replace the allowed browser origins',
        value: { allowed_origins: ['https://app.example.com'] },
      },
    },
  })
  @ApiOkResponse({ description: 'The client as changed', type: ClientDto })
  @ClientIdParam()
  @ApiErrorResponse(
    HttpStatus.BAD_REQUEST,
    'Invalid body, attributes breaking their rules (`attributes.<name>`), an audience that ' +
      'is no registered API, a client that would break the rules across fields, or a switch ' +
      'between public and confidential',
    {
      code: 'ERR_VALIDATION',
      message: 'allowed_audiences must name registered APIs; unknown: "https://nowhere.example"',
      errors: [
        {
          field: 'allowed_audiences',
          message:
            'allowed_audiences must name registered APIs; unknown: "https://nowhere.example"',
        },
      ],
    },
  )
  @ApiErrorResponse(HttpStatus.NOT_FOUND, 'No such client', {
    code: 'ERR_NOT_FOUND',
    message: 'No such client',
  })
  async update(
    @Param('id') id: string,
    @Body() body: UpdateClientDto,
    @CurrentUser() user: Principal,
    @Req() request: { ip?: string },
  ): Promise<ClientDto> {
    if (body.attributes !== undefined) {
      assertValidAttributes(body.attributes);
      this.escalation.assertMayChangeAttributes(user, clientSubject(id));
    }
    // As DELETE /clients: only a client holding nothing more than the caller is changed at all;
    // as POST /clients: what it is given, the caller holds.
    await this.escalation.assertMayDeleteClient(user, id);
    if (body.permissions || body.first_party) {
      await this.escalation.assertMayCreateClient(user, body.permissions ?? [], body.first_party);
    }
    const client = await this.clients.update(id, clientChangeOf(body), {
      actor: user.sub,
      ip: request.ip,
    });
    return ClientDto.from(client);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiEscalationError('the client holds a permission the caller lacks')
  @ApiPermissionErrors('clients:write')
  @Permissions('clients:write')
  @ApiOperation({ summary: 'Delete a client; the refresh tokens issued to it are revoked' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async delete(
    @Param('id') id: string,
    @CurrentUser() user: Principal,
    @Req() request: { ip?: string },
  ): Promise<void> {
    await this.escalation.assertMayDeleteClient(user, id);
    await this.clients.delete(id, { actor: user.sub, ip: request.ip });
  }
}
