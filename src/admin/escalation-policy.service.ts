import { Injectable } from '@nestjs/common';
import type { Principal } from '@warden/nest-auth';
import { ClientsService } from '../tokens/clients/clients.service';
import { RolesService } from '../users/roles.service';
import { UserChange, UsersService } from '../users/users.service';
import { CallerAuthorityService } from './caller-authority.service';
import { ADMIN_PERMISSIONS } from '../users/permissions';
import { Authority, missingPrivileges } from './missing-privileges';
import { PrivilegeEscalationError } from './privilege-escalation.error';

/**
 * docs/architecture.md §5 "No escalation": a caller hands out (to a user, role or client) only
 * what it holds itself, and acts only on users, roles and clients holding nothing more than it
 * does.
 * Each method throws PrivilegeEscalationError, or returns when the change is allowed; a missing
 * target is left for the change itself to report (404).
 */
@Injectable()
export class EscalationPolicyService {
  constructor(
    private readonly authority: CallerAuthorityService,
    private readonly users: UsersService,
    private readonly roles: RolesService,
    private readonly clients: ClientsService,
  ) {}

  /** PATCH /users/:id: the user as it is, and as it would be after the change. */
  async assertMayChangeUser(caller: Principal, id: string, change: UserChange): Promise<void> {
    const field = privilegeField(change);
    if (field !== undefined && caller.sub === id) {
      throw PrivilegeEscalationError.ownPrivileges(field);
    }
    const target = await this.users.findById(id, { rolesFrom: 'database' });
    if (!target) return;
    const authority = await this.authority.authorityOf(caller);
    const held = missingPrivileges(authority, target.permissions);
    if (held.length > 0) throw PrivilegeEscalationError.target('user', held);
    if (field === undefined) return;
    // Without new permissions the effective ones stand in for the user's own: a superset, which
    // the caller was just shown to hold, so the check is exactly "new roles ⊆ authority".
    const after = await this.roles.effectivePermissions(
      {
        roles: change.roles ?? target.roles,
        permissions: change.permissions ?? target.permissions,
      },
      { rolesFrom: 'database' },
    );
    const granted = missingPrivileges(authority, after);
    if (granted.length > 0) throw PrivilegeEscalationError.grant(granted);
  }

  /**
   * PATCH /users/:id and /clients/:id setting `attributes`: nobody sets its own, not even to the
   * values it has. They are authorisation data (a tenant id) that APIs map into tokens, as
   * roles are. `subject` is the `sub` of the target's own tokens (a user id, `client:<id>`).
   */
  assertMayChangeAttributes(caller: Principal, subject: string): void {
    if (caller.sub !== subject) return;
    throw new PrivilegeEscalationError('You may not change your own attributes', {
      field: 'attributes',
      missing: [],
    });
  }

  /** Deactivating, deleting or logging out a user needs authority over all it holds. */
  async assertMayActOnUser(caller: Principal, id: string): Promise<void> {
    const target = await this.users.findById(id, { rolesFrom: 'database' });
    if (!target) return;
    const missing = missingPrivileges(await this.authority.authorityOf(caller), target.permissions);
    if (missing.length > 0) throw PrivilegeEscalationError.target('user', missing);
  }

  /** PUT /roles/:name: neither the new permissions nor the role's current ones exceed the caller. */
  async assertMayWriteRole(
    caller: Principal,
    name: string,
    permissions: readonly string[],
  ): Promise<void> {
    const authority = await this.authority.authorityOf(caller);
    const granted = missingPrivileges(authority, permissions);
    if (granted.length > 0) throw PrivilegeEscalationError.grant(granted);
    const current = await this.roles.find(name);
    const held = missingPrivileges(authority, current?.permissions ?? []);
    if (held.length > 0) throw PrivilegeEscalationError.target('role', held);
  }

  /** POST /clients; PATCH /clients/:id giving `permissions` or `first_party: true`. */
  async assertMayCreateClient(
    caller: Principal,
    permissions: readonly string[],
    firstParty = false,
  ): Promise<void> {
    const authority = await this.authority.authorityOf(caller);
    if (firstParty) assertFullAuthority(authority);
    const missing = missingPrivileges(authority, permissions);
    if (missing.length > 0) throw PrivilegeEscalationError.grant(missing);
  }

  /** DELETE and PATCH /clients/:id. */
  async assertMayDeleteClient(caller: Principal, clientId: string): Promise<void> {
    const client = await this.clients.findById(clientId);
    if (!client) return;
    const authority = await this.authority.authorityOf(caller);
    if (client.firstParty) assertFullAuthority(authority);
    const missing = missingPrivileges(authority, client.permissions);
    if (missing.length > 0) throw PrivilegeEscalationError.target('client', missing);
  }

  /**
   * POST, PATCH and DELETE /apis: an API's permissions are what its tokens may carry, so the
   * ones it starts or stops defining (from `before` to `after`) must all be the caller's.
   */
  async assertMayRedefineApi(
    caller: Principal,
    before: readonly string[],
    after: readonly string[],
  ): Promise<void> {
    const changed = [
      ...after.filter((permission) => !before.includes(permission)),
      ...before.filter((permission) => !after.includes(permission)),
    ];
    if (changed.length === 0) return;
    const missing = missingPrivileges(await this.authority.authorityOf(caller), changed);
    if (missing.length > 0) throw PrivilegeEscalationError.grant(missing);
  }
}

/**
 * A first-party client's code-flow tokens carry the roles of whoever signs in to it, which a
 * consumer API may trust (`@Roles('admin')`): to the tokens it receives, it stands where its
 * most privileged user stands. So only a caller with every administrative permission makes
 * one, or changes or deletes one (its redirect URIs decide who receives those tokens).
 */
function assertFullAuthority(authority: Authority): void {
  if (authority.full) return;
  throw PrivilegeEscalationError.firstParty(
    ADMIN_PERMISSIONS.filter((permission) => !authority.permissions.has(permission)),
  );
}

/** The field of a change that sets roles or permissions, if any. */
function privilegeField(change: UserChange): 'roles' | 'permissions' | undefined {
  if (change.roles !== undefined) return 'roles';
  if (change.permissions !== undefined) return 'permissions';
  return undefined;
}
