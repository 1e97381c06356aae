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
  @ApiOperation({ summary: 'Audit events, newest first, optionally of one type' })
  @ApiOkResponse({ description: 'One page of events', type: AuditPageDto })
  @ApiErrorResponse(HttpStatus.BAD_REQUEST, 'Negative offset, limit below 1, or bad `type`', {
    code: 'ERR_VALIDATION',
    message: 'offset must not be less than 0',
    errors: [{ field: 'offset', message: 'offset must not be less than 0' }],
  })
  list(@Query() query: ListAuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(query);
  }
}
