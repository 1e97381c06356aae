import { ApiPropertyOptional } from '@nestjs/swagger';
import type { CreatedClient } from '../../../tokens/clients/clients.service';
import { ClientDto } from './client.dto';

/** `POST /clients` 201: the client and its secret, shown this once (a public one has none). */
export class CreatedClientDto extends ClientDto {
  @ApiPropertyOptional({
    description:
      'Shown once: only its SHA-256 digest is stored. Absent for a public client ' +
      '(`token_endpoint_auth_method: none`), which has no secret',
    example: 'mF8x2wq6Q0mJkq3Vt8G1bOe2yR4n9sXcLhA7uPzD5kE',
  })
  client_secret?: string;

  static fromCreated({ client, clientSecret }: CreatedClient): CreatedClientDto {
    const listed = ClientDto.from(client);
    return clientSecret === undefined ? listed : { ...listed, client_secret: clientSecret };
  }
}
