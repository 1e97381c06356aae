import { Injectable } from '@nestjs/common';
import type { TokenTarget } from '../../apis/token-target';
import type { Attributes } from '../../common/attributes';
import { UsersService } from '../../users/users.service';
import { ClientsService } from '../clients/clients.service';
import { clientIdOfSubject } from '../clients/service-client';

/**
 * The current attributes of a token's subject (a user, or a client for `client:<id>`), read only
 * when the token's API maps any: a delegated token carries what the subject holds now, as a
 * refreshed one does.
 */
@Injectable()
export class SubjectAttributes {
  constructor(
    private readonly users: UsersService,
    private readonly clients: ClientsService,
  ) {}

  async of(sub: string, target: TokenTarget): Promise<Attributes | undefined> {
    if (target.claimNames.length === 0) return undefined;
    const clientId = clientIdOfSubject(sub);
    if (clientId !== undefined) return (await this.clients.findById(clientId))?.attributes;
    return (await this.users.findById(sub))?.attributes;
  }
}
