import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { AppConfig } from './app-config';
import { Environment, parseConfig } from './config.schema';

/**
 * The only reader of `process.env`. Values from the real environment win over `.env`, as in
 * every twelve-factor tool, so a deployment can override a developer's file.
 */
export function loadConfig(env: Environment = process.env, cwd: string = process.cwd()): AppConfig {
  const dotenvPath = resolve(cwd, '.env');
  const fromFile = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};
  return parseConfig({ ...fromFile, ...env }, cwd, { stdoutIsTty: process.stdout.isTTY === true });
}
