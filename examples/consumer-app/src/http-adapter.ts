import type { AbstractHttpAdapter } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

export type HttpPlatform = 'express' | 'fastify';

/** The same app runs on either HTTP platform; HTTP_ADAPTER picks one (default express). */
export function createHttpAdapter(platform: HttpPlatform): AbstractHttpAdapter {
  return platform === 'fastify' ? new FastifyAdapter() : new ExpressAdapter();
}

export function platformFromEnv(value: string | undefined): HttpPlatform {
  return value === 'fastify' ? 'fastify' : 'express';
}
