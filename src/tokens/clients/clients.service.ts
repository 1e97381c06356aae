import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CLOCK } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { ApiRegistry } from '../../apis/api-registry.service';
import { AuditService } from '../../audit/audit.service';
import { RequestValidationError } from '../../common/errors/validation.errors';
import { NotFoundError } from '../../common/errors/warden-error';
import type { Page, PageRequest } from '../../common/page';
import { RefreshTokenService } from '../refresh-token.service';
import { RevocationService } from '../revocation.service';
import { AllowedOriginsCache } from './allowed-origins.cache';
import { ClientCacheService } from './client-cache.service';
import { ClientEntity } from './client.entity';
import { createdDetails, updatedDetails } from './client-audit-details';
import { assertClientRules, authMethodChangeProblem, ClientShape } from './client-rules';
import { authenticatedClient, ClientAuthenticationOptions } from './client-authentication';
import { generateClientId, generateClientSecret, hashClientSecret } from './client-secret';
import { ClientChange, changedClientValues, toServiceClient } from './client-values';
import {
  clientSubject,
  DEFAULT_CLIENT_GRANT_TYPES,
  DEFAULT_PUBLIC_CLIENT_GRANT_TYPES,
  DEFAULT_TOKEN_ENDPOINT_AUTH_METHOD,
  ServiceClient,
} from './service-client';

export type { ClientChange } from './client-values';
export type { ClientAuthenticationOptions } from './client-authentication';

/**
 * `POST /clients`. Left out: a confidential client (`client_secret_basic`) with the machine
 * grants, or for a public one (`none`) the authorization code grant; no URIs or origins; not
 * first party.
 */
export interface NewClient extends ClientChange {
  name: string;
  permissions: readonly string[];
}

/** Who changes a client, for the audit trail. */
export interface ClientChangeContext {
  actor?: string;
  ip?: string;
}

export interface CreatedClient {
  client: ServiceClient;
  /** The secret in clear: returned once, never stored. None for a public client. */
  clientSecret?: string;
}

/** How many unknown audiences a refusal names: enough to fix the request, never a whole body. */
const UNKNOWN_AUDIENCES_SHOWN = 5;

/**
 * Service clients and browser apps: registration, listing, changes, deletion, authentication
 * (RFC 6749 §2.3.1), and the allowed origins of the active ones, kept in memory for CORS.
 */
@Injectable()
export class ClientsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ClientsService.name);
  private readonly allowedOrigins = new AllowedOriginsCache(() => this.loadAllowedOrigins());

  constructor(
    @InjectRepository(ClientEntity) private readonly clients: Repository<ClientEntity>,
    private readonly refreshTokens: RefreshTokenService,
    private readonly revocation: RevocationService,
    private readonly audit: AuditService,
    private readonly apis: ApiRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
    // Absent where no application runs (the clients CLI): every authentication is then a query.
    @Optional() private readonly cache?: ClientCacheService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.allowedOrigins.start();
  }

  onModuleDestroy(): void {
    this.allowedOrigins.stop();
  }

  /**
   * True when an active client lists this browser origin in its `allowed_origins` (from
   * memory: this replica's changes at once, another's within ALLOWED_ORIGINS_REFRESH_MS).
   */
  isAllowedOrigin(origin: string): boolean {
    return this.allowedOrigins.has(origin);
  }

  /**
   * Registers the client (400 when the fields break the rules across them, clientRuleProblems,
   * or an allowed audience is no registered API). A public client gets no secret.
   */
  async create(input: NewClient, context: ClientChangeContext = {}): Promise<CreatedClient> {
    const tokenEndpointAuthMethod =
      input.tokenEndpointAuthMethod ?? DEFAULT_TOKEN_ENDPOINT_AUTH_METHOD;
    const isPublic = tokenEndpointAuthMethod === 'none';
    const defaultGrants = isPublic ? DEFAULT_PUBLIC_CLIENT_GRANT_TYPES : DEFAULT_CLIENT_GRANT_TYPES;
    const shape: ClientShape = {
      grantTypes: [...new Set(input.grantTypes ?? defaultGrants)],
      redirectUris: [...new Set(input.redirectUris ?? [])],
      tokenEndpointAuthMethod,
    };
    assertClientRules(shape);
    if (input.allowedAudiences) await this.assertRegistered(input.allowedAudiences);
    const clientSecret = isPublic ? undefined : generateClientSecret();
    const entity = this.clients.create({
      clientId: generateClientId(),
      secretHash: clientSecret === undefined ? null : hashClientSecret(clientSecret),
      name: input.name,
      permissions: [...new Set(input.permissions)],
      grantTypes: [...shape.grantTypes],
      allowedAudiences: [...new Set(input.allowedAudiences ?? [])],
      attributes: { ...(input.attributes ?? {}) },
      redirectUris: [...shape.redirectUris],
      postLogoutRedirectUris: [...new Set(input.postLogoutRedirectUris ?? [])],
      tokenEndpointAuthMethod,
      firstParty: input.firstParty ?? false,
      allowedOrigins: [...new Set(input.allowedOrigins ?? [])],
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
      details: createdDetails(client),
    });
    if (client.allowedOrigins.length > 0) await this.allowedOrigins.refresh();
    this.logger.log(`Client ${client.clientId} created`);
    return clientSecret === undefined ? { client } : { client, clientSecret };
  }

  /**
   * Applies an administrative change (404 for an unknown client; 400 for an audience that is no
   * registered API, for a client that would break the rules across fields, clientRuleProblems,
   * and for a switch between public and confidential, authMethodChangeProblem). Only the values
   * that differ from the stored ones are written, and the `client.updated` audit row names just
   * those fields (for the attributes, the members that changed, never values; the URI lists
   * with their new URIs); a change that changes nothing writes and records nothing. Tokens
   * already issued keep what they carry until they expire; the next token has the change.
   */
  async update(
    clientId: string,
    change: ClientChange,
    context: ClientChangeContext = {},
  ): Promise<ServiceClient> {
    const entity = await this.clients.findOneBy({ clientId });
    if (!entity) throw new NotFoundError('No such client');
    const switched = authMethodChangeProblem(
      entity.tokenEndpointAuthMethod,
      change.tokenEndpointAuthMethod,
    );
    if (switched) throw new RequestValidationError([switched]);
    assertClientRules({
      grantTypes: change.grantTypes ?? entity.grantTypes,
      redirectUris: change.redirectUris ?? entity.redirectUris,
      tokenEndpointAuthMethod: change.tokenEndpointAuthMethod ?? entity.tokenEndpointAuthMethod,
    });
    if (change.allowedAudiences) await this.assertRegistered(change.allowedAudiences);
    const changed = changedClientValues(entity, change);
    if (changed.fields.length === 0) return toServiceClient(entity);
    const result = await this.clients.update({ clientId }, changed.patch);
    // Deleted since it was read: as if it had never been there.
    if (!result.affected) throw new NotFoundError('No such client');
    // The other replicas hear of it from the table's trigger (NotifyClientChanges).
    this.cache?.invalidate(clientId);
    await this.audit.record({
      type: 'client.updated',
      actor: context.actor,
      subject: clientSubject(clientId),
      ip: context.ip,
      details: updatedDetails(changed),
    });
    if (changed.patch.allowedOrigins) await this.allowedOrigins.refresh();
    this.logger.log(`Client ${clientId} updated (${changed.fields.join(', ')})`);
    return toServiceClient({ ...entity, ...changed.patch });
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
    // Before anything else can be awaited: the next grant here is refused.
    this.cache?.invalidate(clientId);
    await this.allowedOrigins.refresh();
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
   * The active client whose secret this is, or, with `allowPublic`, the active public client
   * named without a secret (its `tokenEndpointAuthMethod` is then `none`: nothing was proved);
   * InvalidClientError otherwise (authenticatedClient). The row comes from ClientCacheService
   * when it is trusted (a change made here is forgotten before the change returns, one made
   * elsewhere when its NOTIFY arrives), else from the database. A client id is no secret (every
   * token names it), so a cached one answering sooner than an unknown one leaks nothing.
   */
  async authenticate(
    clientId: string,
    clientSecret: string | undefined,
    options: ClientAuthenticationOptions = {},
  ): Promise<ServiceClient> {
    const entity = this.cache
      ? await this.cache.lookup(clientId, (id) => this.findWithSecret(id))
      : await this.findWithSecret(clientId);
    return authenticatedClient(entity, clientSecret, options);
  }

  /** The client's row with its secret digest (never selected otherwise). */
  private findWithSecret(clientId: string): Promise<ClientEntity | null> {
    return this.clients
      .createQueryBuilder('client')
      .addSelect('client.secretHash')
      .where('client.clientId = :clientId', { clientId })
      .getOne();
  }

  /** The distinct allowed origins of the active clients. */
  private async loadAllowedOrigins(): Promise<string[]> {
    const rows = await this.clients
      .createQueryBuilder('client')
      .select('DISTINCT unnest(client.allowed_origins)', 'origin')
      .where('client.is_active')
      .getRawMany<{ origin: string }>();
    return rows.map((row) => row.origin);
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
