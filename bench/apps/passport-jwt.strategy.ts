import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Algorithm } from 'jsonwebtoken';
import { ExtractJwt, Strategy } from 'passport-jwt';

/**
 * The guard a NestJS team writes today (the docs' recipe): passport-jwt, jsonwebtoken
 * underneath, the public key handed over as a PEM string. The baseline of the guard benchmark.
 */
export function passportJwtStrategy(
  publicPem: string,
  algorithm: Algorithm,
  issuer: string,
  audience: string,
): new () => unknown {
  @Injectable()
  class PassportJwtStrategy extends PassportStrategy(Strategy, 'jwt') {
    constructor() {
      super({
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKey: publicPem,
        algorithms: [algorithm],
        issuer,
        audience,
      });
    }

    validate(payload: Record<string, unknown>): Record<string, unknown> {
      return payload;
    }
  }
  return PassportJwtStrategy;
}
