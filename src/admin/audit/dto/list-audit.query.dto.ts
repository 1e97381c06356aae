import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { KeysetPageQueryDto } from '../../../common/keyset-page-query.dto';

/** `GET /audit?type&offset|after&limit`. */
export class ListAuditQueryDto extends KeysetPageQueryDto {
  @ApiPropertyOptional({
    example: 'login.failed',
    description: 'Only events of this type (`login.succeeded`, `user.updated`, `key.rotated`, ...)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9_.-]{1,64}$/, { message: 'type must be 1 to 64 of a-z 0-9 . _ -' })
  type?: string;
}
