import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface ProfileSummary {
  file: string;
  seconds: number;
  /** self time share by area (a package, a product folder, GC, idle), percent of all samples */
  byArea: [string, number][];
  /** the hottest functions by self time, percent */
  topFunctions: [string, number][];
}

/** Reads the newest .cpuprofile in `dir` (node --cpu-prof) and attributes self time. */
export async function summariseProfile(dir: string, prefix = ''): Promise<ProfileSummary | null> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter(
    (f) => f.endsWith('.cpuprofile') && f.startsWith(prefix),
  );
  if (files.length === 0) return null;
  files.sort();
  const file = join(dir, files.at(-1)!);
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const total = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0) || 1;
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(functionName, url);
    areas.set(area, (areas.get(area) ?? 0) + hits);
    const name = `${functionName || '(anonymous)'} ${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`;
    fns.set(name, (fns.get(name) ?? 0) + hits);
  }
  const pct = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => [k, Math.round((v / total) * 1000) / 10] as [string, number]);
  return {
    file,
    seconds: (profile.endTime - profile.startTime) / 1e6,
    byArea: pct(areas, 14),
    topFunctions: pct(fns, 15),
  };
}

function areaOf(functionName: string, url: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return 'node internals';
  const product = /\/work\/[^/]+\/((?:activities|dev|gmail|workflows|db|api|security|config)\/?[^/]*)/.exec(
    url,
  )?.[1];
  if (product) return product.replace(/\.ts$/, '');
  return shortUrl(url);
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^\/work\/[^/]+\//, '');
}
