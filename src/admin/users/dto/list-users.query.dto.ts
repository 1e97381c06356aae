import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { KeysetPageQueryDto } from '../../../common/keyset-page-query.dto';
import { booleanParam } from '../../../common/query-params';

/** `GET /users?offset|after&limit&active&mfa`. */
export class ListUsersQueryDto extends KeysetPageQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Only active (`true`) or only deactivated (`false`) users; both when absent',
  })
  @Transform(({ value }) => booleanParam(value))
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description:
      'Only users with (`true`) or without (`false`) a second factor enrolled; both when absent',
  })
  @Transform(({ value }) => booleanParam(value))
  @IsOptional()
  @IsBoolean()
  mfa?: boolean;
}
