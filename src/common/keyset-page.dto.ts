import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from './page.dto';

/** PageDto plus `next_cursor`, for the lists that page by cursor (`GET /users`, `GET /audit`). */
export abstract class KeysetPageDto extends PageDto {
  @ApiProperty({
    description: 'How many matching items were skipped; 0 on a page asked for with `after`',
    example: 0,
  })
  declare offset: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'WyIyMDI2LTAxLTAxVDEwOjAwOjAwLjAwMDAwMFoiLCIxMDQyIl0',
    description: 'Pass as `after` for the next page; null on the last page',
  })
  next_cursor!: string | null;
}
