import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiEscalationError } from '../api-escalation-error.decorator';
import { EscalationPolicyService } from '../escalation-policy.service';
import { ApiPermissionErrors, ApiUnavailableError } from '../../common/api-error.decorator';
import { ErrorResponseDto } from '../../common/error-response.dto';
import { CurrentUser } from '@warden/nest-auth';
import type { Principal } from '@warden/nest-auth';
import { Permissions } from '@warden/nest-auth/swagger';
import { ClientsService } from '../../tokens/clients/clients.service';
import { ClientDto } from './dto/client.dto';
import { ClientPageDto } from './dto/client-page.dto';
import { CreateClientDto } from './dto/create-client.dto';
import { CreatedClientDto } from './dto/created-client.dto';
import { PageQueryDto } from '../../common/page-query.dto';

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
  @ApiEscalationError('the client would hold a permission the caller lacks')
  @ApiPermissionErrors('clients:write')
  @Permissions('clients:write')
  @ApiOperation({ summary: 'Register a service client; its secret is shown in this answer only' })
  @ApiCreatedResponse({ type: CreatedClientDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  async create(
    @Body() body: CreateClientDto,
    @CurrentUser() user: Principal,
    @Req() request: { ip?: string },
  ): Promise<CreatedClientDto> {
    await this.escalation.assertMayCreateClient(user, body.permissions);
    const created = await this.clients.create(
      { name: body.name, permissions: body.permissions, grantTypes: body.grant_types },
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
