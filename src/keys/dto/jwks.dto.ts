import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A public JWK (RFC 7517 §4): public members only. */
export class PublicJwkDto {
  @ApiProperty({ enum: ['RSA', 'EC', 'OKP'] })
  kty!: string;

  @ApiProperty({ description: 'RFC 7638 thumbprint of the key' })
  kid!: string;

  @ApiProperty({ enum: ['RS256', 'PS256', 'ES256', 'EdDSA'] })
  alg!: string;

  @ApiProperty({ enum: ['sig'] })
  use!: string;

  @ApiPropertyOptional({ description: 'RSA modulus' })
  n?: string;

  @ApiPropertyOptional({ description: 'RSA exponent' })
  e?: string;

  @ApiPropertyOptional({ enum: ['P-256', 'Ed25519'] })
  crv?: string;

  @ApiPropertyOptional()
  x?: string;

  @ApiPropertyOptional()
  y?: string;
}

export class JwksDto {
  @ApiProperty({ type: [PublicJwkDto] })
  keys!: PublicJwkDto[];
}
