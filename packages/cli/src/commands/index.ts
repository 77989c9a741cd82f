import type { Command } from '../command';
import { apisleutel } from './apisleutel';
import { bench } from './bench';
import { check } from './check';
import { db } from './db';
import { declaratie } from './declaratie';
import { demo } from './demo';
import { gebruiker } from './gebruiker';
import { importeer } from './import';
import { migreer } from './migreer';
import { ohw } from './ohw';
import { plafond } from './plafond';
import { rapport } from './rapport';
import { serve } from './serve';
import { verwerk } from './verwerk';
import { verzoek } from './verzoek';
import { werkvoorraad } from './werkvoorraad';

/**
 * Every command of the CLI, in the order `plafond --help` lists them. A new command is one file in this
 * directory exporting a `Command`, added here; the build finds it through this list.
 */
export const commands: Command[] = [demo, check, importeer, verwerk, ohw, plafond, werkvoorraad, verzoek, declaratie, rapport, serve, db, gebruiker, apisleutel, migreer, bench];
