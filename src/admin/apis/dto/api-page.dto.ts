import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '../../../common/page.dto';
import { ApiDto } from './api.dto';

/** `GET /apis`: one page; the built-in API first, then the registered ones oldest first. */
export class ApiPageDto extends PageDto {
  @ApiProperty({ type: [ApiDto] })
  items!: ApiDto[];
}
