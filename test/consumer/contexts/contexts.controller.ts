import { Controller, Get } from '@nestjs/common';
import { CurrentUser, Roles } from '@warden/nest-auth';

/** The HTTP side of the same app: the same guard must still answer 401/403 over HTTP. */
@Controller('contexts')
export class ContextsController {
  @Get('me')
  me(@CurrentUser('sub') sub: string): { sub: string } {
    return { sub };
  }

  @Roles('admin')
  @Get('admin')
  admin(): { ok: true } {
    return { ok: true };
  }
}
