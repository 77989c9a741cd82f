import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command';

const HARNESS = fileURLToPath(new URL('../../../../bench/src/main.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../../../tsconfig.json', import.meta.url));

export const bench: Command = {
  name: 'bench',
  summary: 'meetopstelling: controle tegen xmllint, van begin tot eind tegen COPY, in dit proces en met workers',
  usage: 'plafond bench [--quick] [--profile] [--out BESTAND] [--alleen ohw|controle] [--last] [--landelijk [--landelijk-prestaties N]]',
  help: [
    'Meet, altijd als verhouding tegen een referentie in dezelfde run (machines zijn onrustig):',
    '  controle          een gegenereerde JW323 van ~100 MB door checkBestand tegen `xmllint --stream --schema`,',
    '                    en `plafond check` als heel commando tegen xmllint als heel commando op hetzelfde bestand',
    '  opstarten         `plafond --help` in ms naast `node -e 0`',
    '  begin tot eind    één maand van een gegenereerde regio en tien maanden, lezen → beslissen → boeken → antwoorden,',
    '                    in dit proces en met 1, 2 en 4 BullMQ-workers, tegen een kale COPY van dezelfde rijen',
    '  onderhanden werk  een werkboek van 10.000 regels gelezen, gecontroleerd en opgeslagen (`plafond ohw inlezen`)',
    '                    tegen een kale streaming-lezing door exceljs',
    '  geheugen          piek-RSS van elk betrokken proces',
    '  last              100 aanbieders die tegelijk declaraties posten naar een echte intake met 2 workers:',
    '                    doorvoer, p50/p95/p99 van 202 Accepted, aangenomen = geboekt = beantwoord, niets kwijt of dubbel',
    'Nodig: xmllint, de lokale PostgreSQL (TEST_DATABASE_URL, standaard postgres://postgres@127.0.0.1:5432/test)',
    'en Redis (REDIS_URL, standaard redis://127.0.0.1:6379). Laat geen databases, wachtrijen, bestanden of processen achter.',
    '  --quick    kleine omvang (10 MB, één maand van 2000 cliënten): ongeveer een minuut',
    '  --profile  profileer ook checkBestand en de run in dit proces (V8-CPU-profiel, SQL-tijd per statement)',
    '  --out      waar de JSON met alle cijfers komt (standaard bench/results.json)',
    '  --last     alleen de lasttest (1000 declaraties, ongeveer 2 minuten hier); de andere cijfers in --out blijven',
    '  --alleen ohw  alleen het deel onderhanden werk (--quick: 1.000 regels); JSON naar bench/results-ohw.json',
    '  --alleen controle  alleen controle en opstarten; JSON naar bench/results-controle.json',
    '  --landelijk  alleen het landelijke deel (ook in de volledige run, niet in --quick): 12 miljoen prestaties van een',
    '             jaar set-gewijs geladen, p95 van de uitnutting voor één aanbieder en één gemeente tegen een SELECT op',
    '             primaire sleutel, een maand door de echte verwerking, het aggregaat tegen een volledige herberekening',
    '             (standaard OUT bench/landelijk.json; --landelijk-prestaties N voor een andere omvang)',
  ],
  options: {
    quick: { type: 'boolean' }, profile: { type: 'boolean' }, out: { type: 'string' }, landelijk: { type: 'boolean' }, 'landelijk-prestaties': { type: 'string' },
    alleen: { type: 'string' }, last: { type: 'boolean' },
  },
  positionals: false,
  // The harness runs as its own process: it starts and measures other processes, and it must not share this
  // one's state (it also imports the CLI's in-process pipeline, which would make an import cycle here).
  async run({ values }) {
    const args = [
      ...(values.quick ? ['--quick'] : []), ...(values.profile ? ['--profile'] : []), ...(values.last ? ['--last'] : []), ...(typeof values.out === 'string' ? ['--out', values.out] : []),
      ...(values.landelijk ? ['--landelijk'] : []), ...(typeof values.alleen === 'string' ? ['--alleen', values.alleen] : []),
      ...(typeof values['landelijk-prestaties'] === 'string' ? ['--landelijk-prestaties', values['landelijk-prestaties']] : []),
    ];
    const kind = spawn(process.execPath, ['--import', 'tsx', HARNESS, ...args], { stdio: 'inherit', env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG } });
    const stuurDoor = (s: NodeJS.Signals) => kind.kill(s);
    process.on('SIGINT', stuurDoor);
    process.on('SIGTERM', stuurDoor);
    try {
      return await new Promise<number>((ok) => kind.on('close', (code) => ok(code ?? 1)));
    } finally {
      process.off('SIGINT', stuurDoor);
      process.off('SIGTERM', stuurDoor);
    }
  },
};
