// Child process of the hostile-workbook tests: reads, checks and (maybe) stores one OHW file exactly as the CLI
// does, and reports its outcome, its time and its own peak RSS on stdout as one JSON line.
// Usage: node --import tsx test/support/ohw-kind.ts DATABASE_URL AGB MAAND FILE
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { maakDataSource } from '@plafond/db';
import { verwerkOhwBestand } from '@plafond/worker-ohw';

const [url, agb, maand, pad] = process.argv.slice(2);
const ds = maakDataSource(url, { poolMax: 2, applicationName: 'plafond-ohw-kind' });
await ds.initialize();
const begin = performance.now();
const u = await verwerkOhwBestand({ agb, maand, naam: basename(pad), inhoud: readFileSync(pad), door: 'test' }, { dataSource: ds });
const ms = performance.now() - begin;
await ds.destroy();
process.stdout.write(`${JSON.stringify({ outcome: u.outcome, reden: u.reden ?? null, opgeslagen: u.ohw.opgeslagen, afgewezen: u.ohw.afgewezen, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
