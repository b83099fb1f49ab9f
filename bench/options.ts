// Bench options: command-line flags (`npm run bench -- --exchanges 100000`) or environment
// variables (BENCH_EXCHANGES=100000). Flags win. See bench/README.md for the list.

export type Section = 'throughput' | 'websocket' | 'memory' | 'connections' | 'latency' | 'profile' | 'codec';
export const ALL_SECTIONS: readonly Section[] = ['throughput', 'websocket', 'memory', 'connections', 'latency', 'profile', 'codec'];

export interface BenchOptions {
  /** Exchanges per generated workload (HTTP/1-only and mixed). */
  exchanges: number;
  /** Generate until this much payload instead (bytes); exchanges then only bounds it. */
  payloadBytes?: number;
  /** Copies of the fixture set (20 exchanges each). */
  fixtureCopies: number;
  /** Size of the recording the memory run reads (bytes). */
  memoryBytes: number;
  /** Open connections for the per-connection memory figure. */
  openConnections: number;
  /** Exchanges in the live-latency recording (replayed in real time). */
  latencyExchanges: number;
  /** Repetitions of each timed measurement (ours and tshark's alike); the fastest counts. */
  runs: number;
  seed: number;
  /** Also run tshark with its default dissectors (JSON bodies as trees; slow). */
  tsharkDefault: boolean;
  sections: Set<Section>;
  /** A directory holding another `src/` (e.g. a snapshot before a change): its pipeline is measured too. */
  baseline?: string;
  /** A git revision: src/ as it was there (for the files changed since) is measured too. */
  baselineRev?: string;
  /** With baselineRev: only files under these paths are put back (default: all of src/). */
  baselinePaths: string[];
  /** Only generate the workloads, print where they are, measure nothing. */
  generateOnly: boolean;
  /** Per child process. */
  timeoutMs: number;
}

/** One copy of the fixture set: 20 exchanges, about 74 KiB of payload. */
const FIXTURE_COPY_EXCHANGES = 20;
const FIXTURE_COPY_PAYLOAD_BYTES = 75_000;

const SIZE = /^(\d+(?:\.\d+)?)\s*(k|m|g|kb|mb|gb|kib|mib|gib)?$/i;

export function parseSize(text: string): number {
  const match = SIZE.exec(text.trim());
  if (!match) throw new Error(`not a size: ${text}`);
  const unit = (match[2] ?? '').toLowerCase();
  const scale = unit.startsWith('g') ? 1 << 30 : unit.startsWith('m') ? 1 << 20 : unit.startsWith('k') ? 1 << 10 : 1;
  return Math.round(Number(match[1]) * scale);
}

function positiveInt(text: string, name: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${text}`);
  return n;
}

const FLAGS: Record<string, string> = {
  exchanges: 'BENCH_EXCHANGES',
  bytes: 'BENCH_BYTES',
  'fixture-copies': 'BENCH_FIXTURE_COPIES',
  'memory-bytes': 'BENCH_MEMORY_BYTES',
  'open-connections': 'BENCH_OPEN_CONNECTIONS',
  'latency-exchanges': 'BENCH_LATENCY_EXCHANGES',
  runs: 'BENCH_RUNS',
  seed: 'BENCH_SEED',
  'tshark-default': 'BENCH_TSHARK_DEFAULT',
  only: 'BENCH_ONLY',
  baseline: 'BENCH_BASELINE',
  'baseline-rev': 'BENCH_BASELINE_REV',
  'baseline-paths': 'BENCH_BASELINE_PATHS',
  'generate-only': 'BENCH_GENERATE_ONLY',
  'timeout-s': 'BENCH_TIMEOUT_S',
};

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const values = new Map<string, string>();
  for (const [flag, variable] of Object.entries(FLAGS)) {
    const fromEnv = env[variable];
    if (fromEnv !== undefined && fromEnv !== '') values.set(flag, fromEnv);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (!(name in FLAGS)) throw new Error(`unknown option --${name} (see bench/README.md)`);
    const boolean = name === 'tshark-default' || name === 'generate-only';
    values.set(name, inline ?? (boolean ? '1' : (argv[++i] ?? '')));
  }
  const get = (name: string): string | undefined => values.get(name);
  const flag = (name: string): boolean => ['1', 'true', 'yes'].includes((get(name) ?? '').toLowerCase());
  const sections = get('only')
    ? new Set(get('only')!.split(',').map((s) => s.trim()).filter((s): s is Section => (ALL_SECTIONS as readonly string[]).includes(s)))
    : new Set(ALL_SECTIONS);
  const exchanges = get('exchanges') ? positiveInt(get('exchanges')!, '--exchanges') : 100_000;
  const payloadBytes = get('bytes') ? parseSize(get('bytes')!) : undefined;
  const options: BenchOptions = {
    exchanges,
    fixtureCopies: get('fixture-copies')
      ? positiveInt(get('fixture-copies')!, '--fixture-copies')
      : payloadBytes !== undefined
        ? Math.ceil(payloadBytes / FIXTURE_COPY_PAYLOAD_BYTES)
        : Math.ceil(exchanges / FIXTURE_COPY_EXCHANGES),
    memoryBytes: get('memory-bytes') ? parseSize(get('memory-bytes')!) : 256 << 20,
    openConnections: get('open-connections') ? positiveInt(get('open-connections')!, '--open-connections') : 10_000,
    latencyExchanges: get('latency-exchanges') ? positiveInt(get('latency-exchanges')!, '--latency-exchanges') : 2_000,
    runs: get('runs') ? positiveInt(get('runs')!, '--runs') : 2,
    seed: get('seed') ? positiveInt(get('seed')!, '--seed') : 1,
    tsharkDefault: flag('tshark-default'),
    sections,
    generateOnly: flag('generate-only'),
    baselinePaths: (get('baseline-paths') ?? 'src').split(',').map((p) => p.trim().replace(/\/$/, '')).filter(Boolean),
    timeoutMs: (get('timeout-s') ? positiveInt(get('timeout-s')!, '--timeout-s') : 900) * 1000,
  };
  if (payloadBytes !== undefined) {
    options.payloadBytes = payloadBytes;
    // A bound only: generation stops at the payload target.
    if (!get('exchanges')) options.exchanges = 10_000_000;
  }
  if (get('baseline')) options.baseline = get('baseline')!;
  if (get('baseline-rev')) options.baselineRev = get('baseline-rev')!;
  return options;
}
