import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CLOCK } from '@warden/nest-auth';
import type { Clock, TokenUse } from '@warden/nest-auth';
import { AuditService } from '../audit/audit.service';
import { RequestValidationError } from '../common/errors';
import type { Page, PageRequest } from '../common/page';
import { APP_CONFIG, AppConfig } from '../config';
import type { ChangeContext } from '../users/roles.service';
import { violatedUniqueConstraint, withoutQueryParameters } from '../users/unique-violation';
import { ApiEntity } from './api.entity';
import { ApiRegistry } from './api-registry.service';
import { ApiExistsError, ApiNotFoundError, BuiltInApiError } from './apis.errors';
import { ResourceServer, toResourceServer, TOKEN_USES } from './resource-server';

export interface NewApi {
  identifier: string;
  name: string;
  permissions: readonly string[];
  /** Seconds; null or absent: the default lifetime of each token use. */
  accessTokenTtl?: number | null;
  /** Absent: every token use. */
  allowedTokenUses?: readonly TokenUse[];
  /** Absent: none. */
  claims?: readonly string[];
}

/** A partial change: absent fields stay as they are; `accessTokenTtl: null` restores the defaults. */
export type ApiChange = Partial<Omit<NewApi, 'identifier'>>;

/** The columns a change may write, each with its name in the audit trail (the route's). */
const CHANGEABLE = {
  name: 'name',
  permissions: 'permissions',
  accessTokenTtl: 'access_token_ttl',
  allowedTokenUses: 'allowed_token_uses',
  claims: 'claims',
} as const;

type ChangeableField = keyof typeof CHANGEABLE;
type ChangeableValues = Pick<ApiEntity, ChangeableField>;

/** The primary key of `apis` (CreateApis migration): the identifier is taken. */
const IDENTIFIER_KEY = 'apis_pkey';

/**
 * The administration of resource servers (docs/architecture.md §3 "Audiences"; read by the
 * token endpoints through ApiRegistry). The service's own audience is the built-in API: listed
 * and readable like the others, never written.
 */
@Injectable()
export class ApisService {
  private readonly logger = new Logger(ApisService.name);

  constructor(
    @InjectRepository(ApiEntity) private readonly apis: Repository<ApiEntity>,
    private readonly registry: ApiRegistry,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(input: NewApi, context: ChangeContext = {}): Promise<ResourceServer> {
    if (this.isBuiltIn(input.identifier)) throw new ApiExistsError();
    this.assertTtlAllowed(input.accessTokenTtl);
    const now = this.clock.now();
    const entity = Object.assign(new ApiEntity(), {
      identifier: input.identifier,
      name: input.name,
      permissions: sortedSet(input.permissions),
      accessTokenTtl: input.accessTokenTtl ?? null,
      allowedTokenUses: inUseOrder(input.allowedTokenUses ?? TOKEN_USES),
      claims: sortedSet(input.claims ?? []),
      createdAt: now,
      updatedAt: now,
    });
    // The primary key settles a race between two creations of one identifier.
    await this.apis.insert(entity).catch((error: unknown) => {
      throw duplicateError(error);
    });
    await this.audit.record({
      type: 'api.created',
      actor: context.actor,
      subject: entity.identifier,
      ip: context.ip,
      details: {
        name: entity.name,
        permissions: entity.permissions,
        access_token_ttl: entity.accessTokenTtl,
        allowed_token_uses: entity.allowedTokenUses,
        claims: entity.claims,
      },
    });
    this.logger.log(`API ${entity.identifier} created`);
    return toResourceServer(entity);
  }

  /**
   * The built-in API first, then the registered ones oldest first, so pages stay stable while
   * APIs are added. The built-in one is item 0 of what the pages walk and counts in `total`:
   * the pages together list `total` APIs, each once.
   */
  async list({ offset, limit }: PageRequest): Promise<Page<ResourceServer>> {
    const skip = Math.max(offset - 1, 0);
    const take = offset === 0 ? limit - 1 : limit;
    // TypeORM reads `take: 0` as "no limit": a page of one on the first page is the built-in only.
    const [rows, stored] =
      take > 0
        ? await this.apis.findAndCount({
            order: { createdAt: 'ASC', identifier: 'ASC' },
            skip,
            take,
          })
        : [[], await this.apis.count()];
    const items = rows.map(toResourceServer);
    if (offset === 0) items.unshift(this.builtIn());
    return { items, total: stored + 1, offset, limit };
  }

  /** The API, the built-in one included; ApiNotFoundError when there is none. */
  async get(identifier: string): Promise<ResourceServer> {
    if (this.isBuiltIn(identifier)) return this.builtIn();
    return this.getChangeable(identifier);
  }

  /** A registered API (one that may be changed): BuiltInApiError for the built-in one. */
  async getChangeable(identifier: string): Promise<ResourceServer> {
    if (this.isBuiltIn(identifier)) throw new BuiltInApiError();
    return toResourceServer(await this.requireEntity(identifier));
  }

  /**
   * Writes the fields that differ from the stored ones; the audit row names just those (never
   * their values), and a change that changes nothing writes and records nothing. Tokens already
   * issued for the API keep what they carry until they expire.
   */
  async update(
    identifier: string,
    change: ApiChange,
    context: ChangeContext = {},
  ): Promise<ResourceServer> {
    if (this.isBuiltIn(identifier)) throw new BuiltInApiError();
    this.assertTtlAllowed(change.accessTokenTtl);
    const entity = await this.requireEntity(identifier);
    const changed = changedValues(entity, {
      name: change.name,
      permissions: change.permissions && sortedSet(change.permissions),
      accessTokenTtl: change.accessTokenTtl,
      allowedTokenUses: change.allowedTokenUses && inUseOrder(change.allowedTokenUses),
      claims: change.claims && sortedSet(change.claims),
    });
    const fields = Object.keys(changed) as ChangeableField[];
    if (fields.length === 0) return toResourceServer(entity);
    const updatedAt = this.clock.now();
    const result = await this.apis.update({ identifier }, { ...changed, updatedAt });
    if (!result.affected) throw new ApiNotFoundError();
    const names = fields.map((field) => CHANGEABLE[field]);
    await this.audit.record({
      type: 'api.updated',
      actor: context.actor,
      subject: identifier,
      ip: context.ip,
      details: { fields: names },
    });
    this.logger.log(`API ${identifier} updated (${names.join(', ')})`);
    return toResourceServer(Object.assign(entity, changed, { updatedAt }));
  }

  /**
   * Tokens can no longer be asked for it; those already issued stay valid until they expire
   * (their audience verifies them, not Warden). Clients listing it in `allowed_audiences` keep
   * the entry, which names nothing until an API of that identifier is registered again.
   */
  async delete(identifier: string, context: ChangeContext = {}): Promise<void> {
    if (this.isBuiltIn(identifier)) throw new BuiltInApiError();
    const result = await this.apis.delete({ identifier });
    if (!result.affected) throw new ApiNotFoundError();
    await this.audit.record({
      type: 'api.deleted',
      actor: context.actor,
      subject: identifier,
      ip: context.ip,
    });
    this.logger.log(`API ${identifier} deleted`);
  }

  private builtIn(): ResourceServer {
    return this.registry.builtIn();
  }

  private isBuiltIn(identifier: string): boolean {
    return this.registry.isBuiltIn(identifier);
  }

  private async requireEntity(identifier: string): Promise<ApiEntity> {
    const entity = await this.apis.findOneBy({ identifier });
    if (!entity) throw new ApiNotFoundError();
    return entity;
  }

  /**
   * API_TOKEN_TTL_MAX bounds every API's tokens (and the key grace period is validated against
   * it), so an API may not outlive it. Known only at run time, hence checked here, not in a DTO.
   */
  private assertTtlAllowed(ttl: number | null | undefined): void {
    if (ttl === undefined || ttl === null) return;
    const max = this.config.jwt.apiTokenTtlMax;
    if (Number.isInteger(ttl) && ttl >= 1 && ttl <= max) return;
    throw new RequestValidationError([
      { field: 'access_token_ttl', message: `access_token_ttl must be from 1 to ${max} seconds` },
    ]);
  }
}

/** The requested values that differ from the stored ones; lists are compared as sets. */
function changedValues(
  stored: Readonly<ChangeableValues>,
  requested: Partial<ChangeableValues>,
): Partial<ChangeableValues> {
  const changed: Partial<Record<ChangeableField, unknown>> = {};
  for (const field of Object.keys(CHANGEABLE) as ChangeableField[]) {
    const value = requested[field];
    if (value !== undefined && !sameValue(stored[field], value)) changed[field] = value;
  }
  return changed as Partial<ChangeableValues>;
}

function sameValue(stored: unknown, requested: unknown): boolean {
  if (!Array.isArray(stored) || !Array.isArray(requested)) return stored === requested;
  const names = new Set<unknown>(stored);
  return (
    names.size === new Set<unknown>(requested).size && requested.every((name) => names.has(name))
  );
}

function sortedSet(names: readonly string[]): string[] {
  return [...new Set(names)].sort();
}

function inUseOrder(uses: readonly TokenUse[]): TokenUse[] {
  return TOKEN_USES.filter((use) => uses.includes(use));
}

/** Maps the identifier's key to its typed 409; anything else passes on, without its parameters. */
function duplicateError(error: unknown): unknown {
  if (violatedUniqueConstraint(error) === IDENTIFIER_KEY) return new ApiExistsError();
  return withoutQueryParameters(error);
}
