import { Injectable } from '@nestjs/common';
import type { Principal } from '@warden/nest-auth';
import { ClientsService } from '../tokens/clients/clients.service';
import { clientIdOfSubject } from '../tokens/clients/service-client';
import { UsersService } from '../users/users.service';
import { Authority, authorityOf, intersectPermissions } from './missing-privileges';

/**
 * What a caller holds right now (docs/architecture.md §5 "No escalation"): its token's
 * permissions, and only those its subject still holds in the database, so a token issued
 * before a demotion grants nothing it lost. A delegated token is also bounded by the acting
 * client. A subject that no longer exists or is inactive holds nothing.
 */
@Injectable()
export class CallerAuthorityService {
  constructor(
    private readonly users: UsersService,
    private readonly clients: ClientsService,
  ) {}

  async authorityOf(caller: Principal): Promise<Authority> {
    const subject = await this.subjectPermissions(caller);
    const held =
      caller.tokenUse === 'delegated'
        ? intersectPermissions(subject, await this.clientPermissions(caller.clientId))
        : subject;
    return authorityOf(intersectPermissions(caller.permissions, held));
  }

  private async subjectPermissions(caller: Principal): Promise<string[]> {
    const clientId = serviceClientId(caller);
    if (clientId !== undefined) return this.clientPermissions(clientId);
    const user = await this.users.findById(caller.sub, { rolesFrom: 'database' });
    return user?.isActive ? user.permissions : [];
  }

  private async clientPermissions(clientId: string): Promise<string[]> {
    const client = await this.clients.findById(clientId);
    return client?.isActive ? client.permissions : [];
  }
}

/** The client a token speaks for itself (`sub: "client:<id>"`, or a service token). */
function serviceClientId(caller: Principal): string | undefined {
  const clientId = clientIdOfSubject(caller.sub);
  if (clientId !== undefined) return clientId;
  return caller.tokenUse === 'service' ? caller.clientId : undefined;
}
