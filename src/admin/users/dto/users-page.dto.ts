import { ApiProperty } from '@nestjs/swagger';
import { KeysetPageDto } from '../../../common/keyset-page.dto';
import { PublicUserDto } from '../../../users/dto/public-user.dto';

/** `GET /users`: one page of users, oldest first. */
export class UsersPageDto extends KeysetPageDto {
  @ApiProperty({ type: [PublicUserDto] })
  items!: PublicUserDto[];
}
