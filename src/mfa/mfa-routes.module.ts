import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { TokensModule } from '../tokens/tokens.module';
import { EnrolmentTokenGuard } from './enrolment-token.guard';
import { MfaEnrolmentController } from './mfa-enrolment.controller';
import { MfaModule } from './mfa.module';

/** `/auth/mfa/totp`: the enrolment routes and the guard that also takes the enrolment token. */
@Module({
  imports: [MfaModule, KeysModule, TokensModule],
  controllers: [MfaEnrolmentController],
  providers: [EnrolmentTokenGuard],
})
export class MfaRoutesModule {}
