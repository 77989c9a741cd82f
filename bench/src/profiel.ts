import { readFile } from 'node:fs/promises';
import { REPO } from './proces';

interface ProfielKnoop {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfiel {
  nodes: ProfielKnoop[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfielRegel {
  naam: string;
  ms: number;
  procent: number;
}

export interface ProfielSamenvatting {
  /** Wall time of the profiled run (processing only), ms. */
  runMs: number;
  /** Sampled time in the whole process (start-up included), ms. */
  bemonsterdMs: number;
  /** Share of the samples in which the process waited (idle: PostgreSQL, I/O). */
  idleProcent: number;
  /** Top functions by self time. */
  functies: ProfielRegel[];
  /** Self time per source area: a workspace package, a node_modules package, node internals, GC. */
  gebieden: ProfielRegel[];
}

/** Where a function lives, in the words of the repository: `packages/istandaard`, `typeorm`, `node:internal`. */
export function gebiedVan(url: string, functie: string): string {
  if (!url) return functie.startsWith('(') ? functie : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const ws = /\/((?:packages|workers|services)\/[^/]+|fixtures|bench)\//.exec(url);
  return ws ? ws[1] : url;
}

function kortePlek(url: string, regel: number): string {
  if (!url) return '';
  const pad = url.replace(/^file:\/\//, '').replace(REPO, '').replace(/^.*node_modules\//, '');
  return ` ${pad}:${regel + 1}`;
}

function top(m: Map<string, number>, totaal: number, n: number): ProfielRegel[] {
  return [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([naam, us]) => ({ naam, ms: us / 1000, procent: (100 * us) / totaal }));
}

/**
 * Self time per function and per source area from a V8 `.cpuprofile` (as `node --cpu-prof` writes):
 * each sample's time delta is charged to the function on top of the stack.
 */
export function vatProfielSamenUit(profiel: CpuProfiel, runMs: number, n = 15): ProfielSamenvatting {
  const knopen = new Map(profiel.nodes.map((k) => [k.id, k]));
  const perFunctie = new Map<string, number>();
  const perGebied = new Map<string, number>();
  let totaal = 0;
  let idle = 0;
  for (let i = 0; i < profiel.samples.length; i++) {
    const k = knopen.get(profiel.samples[i]);
    const us = Math.max(0, profiel.timeDeltas[i] ?? 0);
    if (!k) continue;
    totaal += us;
    const { functionName, url, lineNumber } = k.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    const naam = `${functionName || '(anonymous)'}${kortePlek(url, lineNumber)}`;
    perFunctie.set(naam, (perFunctie.get(naam) ?? 0) + us);
    const gebied = gebiedVan(url, functionName);
    perGebied.set(gebied, (perGebied.get(gebied) ?? 0) + us);
  }
  const t = Math.max(1, totaal);
  return { runMs, bemonsterdMs: totaal / 1000, idleProcent: (100 * idle) / t, functies: top(perFunctie, t, n), gebieden: top(perGebied, t, 12) };
}

export async function vatProfielSamen(pad: string, runMs: number): Promise<ProfielSamenvatting> {
  return vatProfielSamenUit(JSON.parse(await readFile(pad, 'utf8')) as CpuProfiel, runMs);
}
