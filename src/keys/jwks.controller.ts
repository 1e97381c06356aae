import { Controller, Get, Headers, Inject, Optional, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../config';
import { MetricsService } from '../metrics/metrics.service';
import { Public } from '@warden/nest-auth';
import { JwksDto } from './dto/jwks.dto';
import { Jwks, KeyStoreService } from './key-store.service';

interface RenderedJwks {
  source: Jwks;
  body: string;
  etag: string;
}

/** RFC 7517 §5: the public keys verifiers need, cacheable for JWKS_MAX_AGE. */
@ApiTags('keys')
@Public()
@Controller('.well-known')
export class JwksController {
  private rendered: RenderedJwks | undefined;

  constructor(
    private readonly keyStore: KeyStoreService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  @Get('jwks.json')
  @ApiOperation({ summary: 'The public signing keys (next, active and retiring), as a JWK Set' })
  @ApiOkResponse({ type: JwksDto })
  jwks(
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): void {
    this.metrics?.jwksRequests.inc();
    const { body, etag } = this.render();
    void reply
      .header('Cache-Control', `public, max-age=${this.config.keys.jwksMaxAge}`)
      .header('ETag', etag);
    if (matches(ifNoneMatch, etag)) {
      void reply.code(304).send();
      return;
    }
    void reply.code(200).type('application/json; charset=utf-8').send(body);
  }

  private render(): RenderedJwks {
    const source = this.keyStore.getJwks();
    if (this.rendered?.source !== source) {
      const body = JSON.stringify(source);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
      this.rendered = { source, body, etag };
    }
    return this.rendered;
  }
}

/** RFC 9110 §13.1.2: a list of entity tags or `*`, compared weakly for GET. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
