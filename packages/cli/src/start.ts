import { processIo, type Command, type CommandInfo } from './basis';
import { voerUit } from './programma';

/** A command of the build: its description and the module (file in the build directory) and export that hold it. */
export interface GebouwdCommando extends CommandInfo {
  bestand: string;
  export: string;
  /** Set when the command is reached through the registry's list (`export` is then that list). */
  positie?: number;
}

/**
 * Entry point of the built CLI (see scripts/build.mjs): help comes from the command descriptions
 * written at build time, and only the module of the command that runs is loaded.
 */
export function start(argv: string[], commandos: GebouwdCommando[], basis: URL): Promise<number> {
  return voerUit(argv, processIo, {
    lijst: commandos,
    laad: async (naam) => {
      const c = commandos.find((x) => x.name === naam)!;
      const mod = (await import(new URL(c.bestand, basis).href)) as Record<string, unknown>;
      return (c.positie === undefined ? mod[c.export] : (mod[c.export] as Command[])[c.positie]) as Command;
    },
    // Loaded only for an error: how errors read needs @plafond/core, which help does without.
    fout: async (e, naam) => (await import('./command')).foutUitvoer(e, naam),
  });
}
