import type { Figure, Report } from './results';
import { formatNumber, sample, Sample, spread } from './stats';

/** One goal of the performance issue, met when its ratio (measured in the same run) reaches `target`. */
interface Goal {
  figure: string;
  goal: string;
  target: number;
  /** "Ahead of": the ratio must exceed the target, not merely reach it. */
  strictly?: boolean;
  /** A cost (latency, start-up time, memory): met when the ratio stays at or below `target`. */
  atMost?: boolean;
}

/** A scale goal: the route's p50 on the seeded database ÷ its p50 on the empty one, ≤ 1.2. */
function scaleLatency(route: string): Goal {
  return {
    figure: `${route}: p50 latency, seeded (1M users) ÷ empty database`,
    goal: '≤ 1.20 (lower is better)',
    target: 1.2,
    atMost: true,
  };
}

/** The performance issue's goals, in its order; RESULTS.md lists every one, run or not. */
export const GOALS = {
  refresh: {
    figure: 'POST /auth/refresh, one Warden process (RS256), grants/s',
    goal: '≥ 1,000/s (Keycloak sizes 120/s per vCPU)',
    target: 1,
  },
  login: { figure: 'login ÷ raw bcrypt.compare (cost 10)', goal: '≥ 0.90', target: 0.9 },
  'guard-reused-RS256': {
    figure: 'Fastify guard, reused token ÷ unguarded (RS256)',
    goal: '≥ 0.90',
    target: 0.9,
  },
  'guard-reused-ES256': {
    figure: 'Fastify guard, reused token ÷ unguarded (ES256)',
    goal: '≥ 0.90',
    target: 0.9,
  },
  'guard-reused-EdDSA': {
    figure: 'Fastify guard, reused token ÷ unguarded (EdDSA)',
    goal: '≥ 0.90',
    target: 0.9,
  },
  'verifier-raw': {
    figure: 'RS256 verifier, fresh token ÷ raw crypto.verify',
    goal: '≥ 0.90',
    target: 0.9,
  },
  'verifier-fast-jwt': {
    figure: 'RS256 verifier, fresh token ÷ fast-jwt (no cache)',
    goal: '> 1.00 (ahead of fast-jwt)',
    target: 1,
    strictly: true,
  },
  'bound-RS256': {
    figure: 'Fastify guard, full verification ÷ crypto bound (RS256)',
    goal: '≥ 0.85',
    target: 0.85,
  },
  'bound-ES256': {
    figure: 'Fastify guard, full verification ÷ crypto bound (ES256)',
    goal: '≥ 0.85',
    target: 0.85,
  },
  'bound-EdDSA': {
    figure: 'Fastify guard, full verification ÷ crypto bound (EdDSA)',
    goal: '≥ 0.85',
    target: 0.85,
  },
  'client-credentials-peer': {
    figure: 'client_credentials grants/s ÷ node-oidc-provider 9 (RS256 JWT, 16 connections)',
    goal: '≥ 1.00',
    target: 1,
  },
  'scale-login': scaleLatency('POST /auth/login'),
  'scale-refresh': scaleLatency('POST /auth/refresh'),
  'scale-me': scaleLatency('GET /auth/me'),
  'scale-users-first': scaleLatency('GET /users, first page'),
  'scale-users-offset': scaleLatency('GET /users, deep offset'),
  'scale-users-cursor': scaleLatency('GET /users, deep cursor'),
  'scale-audit-first': scaleLatency('GET /audit, first page'),
  'scale-audit-offset': scaleLatency('GET /audit, deep offset'),
  'scale-audit-cursor': scaleLatency('GET /audit, deep cursor'),
  'scale-startup': {
    figure: 'Replica start-up with 100k live revocations (spawn to /health/ready) ÷ 5 s',
    goal: '≤ 1.00 (under 5 s)',
    target: 1,
    atMost: true,
  },
  'scale-rss': {
    figure: 'Replica RSS after start-up with 100k live revocations ÷ 300 MB',
    goal: '≤ 1.00 (under 300 MB)',
    target: 1,
    atMost: true,
  },
} satisfies Record<string, Goal>;

export type GoalId = keyof typeof GOALS;

/** Records a figure (with its same-run baseline and ratio) as the measurement of a goal. */
export function recordGoal(report: Report, id: GoalId, figure: Figure): void {
  if (!figure.baseline || !figure.ratio) throw new Error(`goal ${id}: the figure has no ratio`);
  report.goals[id] = figure;
}

/** A constant as a sample, to divide a rate by a fixed goal (e.g. 1,000 grants/s). */
export function constant(value: number): Sample {
  return sample([value]);
}

export function renderGoals(report: Report): string[] {
  const lines = [
    '## Goals',
    '',
    'Each goal of the performance issue, as a ratio of two figures measured in this run (the',
    'sections below give the detail). "met?" compares the median ratio with the goal; a goal',
    'whose benchmark was not selected shows "not run".',
    '',
    '| figure | measured | baseline | ratio | goal | met? |',
    '|---|---|---|---|---|---|',
  ];
  for (const [id, goal] of Object.entries(GOALS) as [GoalId, Goal][]) {
    const figure = report.goals[id];
    if (!figure?.baseline || !figure.ratio) {
      lines.push(`| ${goal.figure} | | | | ${goal.goal} | not run |`);
      continue;
    }
    const value = figure.ratio.median;
    const met = goal.atMost
      ? value <= goal.target
      : goal.strictly
        ? value > goal.target
        : value >= goal.target;
    lines.push(
      `| ${goal.figure} | ${formatNumber(figure.value.median)} ${figure.unit} | ${figure.baseline.name}: ${formatNumber(figure.baseline.value.median)} ${figure.unit} | **${value.toFixed(2)}** (${spread(figure.ratio)}) | ${goal.goal} | ${met ? 'yes' : 'no'} |`,
    );
  }
  return [...lines, ''];
}
