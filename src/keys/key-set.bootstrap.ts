import { Injectable, OnModuleInit } from '@nestjs/common';
import { KeyRotationService } from './key-rotation.service';
import { KeyStoreService } from './key-store.service';

/**
 * Start-up of the key set, in the one order that works (docs/architecture.md §4): the write side
 * creates the first `active` and `next` keys if there are none, then the read side loads them
 * and starts watching for changes. Nest runs the onModuleInit hooks of one module concurrently,
 * so the order lives here rather than in either service.
 */
@Injectable()
export class KeySetBootstrap implements OnModuleInit {
  constructor(
    private readonly rotation: KeyRotationService,
    private readonly keyStore: KeyStoreService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.rotation.ensureInitialKeys();
    await this.keyStore.start();
  }
}
