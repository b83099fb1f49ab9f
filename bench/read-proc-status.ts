// Peak and current RSS from /proc (Linux): VmHWM is the kernel's own high-water mark of the
// resident set, so a process can report its peak without being sampled.

import { readFileSync } from 'node:fs';

function statusField(pid: number | 'self', field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** This process's peak RSS in bytes (VmHWM), or the current RSS where /proc is missing. */
export function peakRssBytes(): number {
  return statusField('self', 'VmHWM') ?? process.memoryUsage().rss;
}

/** Another process's peak RSS so far, or undefined once it is gone. */
export function peakRssOf(pid: number): number | undefined {
  return statusField(pid, 'VmHWM');
}
