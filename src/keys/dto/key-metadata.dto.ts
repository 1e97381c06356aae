import { ApiProperty } from '@nestjs/swagger';
import { KEY_STATUSES, KeyMetadata, KeyStatus } from '../signing-key';
import { SIGNING_ALGORITHMS, SigningAlgorithm } from '../../config/app-config';

/** A signing key as `GET /keys` shows it: metadata only, never key material. */
export class KeyMetadataDto {
  @ApiProperty({ description: 'RFC 7638 thumbprint of the key' })
  kid!: string;

  @ApiProperty({ enum: SIGNING_ALGORITHMS })
  alg!: SigningAlgorithm;

  @ApiProperty({ enum: KEY_STATUSES })
  status!: KeyStatus;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  activatedAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When a retiring key leaves the JWKS',
  })
  retireAt!: string | null;

  static from(key: KeyMetadata): KeyMetadataDto {
    return {
      kid: key.kid,
      alg: key.alg,
      status: key.status,
      createdAt: key.createdAt.toISOString(),
      activatedAt: key.activatedAt?.toISOString() ?? null,
      retireAt: key.retireAt?.toISOString() ?? null,
    };
  }
}
