import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class ActorDto {
  @ApiProperty({ example: 'client:Zk3mV9xQ2bT7cN1pL5sR8w' })
  sub!: string;

  @ApiPropertyOptional({ type: () => ActorDto })
  act?: ActorDto;
}

/** RFC 7662 §2.2. Only `active` when the token is not valid. */
export class IntrospectionResponseDto {
  @ApiProperty()
  active!: boolean;

  @ApiPropertyOptional()
  sub?: string;

  @ApiPropertyOptional()
  exp?: number;

  @ApiPropertyOptional()
  iat?: number;

  @ApiPropertyOptional()
  iss?: string;

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  aud?: string | string[];

  @ApiPropertyOptional({ description: 'Access tokens only' })
  jti?: string;

  @ApiPropertyOptional()
  client_id?: string;

  @ApiPropertyOptional()
  scope?: string;

  @ApiPropertyOptional({ enum: ['access', 'service', 'delegated', 'refresh'] })
  token_use?: string;

  username?: string;

  @ApiPropertyOptional({ type: [String] })
  roles?: string[];

  @ApiPropertyOptional({ type: [String] })
  permissions?: string[];

  @ApiPropertyOptional({ type: ActorDto })
  act?: ActorDto;
}
