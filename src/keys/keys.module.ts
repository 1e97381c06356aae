import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KEY_RESOLVER } from '@warden/nest-auth';
import { DatabaseClock } from './database-clock';
import { KEY_ENCRYPTION_KEY, keyEncryptionKeyProvider } from './key-encryption-key.provider';
import { KeyRotationJob } from './key-rotation.job';
import { KeyRotationService } from './key-rotation.service';
import { KeySetBootstrap } from './key-set.bootstrap';
import { KeyStoreService } from './key-store.service';
import { JwksController } from './jwks.controller';
import { KeysAdminController } from './keys-admin.controller';
import { LocalKeyResolver } from './local-key.resolver';
import { SigningKeyEntity } from './signing-key.entity';
import { SigningKeysRepository } from './signing-keys.repository';

/**
 * Signing keys: encrypted at rest, cached in memory, published as a JWKS and rotated on a
 * schedule (docs/architecture.md §4). Other modules use KeyStoreService (sign, verify)
 * and KEY_RESOLVER.
 */
@Module({
  imports: [TypeOrmModule.forFeature([SigningKeyEntity])],
  controllers: [JwksController, KeysAdminController],
  providers: [
    keyEncryptionKeyProvider,
    DatabaseClock,
    SigningKeysRepository,
    KeyRotationService,
    KeyStoreService,
    KeySetBootstrap,
    KeyRotationJob,
    LocalKeyResolver,
    { provide: KEY_RESOLVER, useExisting: LocalKeyResolver },
  ],
  exports: [
    // The second factor's secrets are sealed under the same key (src/mfa/totp-secret.seal.ts).
    KEY_ENCRYPTION_KEY,
    KeyStoreService,
    KeyRotationService,
    SigningKeysRepository,
    LocalKeyResolver,
    KEY_RESOLVER,
  ],
})
export class KeysModule {}
