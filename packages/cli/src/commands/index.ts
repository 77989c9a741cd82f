import type { Command } from '../command';
import { importeer } from './import';

/** Every command of the CLI, in the order `plafond --help` lists them. */
export const commands: Command[] = [importeer];
