import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { KeysModule } from '../keys/keys.module';
import { HealthController } from './health.controller';
import { KeysHealthIndicator } from './keys.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false, errorLogStyle: 'json' }), KeysModule],
  controllers: [HealthController],
  providers: [KeysHealthIndicator],
})
export class HealthModule {}
