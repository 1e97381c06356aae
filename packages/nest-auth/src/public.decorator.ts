import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'warden:public';

/**
 * Opts a route (or a whole controller) out of the global authentication guard.
 *
 * @example
 * ```ts
 * @Public()
 * @Get('health')
 * health() { return { ok: true }; }
 * ```
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
