import { foutUitvoer, processIo, type Io } from './command';
import { commands } from './commands';
import { voerUit } from './programma';

/** Runs the CLI with every command loaded (tests, and the bin when there is no up-to-date build); returns the exit code. */
export function main(argv: string[], io: Io = processIo): Promise<number> {
  return voerUit(argv, io, {
    lijst: commands,
    laad: async (naam) => commands.find((c) => c.name === naam)!,
    fout: foutUitvoer,
  });
}
