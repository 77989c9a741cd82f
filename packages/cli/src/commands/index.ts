import type { Command } from '../command';

/** Every command of the CLI, in the order `plafond --help` lists them. */
export const commands: Command[] = [];
