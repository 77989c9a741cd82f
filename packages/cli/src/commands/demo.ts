import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatEuro, leesConfig } from '@plafond/core';
import { aanbiedersCsv, genereerMaand, genereerRegio, plafondsCsv, STANDAARD_OPTIES, tarievenCsv } from '@plafond/fixtures';
import { serialiseer } from '@plafond/istandaard';
import { regioRapport } from '@plafond/rapport';
import { UsageError, type Command } from '../command';
import { budgetStand } from '../budgetstand';
import { cliDatabase } from '../database';
import { Voortgang } from '../progress';
import { importeerStamdataUit, verwerkBerichten, type BestandUitkomst } from '../verwerk';

function geheel(v: unknown, naam: string, min: number, max: number, standaard: number): number {
  if (v === undefined) return standaard;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${naam} must be a whole number from ${min} to ${max}`);
  return n;
}

/** Euros for people: `€ 18.429.514,00`. */
function euro(c: bigint): string {
  const [geheel, cent] = formatEuro(c).split('.');
  return `€ ${geheel.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${cent}`;
}

function tabel(rijen: string[][]): string {
  const breedte = rijen[0].map((_, i) => Math.max(...rijen.map((r) => r[i].length)));
  return rijen.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(breedte[i]) : c.padStart(breedte[i]))).join('  ')).join('\n');
}

export const demo: Command = {
  name: 'demo',
  summary: 'the main job end to end: a generated Zaanstreek-Waterland year through the real pipeline',
  usage: 'plafond demo [--maanden N] [--clienten N] [--aanbieders N] [--seed N] [--out DIR]',
  help: [
    'Starts a fresh embedded PostgreSQL (or uses DATABASE_URL), loads the Zaanstreek-Waterland master data of a',
    'generated region (aanbieders, tarieven, plafonds), generates --maanden months of messages (301 toewijzingen,',
    '305/307, 315/317, 323 declaraties with a realistic share of mistakes) and processes them in-process through',
    'the same processors the workers run. Prints the uitnutting per domein and the top signals, and writes an',
    'Excel report to --out (default ./out).',
    '  --maanden N     months from January (default 12)',
    '  --clienten N    clients in care (default 20000)',
    '  --aanbieders N  aanbieders (default 130)',
    '  --seed N        generator seed (default 2015)',
  ],
  options: { maanden: { type: 'string' }, clienten: { type: 'string' }, aanbieders: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } },
  async run({ values }, io) {
    const maanden = geheel(values.maanden, 'maanden', 1, 12, 12);
    const opties = {
      ...STANDAARD_OPTIES,
      maanden,
      clienten: geheel(values.clienten, 'clienten', 10, 1_000_000, STANDAARD_OPTIES.clienten),
      aanbieders: geheel(values.aanbieders, 'aanbieders', 2, 5000, STANDAARD_OPTIES.aanbieders),
      seed: geheel(values.seed, 'seed', 0, 2 ** 31, STANDAARD_OPTIES.seed),
    };
    const outDir = resolve(typeof values.out === 'string' ? values.out : 'out');
    const config = leesConfig();
    const start = Date.now();
    io.err('demo: database starten…\n');
    const db = await cliDatabase({ blijvend: false });
    const werk = await mkdtemp(join(tmpdir(), 'plafond-demo-'));
    try {
      const regio = genereerRegio(opties);
      await writeFile(join(werk, 'aanbieders.csv'), aanbiedersCsv(regio));
      await writeFile(join(werk, 'tarieven.csv'), tarievenCsv(regio));
      await writeFile(join(werk, 'plafonds.csv'), plafondsCsv(regio));
      await importeerStamdataUit(db.dataSource, werk);
      io.err(`demo: regio ${regio.aanbieders.length} aanbieders, ${regio.clienten.length} clienten, ${regio.toewijzingen.length} toewijzingen\n`);

      const uitkomsten: BestandUitkomst[] = [];
      for (let m = 0; m < maanden; m++) {
        const maand = genereerMaand(regio, m);
        const voortgang = new Voortgang(io, `maand ${maand.maand}`, maand.berichten.length);
        const berichten = maand.berichten.map((b) => ({ naam: b.bestandsnaam, get inhoud() { return Buffer.from(serialiseer(b.model)); } }));
        uitkomsten.push(...(await verwerkBerichten(db.dataSource, berichten, { config, voortgang })));
        voortgang.finish();
      }

      const stand = await budgetStand(db.dataSource, regio.jaar, maanden);
      const prestaties = uitkomsten.reduce((n, u) => n + Number(u.details.prestaties ?? 0), 0);
      const toegekend = uitkomsten.reduce((n, u) => n + Number(u.details.toegekend ?? 0), 0);
      const afgewezenBerichten = uitkomsten.filter((u) => u.outcome === 'afgewezen').length;
      io.out(`\nUitnutting budgetplafonds Zaanstreek-Waterland ${regio.jaar}, t/m maand ${maanden}\n\n`);
      io.out(`${tabel([
        ['domein', 'plafond', 'realisatie', 'uitnutting', 'prognose jaareinde'],
        ...stand.domeinen.map((d) => [d.domein === 'JW' ? 'Jeugd' : 'Wmo', euro(d.plafond), euro(d.realisatie), `${d.uitnuttingPct ?? '—'}%`, euro(d.prognose)]),
      ])}\n\n`);
      io.out(`Top signalen (${stand.signalen.length} in totaal)\n`);
      for (const s of stand.signalen.slice(0, 10)) {
        io.out(`  [${s.ernst}] ${s.soort.padEnd(15)} ${s.agb} ${(stand.namen.get(s.agb) ?? '').slice(0, 32).padEnd(32)} ${s.domein.padEnd(3)} ${s.toelichting}\n`);
      }
      io.out(`\nVerwerkt: ${uitkomsten.length} berichten (${afgewezenBerichten} afgewezen), ${prestaties} prestaties (${toegekend} toegekend) in ${((Date.now() - start) / 1000).toFixed(0)} s\n`);

      await mkdir(outDir, { recursive: true });
      const wb = await regioRapport({
        regio: 'Zaanstreek-Waterland', jaar: regio.jaar, totMaand: maanden, aangemaakt: new Date().toISOString(),
        domeinen: stand.domeinen, aanbieders: stand.aanbieders, signalen: stand.signalen, aanbiederNamen: stand.namen,
        verwerking: [
          ['berichten verwerkt', uitkomsten.length],
          ['berichten afgewezen', afgewezenBerichten],
          ['prestaties ontvangen', prestaties],
          ['prestaties toegekend', toegekend],
        ],
      });
      const bestand = join(outDir, `plafond-demo-${regio.jaar}.xlsx`);
      await wb.xlsx.writeFile(bestand);
      io.out(`Excel-rapport: ${bestand}\n`);
      return 0;
    } finally {
      await rm(werk, { recursive: true, force: true });
      await db.close();
    }
  },
};
