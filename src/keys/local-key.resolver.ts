import { Injectable } from '@nestjs/common';
import type { KeyResolver, ResolvedKey } from '@warden/nest-auth';
import { KeyStoreService } from './key-store.service';

/** KEY_RESOLVER inside the service: the local key store, synchronous and in memory. */
@Injectable()
export class LocalKeyResolver implements KeyResolver {
  constructor(private readonly keyStore: KeyStoreService) {}

  resolve(kid: string): ResolvedKey | undefined {
    return this.keyStore.getVerificationKey(kid);
  }
}
