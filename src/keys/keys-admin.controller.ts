import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/error-response.dto';
import { CurrentUser } from '@warden/nest-auth';
import type { Principal } from '@warden/nest-auth';
import { Permissions } from '@warden/nest-auth/swagger';
import { KeyMetadataDto } from './dto/key-metadata.dto';
import { RevokeKeyDto } from './dto/revoke-key.dto';
import { RotateKeysDto } from './dto/rotate-keys.dto';
import { RotationResultDto } from './dto/rotation-result.dto';
import { KeyRotationService } from './key-rotation.service';
import { KeyStoreService } from './key-store.service';
import { SigningKeysRepository } from './signing-keys.repository';

/** DESIGN §5 administration: key metadata, manual rotation and emergency revocation. */
@ApiTags('keys')
@Controller('keys')
export class KeysAdminController {
  constructor(
    private readonly repository: SigningKeysRepository,
    private readonly rotation: KeyRotationService,
    private readonly keyStore: KeyStoreService,
  ) {}

  @Get()
  @Permissions('keys:read')
  @ApiOperation({ summary: 'Every signing key, newest first (metadata only)' })
  @ApiOkResponse({ type: [KeyMetadataDto] })
  async list(): Promise<KeyMetadataDto[]> {
    return (await this.repository.listMetadata()).map((key) => KeyMetadataDto.from(key));
  }

  @Post('rotate')
  @HttpCode(200)
  @Permissions('keys:rotate')
  @ApiOperation({
    summary: 'Rotate now: next becomes active, active starts retiring, a new next is created',
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
    await this.keyStore.reload();
    return RotationResultDto.from(result);
  }

  @Post(':kid/revoke')
  @HttpCode(200)
  @Permissions('keys:rotate')
  @ApiOperation({
    summary: 'Revoke a key at once: it leaves the JWKS and its tokens fail (emergency only)',
  })
  @ApiOkResponse({ type: KeyMetadataDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already retired or revoked' })
  async revoke(
    @Param('kid') kid: string,
    @Body() body: RevokeKeyDto,
    @CurrentUser() user: Principal,
  ): Promise<KeyMetadataDto> {
    const revoked = await this.rotation.revoke(kid, { actor: user.sub, reason: body.reason });
    await this.keyStore.reload();
    return KeyMetadataDto.from(revoked);
  }
}
