import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { VerificationOutcome } from '@warden/nest-auth';

export type { VerificationOutcome };
export type LoginOutcome = 'succeeded' | 'failed' | 'locked';

/**
 * Warden's Prometheus series (docs/architecture.md §5 Operations). One registry per application
 * instance, so several apps in one process (tests) never share or collide.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly tokensIssued = new Counter({
    name: 'warden_tokens_issued_total',
    help: 'Tokens issued, by token_use (access, service, delegated, refresh)',
    labelNames: ['token_use'] as const,
    registers: [this.registry],
  });

  readonly verifications = new Counter({
    name: 'warden_token_verifications_total',
    help: 'Access token verifications by the service, by kid and outcome',
    labelNames: ['kid', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly kidMisses = new Counter({
    name: 'warden_kid_misses_total',
    help: 'Tokens presented with a kid that no published key has',
    registers: [this.registry],
  });

  readonly logins = new Counter({
    name: 'warden_logins_total',
    help: 'Password logins, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly mfa = new Counter({
    name: 'warden_mfa_total',
    help: 'Second-factor events (enrolments, codes accepted and refused, resets), by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly rotations = new Counter({
    name: 'warden_key_rotations_total',
    help: 'Signing key rotations performed by this replica',
    registers: [this.registry],
  });

  readonly jwksRequests = new Counter({
    name: 'warden_jwks_requests_total',
    help: 'Requests for the JWKS document',
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'warden_http_request_duration_seconds',
    help: 'HTTP request latency, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'warden_' });
  }

  /** Bounded label values: a kid comes from the token, so unknown ones are not labels. */
  recordVerification(
    kid: string | undefined,
    outcome: VerificationOutcome,
    kidKnown: boolean,
  ): void {
    this.verifications.inc({ kid: kid && kidKnown ? kid : 'unknown', outcome });
    if (kid && !kidKnown) this.kidMisses.inc();
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
