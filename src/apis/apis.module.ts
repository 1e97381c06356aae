import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiEntity } from './api.entity';
import { ApiRegistry } from './api-registry.service';
import { ApisService } from './apis.service';

/**
 * Resource servers (docs/architecture.md §3 "Audiences"): the registry the token endpoints ask
 * what a token for an audience may carry. Their administration is AdminModule's `/apis`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ApiEntity])],
  providers: [ApiRegistry, ApisService],
  exports: [ApiRegistry, ApisService, TypeOrmModule],
})
export class ApisModule {}
