import { Module } from '@nestjs/common';
import { KeysModule } from '../keys/keys.module';
import { UsersModule } from '../users/users.module';
import { MfaChallengePurgeJob } from './mfa-challenge-purge.job';
import { MfaChallengeService } from './mfa-challenge.service';
import { MfaChallengesRepository } from './mfa-challenges.repository';
import { MfaEnrolmentService } from './mfa-enrolment.service';
import { MfaLoginService } from './mfa-login.service';
import { MfaRepository } from './mfa.repository';
import { SecondFactorService } from './second-factor.service';

/**
 * The second factor (docs/architecture.md §3 "Two-factor sign-in"): TOTP enrolment, code and
 * recovery-code checks, and the logins waiting for them. Its routes are in MfaRoutesModule,
 * which needs the token verification of TokensModule, itself a user of this one.
 */
@Module({
  imports: [UsersModule, KeysModule],
  providers: [
    MfaRepository,
    MfaChallengesRepository,
    SecondFactorService,
    MfaChallengeService,
    MfaEnrolmentService,
    MfaLoginService,
    MfaChallengePurgeJob,
  ],
  exports: [MfaEnrolmentService, MfaLoginService],
})
export class MfaModule {}
