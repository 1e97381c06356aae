import { Module } from '@nestjs/common';
import { AuthModule } from '@warden/nest-auth';
import { ReportsController } from './reports.controller';

const WARDEN_URL = process.env.WARDEN_URL ?? 'http://localhost:3000';

@Module({
  imports: [
    AuthModule.forRoot({
      issuer: process.env.WARDEN_ISSUER ?? WARDEN_URL,
      audience: process.env.WARDEN_AUDIENCE ?? 'warden',
      jwksUri: `${WARDEN_URL}/.well-known/jwks.json`,
      algorithms: ['RS256'],
    }),
  ],
  controllers: [ReportsController],
})
export class AppModule {}
