import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '../../../common/page';
import { ClientDto } from './client.dto';

/** `GET /clients`: one page, oldest client first. */
export class ClientPageDto implements Page<ClientDto> {
  @ApiProperty({ type: [ClientDto] })
  items!: ClientDto[];

  @ApiProperty({ example: 1 })
  total!: number;

  @ApiProperty({ example: 0 })
  offset!: number;

  @ApiProperty({ example: 20 })
  limit!: number;
}
