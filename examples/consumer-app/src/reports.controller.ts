import { Controller, Get } from '@nestjs/common';
import {
  CurrentUser,
  Permissions,
  type Principal,
  Public,
  RequiresAuth,
  Roles,
} from '@warden/nest-auth';

/** One route per kind of protection. Without `@Public()` a route needs a valid token. */
@Controller()
export class ReportsController {
  @Public()
  @Get('health')
  health(): { ok: true } {
    return { ok: true };
  }

  @RequiresAuth()
  @Get('me')
  me(@CurrentUser() user: Principal): Record<string, unknown> {
    return { sub: user.sub, username: user.username, roles: user.roles };
  }

  @Roles('admin')
  @Get('admin')
  admin(@CurrentUser('sub') sub: string): Record<string, unknown> {
    return { admin: true, sub };
  }

  @Permissions('reports:read')
  @Get('reports')
  reports(@CurrentUser('sub') sub: string): Record<string, unknown> {
    return { reports: [{ id: 1, title: 'Quarterly' }], requestedBy: sub };
  }
}
