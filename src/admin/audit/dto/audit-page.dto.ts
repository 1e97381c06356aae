import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '../../../common/page.dto';
import { AuditEventDto } from './audit-event.dto';

/** `GET /audit`: one page of events, newest first. */
export class AuditPageDto extends PageDto {
  @ApiProperty({ type: [AuditEventDto] })
  items!: AuditEventDto[];
}
