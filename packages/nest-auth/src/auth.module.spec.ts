import { Global, Injectable, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthModule } from './auth.module';
import { AuthModuleOptionsError } from './auth.module.options.check';
import type { KeyResolver, ResolvedKey } from './key-resolver';
import type { RevocationChecker } from './revocation-checker';
import { WardenAuthService } from './warden-auth.service';

/** An app's own key source and revocation check, managed by Nest and counting its hooks. */
@Injectable()
class AppKeys implements KeyResolver, RevocationChecker, OnModuleInit, OnModuleDestroy {
  inits = 0;
  destroys = 0;
  onModuleInit(): void {
    this.inits++;
  }
  onModuleDestroy(): void {
    this.destroys++;
  }
  resolve(): ResolvedKey | undefined {
    return undefined;
  }
  isRevoked(): boolean {
    return false;
  }
}

@Global()
@Module({ providers: [AppKeys], exports: [AppKeys] })
class AppKeysModule {}

const BASE = { issuer: 'https://warden.test', audience: 'reports', algorithms: ['RS256' as const] };

describe('AuthModule', () => {
  it('refuses an unknown option key at start-up, naming it', async () => {
    const compiling = Test.createTestingModule({
      imports: [
        AuthModule.forRoot({
          ...BASE,
          jwksUri: 'https://warden.test/jwks',
          ...({ isGlobal: true } as object),
        }),
      ],
    }).compile();

    await expect(compiling).rejects.toThrow(AuthModuleOptionsError);
    await expect(compiling).rejects.toThrow(/unknown option isGlobal/);
  });

  it('takes an app-provided key source and revocation check through forRootAsync without running their hooks twice', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppKeysModule,
        AuthModule.forRootAsync({
          inject: [AppKeys],
          useFactory: (keys: AppKeys) => ({ ...BASE, keyResolver: keys, revocationChecker: keys }),
        }),
      ],
    }).compile();
    await moduleRef.init();
    const keys = moduleRef.get(AppKeys);

    expect(moduleRef.get(WardenAuthService)).toBeInstanceOf(WardenAuthService);
    await moduleRef.close();
    expect([keys.inits, keys.destroys]).toEqual([1, 1]);
  });

  it('uses the same option names in forRoot and forRootAsync (global, globalGuard, exceptionFilter)', () => {
    const sync = AuthModule.forRoot({ ...BASE, jwksUri: 'https://w.test/j', global: false });
    const async = AuthModule.forRootAsync({
      useFactory: () => ({ ...BASE, jwksUri: 'https://w.test/j' }),
      global: false,
      globalGuard: false,
      exceptionFilter: false,
    });

    expect(sync.global).toBe(false);
    expect(async.global).toBe(false);
    expect(async.providers?.length).toBeLessThan(sync.providers?.length ?? 0);
  });
});
