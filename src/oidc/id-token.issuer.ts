import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, epochSeconds, type Clock } from '@warden/nest-auth';
import { APP_CONFIG, AppConfig } from '../config';
import { signJws } from '../keys/jws-sign';
import { KeyStoreService } from '../keys/key-store.service';
import type { Authentication } from '../tokens/authentication';
import { accessTokenHash, IdTokenClaims } from './id-token';

export interface IdTokenSubject {
  userId: string;
  clientId: string;
  authentication: Authentication;
  nonce?: string;
  /** The single sign-on session's id (OIDC Front/Back-Channel Logout's `sid`). */
  sid?: string;
  /** The access token issued with it: its `at_hash` (OIDC Core §3.1.3.6). */
  accessToken: string;
}

/**
 * ID tokens (OIDC Core §2): signed with the active key, header `typ: "JWT"`, for the client
 * (`aud` and `azp`), living as long as an access token.
 */
@Injectable()
export class IdTokenIssuer {
  constructor(
    private readonly keys: KeyStoreService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  issue(subject: IdTokenSubject): string {
    const signingKey = this.keys.getSigningKey();
    const now = epochSeconds(this.clock);
    const claims: IdTokenClaims = {
      iss: this.config.jwt.issuer,
      sub: subject.userId,
      aud: subject.clientId,
      azp: subject.clientId,
      exp: now + this.config.jwt.accessTokenTtl,
      iat: now,
      auth_time: subject.authentication.authTime,
      ...(subject.nonce !== undefined && { nonce: subject.nonce }),
      at_hash: accessTokenHash(subject.accessToken, signingKey.alg),
      amr: [...subject.authentication.amr],
      acr: subject.authentication.acr,
      ...(subject.sid !== undefined && { sid: subject.sid }),
    };
    return signJws({ typ: 'JWT' }, { ...claims }, signingKey);
  }
}
