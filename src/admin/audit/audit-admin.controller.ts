import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiErrorResponse,
  ApiPermissionErrors,
  ApiUnavailableError,
} from '../../common/api-error.decorator';
import { Permissions } from '@warden/nest-auth/swagger';
import { AuditService } from '../../audit/audit.service';
import { AuditPageDto } from './dto/audit-page.dto';
import { ListAuditQueryDto } from './dto/list-audit.query.dto';

/** docs/architecture.md §5: the audit trail, read-only. */
@ApiTags('admin')
@ApiUnavailableError()
@Controller('audit')
export class AuditAdminController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiPermissionErrors('audit:read')
  @Permissions('audit:read')
  @ApiOperation({
    summary: 'Audit events, newest first, optionally of one type',
    description:
      'Page by `offset`, or by `after`: the `next_cursor` of the previous page (with the same ' +
      '`type`). Events recorded while a client walks by cursor are newer than its position, ' +
      'so the walk neither repeats nor skips one. Events older than AUDIT_RETENTION_DAYS are ' +
      'deleted.',
  })
  @ApiOkResponse({ description: 'One page of events', type: AuditPageDto })
  @ApiErrorResponse(
    HttpStatus.BAD_REQUEST,
    'Negative offset, limit below 1, bad `type`, `after` with `offset`, or an `after` that is ' +
      'not a cursor of this list',
    {
      code: 'ERR_VALIDATION',
      message: 'give either offset or after, not both',
      errors: [{ field: 'after', message: 'give either offset or after, not both' }],
    },
  )
  list(@Query() query: ListAuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(query);
  }
}
