import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '../../../common/page.dto';
import { PublicUserDto } from '../../../users/dto/public-user.dto';

/** `GET /users`: one page of users, oldest first. */
export class UsersPageDto extends PageDto {
  @ApiProperty({ type: [PublicUserDto] })
  items!: PublicUserDto[];
}
