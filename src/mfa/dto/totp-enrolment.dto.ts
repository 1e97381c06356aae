import { ApiProperty } from '@nestjs/swagger';

/** The start of an enrolment: what the authenticator app needs, shown this once. */
export class TotpEnrolmentDto {
  @ApiProperty({
    description: 'The shared secret (base32), for typing into an app that cannot scan',
    example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  })
  secret!: string;

  @ApiProperty({
    description: 'The Key URI an authenticator app reads: SHA-1, 6 digits, 30 seconds',
    example:
      'otpauth://totp/Warden:ada.lovelace?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Warden' +
      '&algorithm=SHA1&digits=6&period=30',
  })
  otpauth_uri!: string;

  @ApiProperty({
    description: 'The URI as a QR code: an SVG data URL, for an <img> element',
    example: 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmci...',
  })
  qr_code!: string;
}

/** The end of an enrolment: the recovery codes, shown this once and stored only hashed. */
export class RecoveryCodesDto {
  @ApiProperty({
    description:
      'Ten single-use codes for when the authenticator is lost; letter case and dashes do not ' +
      'matter when one is typed',
    type: [String],
    example: ['K7QX-M2PA-7VTR-4HCE', 'B3NZ-Q6WD-T5LJ-2RMY'],
  })
  recovery_codes!: string[];
}
