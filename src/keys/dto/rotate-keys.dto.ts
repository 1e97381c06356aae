import { IsOmittable } from '../../common/is-omittable.decorator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class RotateKeysDto {
  @ApiPropertyOptional({
    description:
      'Rotate only if this kid is still active: a retried or concurrent request then makes no ' +
      'second rotation',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(100)
  expectedActiveKid?: string;
}
