import { IsOmittable } from '../../common/is-omittable.decorator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class RevokeKeyDto {
  @ApiPropertyOptional({ example: 'key material exposed in a backup', maxLength: 200 })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  reason?: string;
}
