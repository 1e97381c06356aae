import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { CLOCK, requestOf, WardenAuthService, type Clock } from '@warden/nest-auth';
import { APP_CONFIG, AppConfig } from '../config';
import { LocalKeyResolver } from '../keys/local-key.resolver';
import { policyOptionsFromConfig } from '../policy/policy-options.from-config';
import { RevocationService } from '../tokens/revocation.service';
import { MFA_ENROLMENT_AUDIENCE } from './enrolment-token';

/**
 * The enrolment routes' guard (they are `@Public()` to the global one): the user's own access
 * token, or the enrolment token of a user who must enrol before anything else. Same checks as
 * the global guard (signature, claims, revocation), with the enrolment audience accepted too.
 */
@Injectable()
export class EnrolmentTokenGuard implements CanActivate {
  private readonly auth: WardenAuthService;

  constructor(
    keys: LocalKeyResolver,
    revocation: RevocationService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.auth = new WardenAuthService(
      {
        ...policyOptionsFromConfig(config),
        audience: [config.jwt.audience, MFA_ENROLMENT_AUDIENCE],
        keyResolver: keys,
        revocationChecker: revocation,
      },
      clock,
    );
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf(context);
    request.user = await this.auth.authenticate(request.headers.authorization);
    return true;
  }
}
