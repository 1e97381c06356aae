import { ApiProperty } from '@nestjs/swagger';
import type { CreatedClient } from '../../../tokens/clients/clients.service';
import { ClientDto } from './client.dto';

/** `POST /clients` 201: the client and its secret, shown this once. */
export class CreatedClientDto extends ClientDto {
  @ApiProperty({
    description: 'Shown once: only its SHA-256 digest is stored',
    example: 'mF8x2wq6Q0mJkq3Vt8G1bOe2yR4n9sXcLhA7uPzD5kE',
  })
  client_secret!: string;

  static fromCreated({ client, clientSecret }: CreatedClient): CreatedClientDto {
    return { ...ClientDto.from(client), client_secret: clientSecret };
  }
}
