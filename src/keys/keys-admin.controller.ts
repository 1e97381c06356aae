import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiPermissionErrors, ApiUnavailableError } from '../common/api-error.decorator';
import { ErrorResponseDto } from '../common/error-response.dto';
import { CurrentUser } from '@warden/nest-auth';
import type { Principal } from '@warden/nest-auth';
import { Permissions } from '@warden/nest-auth/swagger';
import { KeyMetadataDto } from './dto/key-metadata.dto';
import { RevokeKeyDto } from './dto/revoke-key.dto';
import { RotateKeysDto } from './dto/rotate-keys.dto';
import { RotationResultDto } from './dto/rotation-result.dto';
import { KeyRotationService } from './key-rotation.service';
import { SigningKeysRepository } from './signing-keys.repository';

/**
 * docs/architecture.md §5 administration: key metadata, manual rotation and emergency revocation.
 */
@ApiTags('keys')
@ApiUnavailableError()
@Controller('keys')
export class KeysAdminController {
  constructor(
    private readonly repository: SigningKeysRepository,
    // Its rotate and revoke return once this replica serves the new keys (read-your-writes).
    private readonly rotation: KeyRotationService,
  ) {}

  @Get()
  @ApiPermissionErrors('keys:read')
  @Permissions('keys:read')
  @ApiOperation({ summary: 'Every signing key, newest first (metadata only)' })
  @ApiOkResponse({ type: [KeyMetadataDto] })
  async list(): Promise<KeyMetadataDto[]> {
    return (await this.repository.listMetadata()).map((key) => KeyMetadataDto.from(key));
  }

  @Post('rotate')
  @HttpCode(200)
  @ApiPermissionErrors('keys:rotate')
  @Permissions('keys:rotate')
  @ApiOperation({
    summary: 'Rotate now: next becomes active, active starts retiring, a new next is created',
  })
  @ApiBody({
    type: RotateKeysDto,
    required: false,
    examples: {
      now: { summary: 'Rotate whichever key is active', value: {} },
      guarded: {
        summary: 'Rotate only if this kid (from GET /keys) is still the active one',
        value: { expectedActiveKid: 'the kid GET /keys lists as active' },
      },
    },
  })
  @ApiOkResponse({ type: RotationResultDto })
  async rotate(
    @Body() body: RotateKeysDto,
    @CurrentUser() user: Principal,
  ): Promise<RotationResultDto> {
    const result = await this.rotation.rotate({
      reason: 'manual',
      actor: user.sub,
      expectedActiveKid: body.expectedActiveKid,
    });
    return RotationResultDto.from(result);
  }

  @Post(':kid/revoke')
  @HttpCode(200)
  @ApiPermissionErrors('keys:rotate')
  @Permissions('keys:rotate')
  @ApiOperation({
    summary: 'Revoke a key at once: it leaves the JWKS and its tokens fail (emergency only)',
  })
  @ApiBody({ type: RevokeKeyDto, required: false })
  @ApiOkResponse({ type: KeyMetadataDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already retired or revoked' })
  async revoke(
    @Param('kid') kid: string,
    @Body() body: RevokeKeyDto,
    @CurrentUser() user: Principal,
  ): Promise<KeyMetadataDto> {
    const revoked = await this.rotation.revoke(kid, { actor: user.sub, reason: body.reason });
    return KeyMetadataDto.from(revoked);
  }
}
