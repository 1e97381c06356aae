import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG, AppConfig } from '../config';
import { KeyRotationService, RotationResult } from './key-rotation.service';

export const KEY_ROTATION_JOB = 'warden:key-rotation';

/**
 * Runs on every replica at KEY_ROTATION_CRON. Each tick retires expired keys and rotates when
 * the active key is older than KEY_ROTATION_INTERVAL; the advisory lock and the age check
 * under it make N replicas produce exactly one rotation.
 */
@Injectable()
export class KeyRotationJob implements OnApplicationBootstrap {
  private readonly logger = new Logger(KeyRotationJob.name);
  private running = false;

  constructor(
    private readonly rotation: KeyRotationService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // The expression comes from the configuration, so the job is registered here rather than
    // with @Cron(); ScheduleModule stops it on shutdown.
    const job = CronJob.from({
      cronTime: this.config.keys.rotationCron,
      onTick: async () => {
        await this.tick();
      },
      start: true,
      waitForCompletion: true,
    });
    this.scheduler.addCronJob(KEY_ROTATION_JOB, job);
  }

  /** One scheduled check. Never throws: a failed check is logged and retried at the next tick. */
  async tick(): Promise<RotationResult | undefined> {
    if (this.running) return undefined;
    this.running = true;
    try {
      // The rotation service reloads this replica's key store itself when anything changed.
      return await this.rotation.rotate({ reason: 'scheduled', actor: 'system', onlyIfDue: true });
    } catch (error) {
      this.logger.error({ err: error }, 'Scheduled key rotation check failed');
      return undefined;
    } finally {
      this.running = false;
    }
  }
}
