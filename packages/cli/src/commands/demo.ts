import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatEuroNl, formatPercentNl, leesConfig } from '@plafond/core';
import { genereerMaand, genereerRegio, ohwCsv, schrijfStamdata, STANDAARD_OPTIES } from '@plafond/fixtures';
import { type Herverdelingsvoorstel, STANDAARD_HERVERDELING, type Terugblik, herverdelingsvoorstel, signaalInstellingen, terugblik } from '@plafond/budget';
import { serialiseer } from '@plafond/istandaard';
import { regioRapport } from '@plafond/rapport';
import { regioBudgetlijnen } from '@plafond/rapportage';
import { EXIT, geheelOptie, type Command } from '../command';
import { type BudgetStand, budgetStand } from '../budgetstand';
import { cliDatabase } from '../database';
import { Voortgang } from '../progress';
import { importeerStamdataUit, verwerkBerichten, type BestandUitkomst } from '../verwerk';
import { verwerkOhwMap } from '../verwerk-ohw';

const euro = formatEuroNl;

const MAANDNAAM = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
/** The month the demo looks back from: the end of the first quarter, when the signal must come. */
const VROEG = 3;

function tabel(rijen: string[][]): string {
  const breedte = rijen[0].map((_, i) => Math.max(...rijen.map((r) => r[i].length)));
  return rijen.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(breedte[i]) : c.padStart(breedte[i]))).join('  ')).join('\n');
}

/** The uitnutting per domein and the top signals of a stand, for the console. */
function toonStand(io: { out: (s: string) => void }, stand: BudgetStand, kop: string): void {
  io.out(`\n${kop}\n\n`);
  io.out(`${tabel([
    ['domein', 'plafond', 'realisatie', 'onderhanden werk', 'uitnutting', 'prognose jaareinde'],
    ...stand.domeinen.map((d) => [d.domein === 'JW' ? 'Jeugd' : 'Wmo', euro(d.plafond), euro(d.realisatie), euro(d.onderhandenWerk), d.uitnuttingPct === null ? '—' : formatPercentNl(d.uitnuttingPct), euro(d.prognose)]),
  ])}\n\n`);
  const telling = (soort: string) => stand.signalen.filter((s) => s.soort === soort).length;
  io.out(`Signalen: ${telling('overbesteding')} overbesteding, ${telling('drempel')} drempel, ${telling('onderbesteding')} onderbesteding, ${telling('geen-ohw')} geen OHW, ${telling('late-declaratie')} late declaratie, ${telling('sprong')} sprong\n`);
  for (const s of stand.signalen.slice(0, 10)) {
    io.out(`  [${s.ernst}] ${s.soort.padEnd(15)} ${s.agb} ${(stand.namen.get(s.agb) ?? '').slice(0, 32).padEnd(32)} ${s.domein.padEnd(3)} ${s.toelichting}\n`);
  }
}

/** The proposal to move headroom from underspenders to overspenders, for the console. */
function toonHerverdeling(io: { out: (s: string) => void }, voorstellen: Herverdelingsvoorstel[], namen: Map<string, string>): void {
  for (const v of voorstellen) {
    const totaal = v.overdrachten.reduce((a, o) => a + o.bedrag, 0n);
    io.out(`\nHerverdelingsvoorstel ${v.domein === 'JW' ? 'Jeugd' : 'Wmo'}${v.budgetlijn ? ` ${v.budgetlijn}` : ''}: ${v.overdrachten.length} overdrachten, ${euro(totaal)}; niet gedekt ${euro(v.nietGedekt)}\n`);
    for (const o of v.overdrachten.slice(0, 5)) {
      io.out(`  ${euro(o.bedrag).padStart(16)}  van ${o.van} ${(namen.get(o.van) ?? '').slice(0, 28).padEnd(28)}  naar ${o.naar} ${(namen.get(o.naar) ?? '').slice(0, 28)}\n`);
    }
  }
}

/** Which of the early signals came true at year end, for the console. */
function toonTerugblik(io: { out: (s: string) => void }, t: Terugblik, vroeg: BudgetStand, namen: Map<string, string>): void {
  io.out(`\nUitgekomen? De signalen van eind ${MAANDNAAM[vroeg.totMaand - 1]} tegen het jaareinde\n\n`);
  const pct = (v: string | null) => (v === null ? '—' : `${v.replace('.', ',')}%`);
  io.out(`${tabel([
    ['signaal', 'werkelijk', 'gesignaleerd', 'terecht', 'gemist', 'vals alarm', 'trefkans', 'aandeel vals'],
    ...[t.overbesteding, t.onderbesteding].map((x) => [x.soort, String(x.werkelijk), String(x.gesignaleerd), String(x.terecht), String(x.gemist), String(x.vals), pct(x.trefkansPct), pct(x.valsAlarmPct)]),
  ])}\n`);
  const over = t.uitkomsten.filter((u) => u.signaal.soort === 'overbesteding').slice(0, 8);
  for (const u of over) {
    io.out(`  ${u.uitgekomen ? 'uitgekomen ' : 'niet uitgek.'} ${u.signaal.agb} ${(namen.get(u.signaal.agb) ?? '').slice(0, 32).padEnd(32)} ${u.signaal.domein.padEnd(3)} werkelijk ${euro(u.werkelijk)} tegen plafond ${euro(u.plafondJaareinde)}\n`);
  }
}

export const demo: Command = {
  name: 'demo',
  summary: 'het hoofdwerk van begin tot eind: een gegenereerd jaar Zaanstreek-Waterland door de echte verwerking',
  usage: 'plafond demo [--maanden N] [--clienten N] [--aanbieders N] [--seed N] [--out MAP]',
  help: [
    'Start een nieuwe tijdelijke ingebouwde PostgreSQL (of gebruikt DATABASE_URL), laadt de stamdata van een',
    'gegenereerde regio Zaanstreek-Waterland (aanbieders, tarieven, plafonds naar de omvang van de regio, plafond-',
    'mutaties), maakt --maanden maanden berichten (301 toewijzingen, 305/307, 315/317, 323 declaraties met een',
    'realistisch deel fouten) en verwerkt ze in dit proces met dezelfde verwerking als de workers. Toont de regio',
    'zoals die er eind maart voor stond (uitnutting per domein, de signalen met hun reden, een herverdelingsvoorstel),',
    'en aan het einde van de laatste maand welke van die signalen uitkwamen (trefkans en vals alarm); beide staan',
    'ook in het Excel-rapport in --out (standaard ./out).',
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
    const inst = signaalInstellingen(config.signalen);
    const start = Date.now();
    io.err('demo: database starten…\n');
    const db = await cliDatabase({ blijvend: false });
    const werk = await mkdtemp(join(tmpdir(), 'plafond-demo-'));
    try {
      const regio = genereerRegio(opties);
      await schrijfStamdata(werk, regio);
      await importeerStamdataUit(db.dataSource, werk);
      io.err(`demo: regio ${regio.aanbieders.length} aanbieders, ${regio.clienten.length} cliënten, ${regio.toewijzingen.length} toewijzingen\n`);

      const uitkomsten: BestandUitkomst[] = [];
      let ohwOpgaven = 0;
      let vroeg: BudgetStand | undefined;
      for (let m = 0; m < maanden; m++) {
        const maand = genereerMaand(regio, m);
        const voortgang = new Voortgang(io, `maand ${maand.maand}`, maand.berichten.length);
        const berichten = maand.berichten.map((b) => ({ naam: b.bestandsnaam, get inhoud() { return Buffer.from(serialiseer(b.model)); } }));
        uitkomsten.push(...(await verwerkBerichten(db.dataSource, berichten, { config, voortgang })));
        voortgang.finish();
        // The month's onderhanden werk, as each aanbieder reports it: one CSV per aanbieder, checked and stored.
        const ohwMap = join(werk, `ohw-${maand.maand}`);
        await mkdir(ohwMap, { recursive: true });
        for (const a of maand.ohw) await writeFile(join(ohwMap, `ohw-${a.agb}-${a.periode}.csv`), ohwCsv(a));
        const ohw = await verwerkOhwMap(db.dataSource, ohwMap, join(werk, 'ohw-terugkoppeling'), (t) => io.err(`demo: ${t}\n`));
        ohwOpgaven += ohw.filter((o) => o.outcome === 'verwerkt').length;
        // The picture as drawn up early in April: March's declaraties (dated early April) are in, nothing later.
        if (m + 1 === VROEG && maanden > VROEG) vroeg = await budgetStand(db.dataSource, regio.jaar, VROEG, inst);
      }

      const stand = await budgetStand(db.dataSource, regio.jaar, maanden, inst);
      const voorstel = vroeg ? herverdelingsvoorstel(vroeg.aanbieders, { ...STANDAARD_HERVERDELING, onderbestedingPct: inst.onderbestedingPct }) : [];
      if (vroeg) {
        toonStand(io, vroeg, `Zaanstreek-Waterland ${regio.jaar} op ${vroeg.peildatum} (eind ${MAANDNAAM[VROEG - 1]})`);
        toonHerverdeling(io, voorstel, vroeg.namen);
      }
      // Only a whole year tells which signals came true.
      const t = vroeg && maanden === 12
        ? terugblik(vroeg.signalen, stand.aanbieders.map((r) => ({ agb: r.agb, domein: r.domein, gemeente: null, plafond: r.plafond, werkelijk: r.realisatie + r.onderhandenWerk })), inst.onderbestedingPct)
        : undefined;
      const prestaties = uitkomsten.reduce((n, u) => n + Number(u.details.prestaties ?? 0), 0);
      const toegekend = uitkomsten.reduce((n, u) => n + Number(u.details.toegekend ?? 0), 0);
      const afgewezenBerichten = uitkomsten.filter((u) => u.outcome === 'afgewezen').length;
      const mislukt = uitkomsten.filter((u) => u.outcome === 'niet-verwerkt');
      toonStand(io, stand, `Zaanstreek-Waterland ${regio.jaar} op ${stand.peildatum} (t/m ${MAANDNAAM[maanden - 1]})`);
      if (t && vroeg) toonTerugblik(io, t, vroeg, stand.namen);
      io.out(`\nVerwerkt: ${uitkomsten.length} berichten (${afgewezenBerichten} afgewezen${mislukt.length ? `, ${mislukt.length} niet verwerkt` : ''}), ${prestaties} prestaties (${toegekend} toegekend), ${ohwOpgaven} opgaven onderhanden werk in ${((Date.now() - start) / 1000).toFixed(0)} s\n`);

      await mkdir(outDir, { recursive: true });
      const wb = await regioRapport({
        regio: 'Zaanstreek-Waterland', jaar: regio.jaar, totMaand: maanden, aangemaakt: new Date().toISOString(),
        domeinen: stand.domeinen, aanbieders: stand.aanbieders, signalen: stand.signalen, aanbiederNamen: stand.namen,
        ...(vroeg ? { vroeg: { peildatum: vroeg.peildatum, domeinen: vroeg.domeinen, signalen: vroeg.signalen, herverdeling: voorstel, ...(t ? { terugblik: t } : {}) } } : {}),
        budgetlijnen: await regioBudgetlijnen(db.dataSource, regio.jaar, stand.peildatum),
        verwerking: [
          ['berichten verwerkt', uitkomsten.length],
          ['berichten afgewezen', afgewezenBerichten],
          ['prestaties ontvangen', prestaties],
          ['prestaties toegekend', toegekend],
          ['opgaven onderhanden werk verwerkt', ohwOpgaven],
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
