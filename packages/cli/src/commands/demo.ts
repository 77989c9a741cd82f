import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatEuroNl, formatPercentNl, leesConfig } from '@plafond/core';
import { aanbiedersCsv, genereerMaand, genereerRegio, plafondsCsv, STANDAARD_OPTIES, tarievenCsv } from '@plafond/fixtures';
import { serialiseer } from '@plafond/istandaard';
import { regioRapport } from '@plafond/rapport';
import { EXIT, geheelOptie, type Command } from '../command';
import { budgetStand } from '../budgetstand';
import { cliDatabase } from '../database';
import { Voortgang } from '../progress';
import { importeerStamdataUit, verwerkBerichten, type BestandUitkomst } from '../verwerk';

function tabel(rijen: string[][]): string {
  const breedte = rijen[0].map((_, i) => Math.max(...rijen.map((r) => r[i].length)));
  return rijen.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(breedte[i]) : c.padStart(breedte[i]))).join('  ')).join('\n');
}

export const demo: Command = {
  name: 'demo',
  summary: 'het hoofdwerk van begin tot eind: een gegenereerd jaar Zaanstreek-Waterland door de echte verwerking',
  usage: 'plafond demo [--maanden N] [--clienten N] [--aanbieders N] [--seed N] [--out MAP]',
  help: [
    'Start een nieuwe tijdelijke ingebouwde PostgreSQL (of gebruikt DATABASE_URL), laadt de stamdata van een',
    'gegenereerde regio Zaanstreek-Waterland (aanbieders, tarieven, plafonds naar de omvang van de regio), maakt',
    '--maanden maanden berichten (301 toewijzingen, 305/307, 315/317, 323 declaraties met een realistisch deel',
    'fouten) en verwerkt ze in dit proces met dezelfde verwerking als de workers. Toont de uitnutting per domein',
    'en de belangrijkste signalen, en schrijft een Excel-rapport naar --out (standaard ./out).',
    '  --maanden N     maanden vanaf januari (standaard 12)',
    '  --clienten N    cliënten in zorg (standaard 20000); de plafonds schalen mee',
    '  --aanbieders N  aanbieders (standaard 130)',
    '  --seed N        startwaarde van de generator (standaard 2015)',
  ],
  options: { maanden: { type: 'string' }, clienten: { type: 'string' }, aanbieders: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } },
  async run({ values }, io) {
    const maanden = geheelOptie(values, 'maanden', 1, 12, 12);
    const opties = {
      ...STANDAARD_OPTIES,
      maanden,
      clienten: geheelOptie(values, 'clienten', 10, 1_000_000, STANDAARD_OPTIES.clienten),
      aanbieders: geheelOptie(values, 'aanbieders', 2, 5000, STANDAARD_OPTIES.aanbieders),
      seed: geheelOptie(values, 'seed', 0, 2 ** 31, STANDAARD_OPTIES.seed),
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
      io.err(`demo: regio ${regio.aanbieders.length} aanbieders, ${regio.clienten.length} cliënten, ${regio.toewijzingen.length} toewijzingen\n`);

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
      const mislukt = uitkomsten.filter((u) => u.outcome === 'niet-verwerkt');
      io.out(`\nUitnutting budgetplafonds Zaanstreek-Waterland ${regio.jaar}, t/m maand ${maanden}\n\n`);
      io.out(`${tabel([
        ['domein', 'plafond', 'realisatie', 'uitnutting', 'prognose jaareinde'],
        ...stand.domeinen.map((d) => [d.domein === 'JW' ? 'Jeugd' : 'Wmo', formatEuroNl(d.plafond), formatEuroNl(d.realisatie), d.uitnuttingPct === null ? '—' : formatPercentNl(d.uitnuttingPct), formatEuroNl(d.prognose)]),
      ])}\n\n`);
      io.out(`Top signalen (${stand.signalen.length} in totaal)\n`);
      for (const s of stand.signalen.slice(0, 10)) {
        io.out(`  [${s.ernst}] ${s.soort.padEnd(15)} ${s.agb} ${(stand.namen.get(s.agb) ?? '').slice(0, 32).padEnd(32)} ${s.domein.padEnd(3)} ${s.toelichting}\n`);
      }
      io.out(`\nVerwerkt: ${uitkomsten.length} berichten (${afgewezenBerichten} afgewezen${mislukt.length ? `, ${mislukt.length} niet verwerkt` : ''}), ${prestaties} prestaties (${toegekend} toegekend) in ${((Date.now() - start) / 1000).toFixed(0)} s\n`);

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
      for (const u of mislukt) io.err(`plafond demo: ${u.file}: ${u.fout}\n`);
      return mislukt.length ? EXIT.fout : EXIT.ok;
    } finally {
      await rm(werk, { recursive: true, force: true });
      await db.close();
    }
  },
};
