import type { Command } from '../command';
import { check } from './check';
import { demo } from './demo';
import { importeer } from './import';
import { verwerk } from './verwerk';

/** Every command of the CLI, in the order `plafond --help` lists them. */
export const commands: Command[] = [demo, check, importeer, verwerk];
