import { Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RoleCacheService } from './role-cache.service';
import { RoleEntity } from './role.entity';
import { effectivePermissions, PermissionHolder } from './effective-permissions';
import { UnknownRoleError } from './users.errors';

/** A role as it leaves the module (`GET /roles`). */
export interface Role {
  name: string;
  permissions: string[];
  description: string | null;
}

export interface RoleChange {
  permissions: string[];
  description?: string | null;
}

/**
 * Where a user's roles are resolved: this replica's copy of the table, or the table itself, for
 * the decisions that must not trail a role change made elsewhere by even a NOTIFY's delivery
 * (what an administrator holds, what a change would grant).
 */
export interface RoleLookup {
  rolesFrom?: 'cache' | 'database';
}

/** Who made a change and from where, for the audit trail. */
export interface ChangeContext {
  actor?: string;
  ip?: string;
}

@Injectable()
export class RolesService {
  constructor(
    @InjectRepository(RoleEntity) private readonly roles: Repository<RoleEntity>,
    private readonly audit: AuditService,
    // Absent in the CLIs (no listener there): every lookup reads the table.
    @Optional() private readonly cache?: RoleCacheService,
  ) {}

  async list(): Promise<Role[]> {
    const rows = await this.roles.find({ order: { name: 'ASC' } });
    return rows.map(toRole);
  }

  /** The role, or null when there is none. */
  async find(name: string): Promise<Role | null> {
    const row = await this.roles.findOneBy({ name });
    return row ? toRole(row) : null;
  }

  /** Creates the role or replaces its permissions (and description, when given). */
  async upsert(name: string, change: RoleChange, context: ChangeContext = {}): Promise<Role> {
    const permissions = [...new Set(change.permissions)].sort();
    await this.roles.query(
      `INSERT INTO roles (name, permissions, description) VALUES ($1, $2::text[], $3)
       ON CONFLICT (name) DO UPDATE
         SET permissions = EXCLUDED.permissions,
             description = CASE WHEN $4 THEN EXCLUDED.description ELSE roles.description END`,
      [name, permissions, change.description ?? null, change.description !== undefined],
    );
    // The other replicas hear of it from the table's trigger (NotifyRoleChanges).
    this.cache?.invalidate();
    await this.audit.record({
      type: 'role.upserted',
      actor: context.actor,
      subject: name,
      ip: context.ip,
      details: { permissions },
    });
    const row = await this.roles.findOneByOrFail({ name });
    return toRole(row);
  }

  /** Throws UnknownRoleError naming every role in `names` that does not exist. */
  async assertExist(names: readonly string[]): Promise<void> {
    const wanted = [...new Set(names)];
    if (wanted.length === 0) return;
    const found = await this.roles.findBy({ name: In(wanted) });
    const known = new Set(found.map((role) => role.name));
    const unknown = wanted.filter((name) => !known.has(name));
    if (unknown.length > 0) throw new UnknownRoleError(unknown);
  }

  /** The user's own permissions plus those of its roles. */
  async effectivePermissions(
    user: PermissionHolder,
    { rolesFrom = 'cache' }: RoleLookup = {},
  ): Promise<string[]> {
    if (user.roles.length === 0) return effectivePermissions(user, []);
    const loadNamed = (names: readonly string[]): Promise<RoleEntity[]> =>
      this.roles.findBy({ name: In([...names]) });
    const roles =
      this.cache && rolesFrom === 'cache'
        ? await this.cache.rolesNamed(user.roles, loadNamed, (limit) =>
            this.roles.find({ take: limit }),
          )
        : await loadNamed(user.roles);
    return effectivePermissions(user, roles);
  }
}

function toRole(row: RoleEntity): Role {
  return { name: row.name, permissions: [...row.permissions], description: row.description };
}
