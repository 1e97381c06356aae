import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { TokenUse } from '@warden/nest-auth';
import { APP_CONFIG, AppConfig } from '../config';
import { InvalidTargetError } from '../tokens/oauth/oauth.errors';
import { ApiEntity } from './api.entity';
import { builtInApi, ResourceServer, toResourceServer } from './resource-server';
import { TokenTarget, tokenTarget } from './token-target';

/** Which APIs a requester may name: a client's `allowed_audiences`, or any (first-party). */
export type AllowedAudiences = readonly string[] | 'any';

export interface TargetRequest {
  /** The audiences asked for (requestedAudiences); empty: the default audience. */
  requested: readonly string[];
  allowed: AllowedAudiences;
  tokenUse: TokenUse;
  /** The lifetime of the use when an API sets none. */
  defaultTtl: number;
}

/**
 * The read side of the registered APIs, for the token endpoints: what a token asked for some
 * audiences is shaped by. Read from the database on every grant (a primary-key lookup), so an
 * API changed or deleted on one replica shapes the next token on every other.
 */
@Injectable()
export class ApiRegistry {
  constructor(
    @InjectRepository(ApiEntity) private readonly apis: Repository<ApiEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The service's own audience as an API. */
  builtIn(): ResourceServer {
    return builtInApi(this.config.jwt.audience);
  }

  isBuiltIn(identifier: string): boolean {
    return identifier === this.config.jwt.audience;
  }

  /** The APIs of these identifiers that exist (the built-in one included), in the given order. */
  async findAll(identifiers: readonly string[]): Promise<ResourceServer[]> {
    const stored = identifiers.filter((identifier) => !this.isBuiltIn(identifier));
    const rows = stored.length === 0 ? [] : await this.apis.findBy({ identifier: In(stored) });
    const byId = new Map(rows.map((row) => [row.identifier, toResourceServer(row)]));
    return identifiers.flatMap((identifier) => {
      if (this.isBuiltIn(identifier)) return [this.builtIn()];
      const api = byId.get(identifier);
      return api === undefined ? [] : [api];
    });
  }

  /**
   * The target of a token asked for `requested` (RFC 8707 §2): every audience must be the
   * built-in one or a registered API the requester is allowed; otherwise `invalid_target`,
   * naming no API the requester may not see.
   */
  async targetFor(request: TargetRequest): Promise<TokenTarget> {
    const requested =
      request.requested.length === 0 ? [this.config.jwt.audience] : request.requested;
    for (const identifier of requested) {
      if (!this.isBuiltIn(identifier) && !isAllowed(request.allowed, identifier)) {
        throw new InvalidTargetError();
      }
    }
    const apis = await this.findAll(requested);
    if (apis.length !== requested.length) throw new InvalidTargetError();
    return tokenTarget(apis, request.tokenUse, request.defaultTtl);
  }
}

function isAllowed(allowed: AllowedAudiences, identifier: string): boolean {
  return allowed === 'any' || allowed.includes(identifier);
}
