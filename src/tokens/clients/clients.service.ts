import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { ApiRegistry } from '../../apis/api-registry.service';
import { AuditService } from '../../audit/audit.service';
import { Attributes, changedAttributeNames } from '../../common/attributes';
import { RequestValidationError } from '../../common/errors/validation.errors';
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
  allowedAudiences?: readonly string[];
  attributes?: Attributes;
}

/** `PATCH /clients/:id`: only the fields present change; each replaces the stored value. */
export type ClientChange = Partial<NewClient>;

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

/** How many unknown audiences a refusal names: enough to fix the request, never a whole body. */
const UNKNOWN_AUDIENCES_SHOWN = 5;

/**
 * Service clients: registration, listing, changes, deletion and authentication (RFC 6749
 * §2.3.1).
 */
@Injectable()
export class ClientsService {
  private readonly logger = new Logger(ClientsService.name);

  constructor(
    @InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>,
    private readonly refreshTokens: RefreshTokenService,
    private readonly revocation: RevocationService,
    private readonly audit: AuditService,
    private readonly apis: ApiRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Registers the client; every allowed audience must be a registered API (400 otherwise). */
  async create(input: NewClient, context: ClientChangeContext = {}): Promise<CreatedClient> {
    if (input.allowedAudiences) await this.assertRegistered(input.allowedAudiences);
    const clientSecret = generateClientSecret();
    const entity = this.clients.create({
      clientId: generateClientId(),
      secretHash: hashClientSecret(clientSecret),
      name: input.name,
      permissions: [...new Set(input.permissions)],
      grantTypes: [...new Set(input.grantTypes ?? DEFAULT_CLIENT_GRANT_TYPES)],
      allowedAudiences: [...new Set(input.allowedAudiences ?? [])],
      attributes: { ...(input.attributes ?? {}) },
      isActive: true,
      createdAt: this.clock.now(),
    });
    await this.clients.insert(entity);
    const client = toServiceClient(entity);
    const attributeNames = Object.keys(client.attributes).sort();
    await this.audit.record({
      type: 'client.created',
      actor: context.actor,
      subject: clientSubject(client.clientId),
      ip: context.ip,
      details: {
        name: client.name,
        permissions: client.permissions,
        grantTypes: client.grantTypes,
        // Only when set, and the attributes by member name only (their values stay out).
        ...(client.allowedAudiences.length > 0 && { allowedAudiences: client.allowedAudiences }),
        ...(attributeNames.length > 0 && { attributes: attributeNames }),
      },
    });
    this.logger.log(`Client ${client.clientId} created`);
    return { client, clientSecret };
  }

  /**
   * Applies an administrative change (404 for an unknown client; 400 for an audience that is no
   * registered API). Only the values that differ from the stored ones are written, and the
   * `client.updated` audit row names just those fields (for the attributes, the members that
   * changed; never values); a change that changes nothing writes and records nothing. Tokens
   * already issued keep what they carry until they expire; the next token has the change.
   */
  async update(
    clientId: string,
    change: ClientChange,
    context: ClientChangeContext = {},
  ): Promise<ServiceClient> {
    const entity = await this.clients.findOneBy({ clientId });
    if (!entity) throw new NotFoundError('No such client');
    if (change.allowedAudiences) await this.assertRegistered(change.allowedAudiences);
    const { patch, fields, attributes } = changedClientValues(entity, change);
    if (fields.length === 0) return toServiceClient(entity);
    const result = await this.clients.update({ clientId }, patch);
    // Deleted since it was read: as if it had never been there.
    if (!result.affected) throw new NotFoundError('No such client');
    await this.audit.record({
      type: 'client.updated',
      actor: context.actor,
      subject: clientSubject(clientId),
      ip: context.ip,
      details: attributes.length > 0 ? { fields, attributes } : { fields },
    });
    this.logger.log(`Client ${clientId} updated (${fields.join(', ')})`);
    return toServiceClient({ ...entity, ...patch });
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

  /** 400 `ERR_VALIDATION` on `allowed_audiences` unless each is the built-in or a registered API. */
  private async assertRegistered(audiences: readonly string[]): Promise<void> {
    const known = new Set((await this.apis.findAll(audiences)).map((api) => api.identifier));
    const unknown = [...new Set(audiences)].filter((audience) => !known.has(audience));
    if (unknown.length === 0) return;
    const shown = unknown
      .slice(0, UNKNOWN_AUDIENCES_SHOWN)
      .map((audience) => JSON.stringify(audience));
    if (unknown.length > shown.length) shown.push('…');
    throw new RequestValidationError([
      {
        field: 'allowed_audiences',
        message: `allowed_audiences must name registered APIs; unknown: ${shown.join(', ')}`,
      },
    ]);
  }
}

/** The columns a change writes, the fields its audit row names, the attributes that changed. */
function changedClientValues(
  stored: ClientEntity,
  change: ClientChange,
): { patch: Partial<ClientEntity>; fields: string[]; attributes: string[] } {
  const patch: Partial<ClientEntity> = {};
  if (change.name !== undefined && change.name !== stored.name) patch.name = change.name;
  for (const field of NAME_SETS) {
    const names = change[field];
    if (names !== undefined && !sameNames(stored[field], names)) patch[field] = [...new Set(names)];
  }
  const attributes = change.attributes
    ? changedAttributeNames(stored.attributes, change.attributes)
    : [];
  if (attributes.length > 0) patch.attributes = { ...change.attributes };
  return { patch, fields: Object.keys(patch), attributes };
}

/** Fields that are sets of names: the same names in another order are no change. */
const NAME_SETS = ['permissions', 'grantTypes', 'allowedAudiences'] as const;

function sameNames(stored: readonly string[], requested: readonly string[]): boolean {
  const names = new Set(stored);
  const wanted = new Set(requested);
  return names.size === wanted.size && [...wanted].every((name) => names.has(name));
}

/** Field by field: the digest never leaves this service. */
function toServiceClient(entity: ClientEntity): ServiceClient {
  return {
    clientId: entity.clientId,
    name: entity.name,
    permissions: [...entity.permissions],
    grantTypes: [...entity.grantTypes],
    allowedAudiences: [...(entity.allowedAudiences ?? [])],
    attributes: structuredClone({ ...(entity.attributes ?? {}) }),
    isActive: entity.isActive,
    createdAt: entity.createdAt.toISOString(),
  };
}
