import { ApiProperty } from '@nestjs/swagger';
import { KeysetPageDto } from '../../../common/keyset-page.dto';
import { AuditEventDto } from './audit-event.dto';

/** `GET /audit`: one page of events, newest first. */
export class AuditPageDto extends KeysetPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  items!: AuditEventDto[];
}
