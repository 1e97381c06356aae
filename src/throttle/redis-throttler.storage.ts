import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { SystemClock } from '@warden/nest-auth';
import type { Clock } from '@warden/nest-auth';
import { ThrottleOutage } from './throttle-outage';
import { ThrottleCount, ThrottleHit, toThrottleHit, uncountedHit } from './throttle-window';

/**
 * The same window and block as throttle_counters' upsert, as one atomic script (one round trip,
 * nothing interleaves). Time is the Redis server's (TIME), so replicas with skewed clocks agree,
 * unless a test injects its own (ARGV[4], ms). The key expires with its window or block, so
 * Redis needs no purge. Returns hits, ms to the window's end, ms to the block's end (-1: none).
 */
const HIT_SCRIPT = `
local ttl, limit, block = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local now = tonumber(ARGV[4])
if now == nil then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local state = redis.call('HMGET', KEYS[1], 'hits', 'expires', 'blocked')
local hits, expires, blocked = tonumber(state[1]), tonumber(state[2]), tonumber(state[3]) or 0
if blocked > now then
  -- Blocked: the count stands still.
elseif hits == nil or expires <= now or blocked > 0 then
  -- No window, or the window or a block has ended: a fresh window.
  hits, expires, blocked = 1, now + ttl, 0
  if hits > limit then blocked = now + (block > 0 and block or ttl) end
else
  hits = hits + 1
  if hits > limit then blocked = (block > 0) and (now + block) or expires end
end
redis.call('HSET', KEYS[1], 'hits', hits, 'expires', expires, 'blocked', blocked)
redis.call('PEXPIRE', KEYS[1], math.max(expires, blocked) - now)
return { hits, expires - now, blocked > now and blocked - now or -1 }`;

/** Keys are the guard's hashes; the prefix keeps them apart from anything else in the Redis. */
const KEY_PREFIX = 'warden:throttle:';

/**
 * A connection problem (refused, closed, timed out, offline): fail open. A reply error other
 * than a server that cannot serve yet (LOADING, BUSY, READONLY...) is a bug in the script.
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name !== 'ReplyError' || !error.message.startsWith('ERR');
}

/**
 * @nestjs/throttler's storage in Redis (REDIS_URL), shared by every replica: one script call per
 * throttled request. Fails open while Redis is unreachable, like PostgresThrottlerStorage: the
 * request goes on uncounted, with one warning per outage. Commands fail fast rather than queue
 * (no offline queue, no retries, a command timeout), so an outage costs no request its latency.
 */
export class RedisThrottlerStorage
  implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown
{
  private readonly outage = new ThrottleOutage(new Logger(RedisThrottlerStorage.name), 'Redis');
  private readonly client: Redis;

  constructor(
    url: string,
    private readonly clock: Clock,
  ) {
    this.client = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      commandTimeout: 1000,
    });
    // Reported through the outage log, once, rather than per reconnection attempt.
    this.client.on('error', () => undefined);
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.client.connect();
    } catch (error) {
      // Start anyway: the client keeps reconnecting, and the throttle fails open meanwhile.
      this.outage.failedOpen(error);
    }
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }

  /** `ttl` and `blockDuration` in milliseconds, as the guard passes them. */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
  ): Promise<ThrottleHit> {
    const window = { limit, ttlMs: ttl, blockMs: blockDuration };
    const now = this.clock instanceof SystemClock ? '' : String(this.clock.now().getTime());
    let reply: unknown;
    try {
      reply = await this.client.eval(
        HIT_SCRIPT,
        1,
        KEY_PREFIX + key,
        ttl,
        limit,
        blockDuration,
        now,
      );
    } catch (error) {
      if (!isRedisUnavailable(error)) throw error;
      this.outage.failedOpen(error);
      return uncountedHit(window);
    }
    this.outage.succeeded();
    return toThrottleHit(parseReply(reply));
  }
}

function parseReply(reply: unknown): ThrottleCount {
  if (!Array.isArray(reply) || reply.length !== 3 || !reply.every(Number.isInteger))
    throw new Error(`Unexpected reply from the throttle script: ${JSON.stringify(reply)}`);
  const [hits, msToExpire, msToUnblock] = reply as [number, number, number];
  return { hits, msToExpire, msToUnblock: msToUnblock < 0 ? null : msToUnblock };
}
