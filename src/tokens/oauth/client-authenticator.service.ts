import { Injectable } from '@nestjs/common';
import { ClientsService } from '../clients/clients.service';
import type { ServiceClient } from '../clients/service-client';
import { parseClientCredentials } from './client-credentials.parser';
import type { ClientAuthFieldsDto } from './dto/client-auth-fields.dto';

/**
 * Client authentication of the OAuth endpoints (RFC 6749 §2.3.1): `client_secret_basic` or
 * `client_secret_post`, never both. Failures are InvalidClientError (401 invalid_client).
 */
@Injectable()
export class ClientAuthenticatorService {
  constructor(private readonly clients: ClientsService) {}

  authenticate(authorization: unknown, body: ClientAuthFieldsDto): Promise<ServiceClient> {
    const presented = parseClientCredentials({
      authorization,
      clientId: body.client_id,
      clientSecret: body.client_secret,
    });
    return this.clients.authenticate(presented.clientId, presented.clientSecret);
  }
}
