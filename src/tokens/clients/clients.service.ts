import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { NotFoundError } from '../../common/errors/warden-error';
import type { Page, PageRequest } from '../../common/page';
import { RefreshTokenService } from '../refresh-token.service';
import { RevocationService } from '../revocation.service';
import { InvalidClientError } from '../oauth/oauth.errors';
import { ClientEntity } from './client.entity';
import {
  clientSecretMatches,
  generateClientId,
  generateClientSecret,
  hashClientSecret,
  UNKNOWN_CLIENT_HASH,
} from './client-secret';
import { clientSubject, DEFAULT_CLIENT_GRANT_TYPES, ServiceClient } from './service-client';

export interface NewClient {
  name: string;
  permissions: readonly string[];
  grantTypes?: readonly string[];
}

/** Who changes a client, for the audit trail. */
export interface ClientChangeContext {
  actor?: string;
  ip?: string;
}

export interface CreatedClient {
  client: ServiceClient;
  /** The secret in clear: returned once, never stored. */
  clientSecret: string;
}

/** Service clients: registration, listing, deletion and authentication (RFC 6749 §2.3.1). */
@Injectable()
export class ClientsService {
  private readonly logger = new Logger(ClientsService.name);

  constructor(
    @InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>,
    private readonly refreshTokens: RefreshTokenService,
    private readonly revocation: RevocationService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(input: NewClient, context: ClientChangeContext = {}): Promise<CreatedClient> {
    const clientSecret = generateClientSecret();
    const entity = this.clients.create({
      clientId: generateClientId(),
      secretHash: hashClientSecret(clientSecret),
      name: input.name,
      permissions: [...new Set(input.permissions)],
      grantTypes: [...new Set(input.grantTypes ?? DEFAULT_CLIENT_GRANT_TYPES)],
      isActive: true,
      createdAt: this.clock.now(),
    });
    await this.clients.insert(entity);
    const client = toServiceClient(entity);
    await this.audit.record({
      type: 'client.created',
      actor: context.actor,
      subject: clientSubject(client.clientId),
      ip: context.ip,
      details: {
        name: client.name,
        permissions: client.permissions,
        grantTypes: client.grantTypes,
      },
    });
    this.logger.log(`Client ${client.clientId} created`);
    return { client, clientSecret };
  }

  /** Oldest first, so pages stay stable while clients are added. */
  async list({ offset, limit }: PageRequest): Promise<Page<ServiceClient>> {
    const [rows, total] = await this.clients.findAndCount({
      order: { createdAt: 'ASC', clientId: 'ASC' },
      skip: offset,
      take: limit,
    });
    return { items: rows.map(toServiceClient), total, offset, limit };
  }

  /** The client (active or not), or null when there is none. */
  async findById(clientId: string): Promise<ServiceClient | null> {
    const entity = await this.clients.findOneBy({ clientId });
    return entity ? toServiceClient(entity) : null;
  }

  /**
   * Deletes the client with, in the same transaction, a cut-off that outlives its row: every
   * token issued to it (`client_id`) or of it (`sub: "client:<id>"`, its service tokens and
   * what was delegated from them) before now is refused on every replica, one started later
   * included. Then revokes the refresh token families issued to it.
   */
  async delete(clientId: string, context: ClientChangeContext = {}): Promise<void> {
    const revokedAt = this.clock.now();
    await this.revocation.commit(async (manager) => {
      const result = await manager.delete(ClientEntity, { clientId });
      if (!result.affected) throw new NotFoundError('No such client');
      return { clients: [{ clientId, revokedAt }] };
    });
    const sessions = await this.refreshTokens.revokeAllForClient(clientId);
    await this.audit.record({
      type: 'client.deleted',
      actor: context.actor,
      subject: clientSubject(clientId),
      ip: context.ip,
      details: { sessions },
    });
    this.logger.log(`Client ${clientId} deleted (${sessions} sessions revoked)`);
  }

  /**
   * The active client whose secret this is; InvalidClientError otherwise, the same for an
   * unknown client, a wrong secret and an inactive client. An unknown client still costs one
   * digest comparison, so timing does not tell which client ids exist.
   */
  async authenticate(clientId: string, clientSecret: string): Promise<ServiceClient> {
    const entity = await this.clients
      .createQueryBuilder('client')
      .addSelect('client.secretHash')
      .where('client.clientId = :clientId', { clientId })
      .getOne();
    const matches = clientSecretMatches(clientSecret, entity?.secretHash ?? UNKNOWN_CLIENT_HASH);
    if (!entity || !matches || !entity.isActive) throw new InvalidClientError();
    return toServiceClient(entity);
  }
}

/** Field by field: the digest never leaves this service. */
function toServiceClient(entity: ClientEntity): ServiceClient {
  return {
    clientId: entity.clientId,
    name: entity.name,
    permissions: [...entity.permissions],
    grantTypes: [...entity.grantTypes],
    isActive: entity.isActive,
    createdAt: entity.createdAt.toISOString(),
  };
}
