import type { Command } from '../command';
import { bench } from './bench';
import { check } from './check';
import { declaratie } from './declaratie';
import { demo } from './demo';
import { gebruiker } from './gebruiker';
import { importeer } from './import';
import { migreer } from './migreer';
import { ohw } from './ohw';
import { plafond } from './plafond';
import { serve } from './serve';
import { verwerk } from './verwerk';
import { verzoek } from './verzoek';
import { werkvoorraad } from './werkvoorraad';

/** Every command of the CLI, in the order `plafond --help` lists them. */
export const commands: Command[] = [demo, check, importeer, verwerk, ohw, plafond, werkvoorraad, verzoek, declaratie, serve, gebruiker, migreer, bench];
