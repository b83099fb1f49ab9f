// Reads a V8 .cpuprofile (node --cpu-prof) and totals self time per function, so the bench can
// print what dominates the pipeline. Functions are named `name (file:line)`, paths made relative.

import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

function label(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  const path = frame.url.replace(/^file:\/\/.*?\/bench\/out\/js\//, '').replace(/^file:\/\//, '');
  return `${name} (${path}:${frame.lineNumber + 1})`;
}

/** Self time per function, largest first; `(idle)` and `(program)` kept as V8 names them. */
export function summarizeProfile(path: string, top: number): { totalMs: number; entries: SelfTime[] } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, label(n.callFrame)]));
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const name = byId.get(profile.samples[i]!) ?? '?';
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(name, (self.get(name) ?? 0) + dt);
    total += dt;
  }
  const entries = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, ms: us / 1000, share: us / Math.max(1, total) }));
  return { totalMs: total / 1000, entries };
}

/** Self time per area: `src/<layer>` folders, Node internals by module, V8's own entries. */
export function summarizeByArea(path: string): Array<{ area: string; ms: number; share: number }> {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, areaOf(n.callFrame)]));
  const areas = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const area = byId.get(profile.samples[i]!) ?? '?';
    const dt = profile.timeDeltas[i] ?? 0;
    areas.set(area, (areas.get(area) ?? 0) + dt);
    total += dt;
  }
  return [...areas]
    .sort((a, b) => b[1] - a[1])
    .map(([area, us]) => ({ area, ms: us / 1000, share: us / Math.max(1, total) }));
}

function areaOf(frame: CallFrame): string {
  const src = /\/src\/([^/]+)\//.exec(frame.url);
  if (src) return `src/${src[1]}`;
  if (frame.url.includes('/node_modules/')) return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url)?.[1] ?? 'node_modules';
  if (frame.url.startsWith('node:internal/streams') || frame.url === 'node:stream') return 'node streams';
  if (frame.url.startsWith('node:')) return frame.url.replace(/^node:(internal\/)?/, 'node:').split('/')[0]!;
  if (frame.url === '') return frame.functionName.startsWith('(') ? frame.functionName : 'native (V8/Node bindings)';
  return 'other';
}
