import type { Command } from '../command';
import { bench } from './bench';
import { check } from './check';
import { demo } from './demo';
import { gebruiker } from './gebruiker';
import { importeer } from './import';
import { migreer } from './migreer';
import { plafond } from './plafond';
import { serve } from './serve';
import { verwerk } from './verwerk';

/** Every command of the CLI, in the order `plafond --help` lists them. */
export const commands: Command[] = [demo, check, importeer, verwerk, plafond, serve, gebruiker, migreer, bench];
