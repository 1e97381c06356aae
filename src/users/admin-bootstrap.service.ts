import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../config';
import { placeholderEmail } from './admin-account';
import { ADMIN_ROLE } from './permissions';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * The first administrator. Creates it from ADMIN_USERNAME / ADMIN_PASSWORD when no user of that
 * name exists; safe with several replicas starting at once: the insert ignores a conflict, so
 * exactly one of them creates it. (The configuration has already checked ADMIN_PASSWORD against
 * the password rules.) When no active user holds the admin role afterwards, says in one line
 * how to get one, since nothing else would.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly users: UsersService,
    private readonly repository: UsersRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.createFromConfig();
    if (await this.repository.activeUserWithRoleExists(ADMIN_ROLE)) return;
    this.logger.log(
      `No active user holds the '${ADMIN_ROLE}' role: set ADMIN_PASSWORD before starting ` +
        `(creates '${this.config.auth.adminUsername}'), or run npm run users:create-admin`,
    );
  }

  private async createFromConfig(): Promise<void> {
    const { adminUsername, adminPassword } = this.config.auth;
    if (!adminPassword) return;
    if (await this.users.findByUsername(adminUsername)) return;
    const created = await this.users.createIfAbsent({
      username: adminUsername,
      email: placeholderEmail(adminUsername),
      password: adminPassword,
      roles: [ADMIN_ROLE],
    });
    if (!created) return;
    await this.audit.record({ type: 'user.created', actor: 'system', subject: created.id });
    this.logger.log(`Created the administrator '${adminUsername}' (role ${ADMIN_ROLE})`);
  }
}
