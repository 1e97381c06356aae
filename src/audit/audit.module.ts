import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEventEntity } from './audit-event.entity';
import { AuditRetentionJob } from './audit-retention.job';
import { AuditService } from './audit.service';

/**
 * Global: every feature records what it does without importing this module. Also purges events
 * older than AUDIT_RETENTION_DAYS.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditEventEntity])],
  providers: [AuditService, AuditRetentionJob],
  exports: [AuditService],
})
export class AuditModule {}
