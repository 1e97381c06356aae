import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import { ADMIN_ROLE } from './permissions';
import { UsersService } from './users.service';
import { InvalidPasswordError } from './users.errors';

/**
 * Creates the first administrator from ADMIN_USERNAME / ADMIN_PASSWORD when no user of that
 * name exists. Safe with several replicas starting at once: the insert ignores a conflict, so
 * exactly one of them creates it.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { adminUsername, adminPassword } = this.config.auth;
    if (!adminPassword) return;
    if (await this.users.findByUsername(adminUsername)) return;
    const created = await this.users
      .createIfAbsent({
        username: adminUsername,
        // A placeholder address (an administrator changes it with PATCH /users/:id);
        // `localhost` has no TLD, so registration can never claim it first.
        email: `${adminUsername.toLowerCase()}@localhost`,
        password: adminPassword,
        roles: [ADMIN_ROLE],
      })
      .catch((error: unknown) => {
        if (error instanceof InvalidPasswordError) {
          throw new Error(`ADMIN_PASSWORD is not acceptable: ${error.message}`);
        }
        throw error;
      });
    if (!created) return;
    await this.audit.record({ type: 'user.created', actor: 'system', subject: created.id });
    this.logger.log(`Created the administrator '${adminUsername}' (role ${ADMIN_ROLE})`);
  }
}
