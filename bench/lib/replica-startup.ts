import { readFile } from 'node:fs/promises';
import { sample, Sample } from './stats';
import { startWarden } from './warden';

/** Readiness is polled this often, so the measured start-up is within ~20 ms of the truth. */
const READY_POLL_MS = 20;
/** /proc's CPU times are in clock ticks: USER_HZ, 100 on Linux. */
const TICKS_PER_SECOND = 100;

export interface StartupFigures {
  /** Spawn of the process until /health/ready answered 200. */
  startupMs: Sample;
  /** RSS as soon as it was ready, in MB (10^6 bytes, as the 300 MB goal counts). */
  rssMB: Sample;
}

/**
 * A replica joining a running deployment: a new Warden process on an existing, migrated
 * database (DATABASE_URL in `env`), started `runs` times, one at a time, each stopped once
 * measured. Start-up includes everything before readiness: Nest's boot, the migration check,
 * loading the signing keys and the revocation denylist (RevocationService.onModuleInit).
 */
export async function measureStartup(
  env: Record<string, string>,
  runs: number,
): Promise<StartupFigures> {
  const times: number[] = [];
  const rss: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const warden = await startWarden(env, { readyPollMs: READY_POLL_MS });
    try {
      times.push(warden.startupMs);
      rss.push((await warden.rssBytes()) / 1e6);
    } finally {
      await warden.stop();
    }
  }
  return { startupMs: sample(times), rssMB: sample(rss) };
}

/** CPU time (user + system) the process has used so far, in seconds. */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * Share of one core an idle, ready replica uses over `ms` (no requests): its background work,
 * such as RevocationService re-reading the denylist every KEY_RELOAD_INTERVAL seconds. Also its
 * RSS at the end, after those re-reads.
 */
export async function idleCost(
  env: Record<string, string>,
  ms: number,
): Promise<{ cpuShare: number; rssMB: number }> {
  const warden = await startWarden(env, { readyPollMs: READY_POLL_MS });
  try {
    const before = await cpuSeconds(warden.pid);
    await new Promise((resolve) => setTimeout(resolve, ms));
    const after = await cpuSeconds(warden.pid);
    return { cpuShare: (after - before) / (ms / 1000), rssMB: (await warden.rssBytes()) / 1e6 };
  } finally {
    await warden.stop();
  }
}
