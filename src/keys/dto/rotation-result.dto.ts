import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RotationResult } from '../key-rotation.service';

export class RotationResultDto {
  @ApiProperty({ description: 'False when another rotation of the same key won the race' })
  rotated!: boolean;

  @ApiProperty()
  activeKid!: string;

  @ApiProperty()
  nextKid!: string;

  @ApiPropertyOptional({ description: 'The key rotated out, still published until retireAt' })
  retiringKid?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  retireAt?: string;

  @ApiProperty({ type: [String], description: 'Retiring keys that reached retire_at' })
  retiredKids!: string[];

  static from(result: RotationResult): RotationResultDto {
    return {
      rotated: result.rotated,
      activeKid: result.activeKid,
      nextKid: result.nextKid,
      retiringKid: result.retiringKid,
      retireAt: result.retireAt?.toISOString(),
      retiredKids: result.retiredKids,
    };
  }
}
