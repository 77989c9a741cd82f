import { datum, formatEuro, isBudgetlijnCode, isDatum, parseEuro, vandaag, type Cents, type Datum } from '@plafond/core';
import {
  aanvaardHerverdelingsvoorstel, herverdeelPlafond, herverdelingsvoorstellen, legStapVast, openBestedingsruimte, plafondHistorie, procedures,
  procedureSignalen, standaardPeildatum, wijzigPlafond, PROCEDURE_STAPPEN, type ProcedureStap,
} from '@plafond/bewaking';
import type { DomeinCode } from '@plafond/db';
import { UsageError, type Command, type Io } from '../command';
import { cliDatabase } from '../database';
import { bestedingsruimteBrief, briefBijWaarschuwing } from './brief';

type Waarden = Record<string, unknown>;

function tekst(v: Waarden, naam: string, verplicht: true): string;
function tekst(v: Waarden, naam: string, verplicht: boolean): string | undefined;
function tekst(v: Waarden, naam: string, verplicht: boolean): string | undefined {
  const w = v[naam];
  if (typeof w === 'string' && w.trim() !== '') return w.trim();
  if (verplicht) throw new UsageError(`--${naam} is verplicht`);
  return undefined;
}

function jaarVan(v: Waarden): number {
  const j = tekst(v, 'jaar', true);
  if (!/^\d{4}$/.test(j) || +j < 2000 || +j > 2100) throw new UsageError(`--jaar ${JSON.stringify(j)} is geen jaar`);
  return +j;
}

function agbVan(v: Waarden, naam = 'agb'): string {
  const a = tekst(v, naam, true);
  if (!/^\d{8}$/.test(a)) throw new UsageError(`--${naam} ${JSON.stringify(a)} is geen AGB-code van 8 cijfers`);
  return a;
}

function domeinVan(v: Waarden): DomeinCode {
  const d = tekst(v, 'domein', true).toLowerCase();
  if (d === 'jeugd' || d === 'jw' || d === 'jeugdwet') return 'JW';
  if (d === 'wmo') return 'WMO';
  throw new UsageError(`--domein ${JSON.stringify(d)}: kies jeugd of wmo`);
}

function gemeenteVan(v: Waarden, naam = 'gemeente'): string | null {
  const g = tekst(v, naam, false);
  if (g === undefined) return null;
  if (!/^\d{4}$/.test(g)) throw new UsageError(`--${naam} ${JSON.stringify(g)} is geen CBS-code van 4 cijfers`);
  return g;
}

function datumVan(v: Waarden, naam: string, standaard?: Datum): Datum {
  const d = tekst(v, naam, standaard === undefined);
  if (d === undefined) return standaard!;
  if (!isDatum(d)) throw new UsageError(`--${naam} ${JSON.stringify(d)} is geen datum (JJJJ-MM-DD)`);
  return datum(d);
}

function bedragVan(v: Waarden, naam: string): Cents {
  const ruw = tekst(v, naam, true);
  const negatief = ruw.startsWith('-');
  try {
    return parseEuro(negatief ? ruw.slice(1) : ruw.replace(/^\+/, '')) * (negatief ? -1n : 1n);
  } catch {
    throw new UsageError(`--${naam} ${JSON.stringify(ruw)} is geen bedrag in euro's (bijvoorbeeld 2500,00 of -1250.50)`);
  }
}

const euro = (c: Cents) => `€ ${formatEuro(c)}`;
const waar = (agb: string, domein: DomeinCode, gemeente: string | null, budgetlijn?: string | null) =>
  `${agb} ${domein === 'JW' ? 'jeugd' : 'wmo'} ${gemeente ? `gemeente ${gemeente}` : 'alle gemeenten'}${budgetlijn ? ` budgetlijn ${budgetlijn}` : ''}`;

/** --budgetlijn: the code of a budgetlijn (budgetlijnen.csv), for a plafond split per budgetlijn. */
function budgetlijnVan(v: Record<string, unknown>): string | null {
  const b = tekst(v, 'budgetlijn', false);
  if (b === undefined) return null;
  if (!isBudgetlijnCode(b)) throw new UsageError(`--budgetlijn ${JSON.stringify(b)}: een budgetlijncode is letters, cijfers, . _ of -, hoogstens 20`);
  return b.toUpperCase();
}

async function metDatabase<T>(werk: (ds: Parameters<typeof wijzigPlafond>[0]) => Promise<T>): Promise<T> {
  const db = await cliDatabase({ blijvend: true });
  try {
    return await werk(db.dataSource);
  } finally {
    await db.close();
  }
}

async function bestedingsruimte(v: Waarden, actie: string | undefined, io: Io): Promise<number> {
  const jaar = jaarVan(v);
  const door = tekst(v, 'door', false) ?? process.env.USER ?? 'cli';
  if (actie === 'lijst') {
    const peildatum = datumVan(v, 'peildatum', vandaag());
    const agb = tekst(v, 'agb', false);
    return metDatabase(async (ds) => {
      const lijst = await procedures(ds, { jaar, agbCode: agb, peildatum });
      if (!lijst.length) io.out(`geen bestedingsruimteprocedures in ${jaar}\n`);
      for (const p of lijst) {
        io.out(`${p.agbCode} ${p.domein === 'JW' ? 'jeugd' : 'wmo'} ${p.jaar}: geopend ${p.geopendOp} (${p.signaal}: ${p.toelichting})${p.afgerond ? ', afgerond' : ''}\n`);
        for (const s of p.stappen) {
          const stand = s.gezet ? `${s.gezet.datum} door ${s.gezet.door}: ${s.gezet.notitie}` : s.uiterlijk ? `open, uiterlijk ${s.uiterlijk}` : 'nog niet aan de beurt';
          io.out(`  ${s.stap.padEnd(12)} ${stand}${s.teLaat ? '  TE LAAT' : ''}\n`);
        }
      }
      for (const s of await procedureSignalen(ds, { jaar, agbCode: agb, peildatum })) io.out(`signaal: ${s.toelichting}\n`);
      return 0;
    });
  }
  const agb = agbVan(v);
  const domein = domeinVan(v);
  if (actie === 'open') {
    const signaal = tekst(v, 'signaal', true);
    if (signaal !== 'drempel' && signaal !== 'overbesteding') throw new UsageError('--signaal: kies drempel of overbesteding');
    return metDatabase(async (ds) => {
      const { procedure, nieuw } = await openBestedingsruimte(ds, { jaar, agbCode: agb, domein, signaal, toelichting: tekst(v, 'toelichting', true), datum: datumVan(v, 'datum', vandaag()), door });
      io.out(nieuw ? `bestedingsruimteprocedure geopend voor ${waar(agb, domein, null)} ${jaar}; waarschuwing uiterlijk ${procedure.stappen[0].uiterlijk}\n`
        : `er loopt al een procedure voor ${waar(agb, domein, null)} ${jaar} (geopend ${procedure.geopendOp})\n`);
      return 0;
    });
  }
  if (actie === 'stap') {
    const stap = tekst(v, 'stap', true) as ProcedureStap;
    if (!PROCEDURE_STAPPEN.includes(stap)) throw new UsageError('--stap: kies waarschuwing, overleg of besluit');
    return metDatabase(async (ds) => {
      const p = await legStapVast(ds, { jaar, agbCode: agb, domein, stap, datum: datumVan(v, 'datum', vandaag()), door, notitie: tekst(v, 'notitie', true) });
      const volgende = p.stappen.find((s) => !s.gezet);
      io.out(`${stap} vastgelegd voor ${waar(agb, domein, null)} ${jaar}${volgende ? `; ${volgende.stap} uiterlijk ${volgende.uiterlijk}` : '; procedure afgerond'}\n`);
      if (stap === 'waarschuwing') await briefBijWaarschuwing(ds, { jaar, agbCode: agb, domein, door }, io);
      return 0;
    });
  }
  if (actie === 'brief') {
    const out = tekst(v, 'out', false);
    if (out !== undefined && !out.toLowerCase().endsWith('.pdf')) throw new UsageError(`--out ${JSON.stringify(out)}: de brief is een PDF (BESTAND.pdf)`);
    return metDatabase((ds) => bestedingsruimteBrief(ds, { jaar, agbCode: agb, domein, door, out }, io));
  }
  throw new UsageError('plafond bestedingsruimte open|stap|lijst|brief');
}

export const plafond: Command = {
  name: 'plafond',
  summary: 'budgetplafonds wijzigen en herverdelen, herverdelingsvoorstel, historie, bestedingsruimteprocedure',
  usage: 'plafond plafond wijzig|herverdeel|voorstel|historie|bestedingsruimte [opties]',
  help: [
    'plafond plafond wijzig --jaar JJJJ --agb AGB --domein jeugd|wmo [--gemeente CBS] [--budgetlijn CODE] --mutatie-eur BEDRAG --reden TEKST',
    '                        [--datum JJJJ-MM-DD] [--door NAAM]',
    '    verhoogt (positief) of verlaagt (negatief) een plafond; zonder --gemeente het plafond over alle gemeenten, met',
    '    --budgetlijn het deel van het plafond op die budgetlijn (budgetlijnen.csv).',
    '    Het plafond op een peildatum telt elke mutatie met een datum op of voor die peildatum (standaard --datum: vandaag).',
    'plafond plafond herverdeel --jaar JJJJ --domein jeugd|wmo --van-agb AGB [--van-gemeente CBS] --naar-agb AGB [--naar-gemeente CBS]',
    '                           [--budgetlijn CODE] --bedrag-eur BEDRAG --reden TEKST [--datum JJJJ-MM-DD] [--door NAAM]',
    '    verschuift een bedrag van het ene plafond naar het andere als één handeling (twee gekoppelde mutaties).',
    'plafond plafond voorstel --jaar JJJJ [--domein jeugd|wmo] [--budgetlijn CODE] [--peildatum JJJJ-MM-DD]',
    '                         [--aanvaard --reden TEKST [--datum JJJJ-MM-DD] [--door NAAM]]',
    '    het herverdelingsvoorstel op de peildatum (standaard: eind van de laatste verwerkte maand): per domein (en',
    '    budgetlijn, gemeente) ruimte van aanbieders op weg naar onderbesteding naar wie op weg is naar overbesteding,',
    '    met de plafonds en prognoses voor en na. Met --aanvaard wordt elk getoond voorstel vastgelegd als herverdelingen',
    '    (per overdracht twee gekoppelde mutaties), alles of niets; een voorstel wordt één keer aanvaard.',
    'plafond plafond historie --jaar JJJJ --agb AGB [--domein jeugd|wmo]',
    '    elk plafond van de aanbieder met alle mutaties (datum, bedrag, reden, wie, herverdeling).',
    'plafond plafond bestedingsruimte open --jaar JJJJ --agb AGB --domein jeugd|wmo --signaal drempel|overbesteding --toelichting TEKST [--datum]',
    'plafond plafond bestedingsruimte stap --jaar JJJJ --agb AGB --domein jeugd|wmo --stap waarschuwing|overleg|besluit --notitie TEKST [--datum] [--door]',
    'plafond plafond bestedingsruimte lijst --jaar JJJJ [--agb AGB] [--peildatum JJJJ-MM-DD]',
    'plafond plafond bestedingsruimte brief --jaar JJJJ --agb AGB --domein jeugd|wmo [--out BESTAND.pdf] [--door NAAM]',
    '    de schriftelijke waarschuwing als PDF aan de aanbieder (cijfers op de datum van de waarschuwing, de drempel van',
    '    70% of de verwachte overschrijding, de termijn voor het overleg), opgeslagen bij de vastgelegde stap waarschuwing;',
    '    daarna steeds dezelfde opgeslagen brief. Het vastleggen van de stap waarschuwing maakt en bewaart de brief al.',
    '    de procedure van Contractstandaarden Wmo art. 1.5: schriftelijke waarschuwing (binnen een week na het signaal),',
    '    overleg binnen 2 weken, besluit binnen 2 weken daarna; een verlopen termijn is zelf een signaal.',
    'Elke wijziging staat in de audittrail. Database: DATABASE_URL, of de ingebouwde PostgreSQL in PLAFOND_HOME (zie plafond db).',
  ],
  options: {
    jaar: { type: 'string' }, agb: { type: 'string' }, domein: { type: 'string' }, gemeente: { type: 'string' }, 'mutatie-eur': { type: 'string' },
    reden: { type: 'string' }, datum: { type: 'string' }, door: { type: 'string' }, 'van-agb': { type: 'string' }, 'van-gemeente': { type: 'string' },
    'naar-agb': { type: 'string' }, 'naar-gemeente': { type: 'string' }, 'bedrag-eur': { type: 'string' }, signaal: { type: 'string' },
    toelichting: { type: 'string' }, stap: { type: 'string' }, notitie: { type: 'string' }, peildatum: { type: 'string' }, out: { type: 'string' },
    budgetlijn: { type: 'string' }, aanvaard: { type: 'boolean' },
  },
  async run({ values, positionals }, io) {
    const [actie, sub] = positionals;
    const door = tekst(values, 'door', false) ?? process.env.USER ?? 'cli';
    if (actie === 'wijzig') {
      const w = {
        jaar: jaarVan(values), agbCode: agbVan(values), domein: domeinVan(values), gemeenteCode: gemeenteVan(values), budgetlijn: budgetlijnVan(values),
        mutatie: bedragVan(values, 'mutatie-eur'), reden: tekst(values, 'reden', true), door, datum: datumVan(values, 'datum', vandaag()),
      };
      return metDatabase(async (ds) => {
        const u = await wijzigPlafond(ds, w);
        io.out(`plafond ${w.jaar} ${waar(w.agbCode, w.domein, w.gemeenteCode, w.budgetlijn)}: ${euro(u.oud)} → ${euro(u.nieuw)} per ${w.datum} (${w.reden})\n`);
        return 0;
      });
    }
    if (actie === 'herverdeel') {
      const h = {
        jaar: jaarVan(values), domein: domeinVan(values),
        van: { agbCode: agbVan(values, 'van-agb'), gemeenteCode: gemeenteVan(values, 'van-gemeente'), budgetlijn: budgetlijnVan(values) },
        naar: { agbCode: agbVan(values, 'naar-agb'), gemeenteCode: gemeenteVan(values, 'naar-gemeente'), budgetlijn: budgetlijnVan(values) },
        bedrag: bedragVan(values, 'bedrag-eur'), reden: tekst(values, 'reden', true), door, datum: datumVan(values, 'datum', vandaag()),
      };
      if (h.bedrag <= 0n) throw new UsageError('--bedrag-eur is positief: het bedrag gaat van --van naar --naar');
      return metDatabase(async (ds) => {
        const u = await herverdeelPlafond(ds, h);
        io.out(`herverdeling ${u.herverdelingId}: ${euro(h.bedrag)} van ${waar(h.van.agbCode, h.domein, h.van.gemeenteCode)} (${euro(u.van.oud)} → ${euro(u.van.nieuw)}) `
          + `naar ${waar(h.naar.agbCode, h.domein, h.naar.gemeenteCode)} (${euro(u.naar.oud)} → ${euro(u.naar.nieuw)})\n`);
        return 0;
      });
    }
    if (actie === 'voorstel') {
      const jaar = jaarVan(values);
      const domein = tekst(values, 'domein', false) === undefined ? undefined : domeinVan(values);
      const budgetlijn = budgetlijnVan(values) ?? undefined;
      const aanvaard = values.aanvaard === true;
      const reden = aanvaard ? tekst(values, 'reden', true) : undefined;
      const gevraagd = tekst(values, 'peildatum', false) === undefined ? undefined : datumVan(values, 'peildatum');
      const ingang = datumVan(values, 'datum', vandaag());
      return metDatabase(async (ds) => {
        const peildatum = gevraagd ?? (await standaardPeildatum(ds)) ?? vandaag();
        const vraag = { jaar, peildatum, ...(domein ? { domein } : {}), ...(budgetlijn ? { budgetlijn } : {}) };
        const voorstellen = await herverdelingsvoorstellen(ds, vraag);
        if (!voorstellen.length) {
          io.out(`geen herverdelingsvoorstel op ${peildatum}: geen aanbieder op weg naar overbesteding met ruimte bij een ander in dezelfde scope\n`);
          return 0;
        }
        for (const v of voorstellen) {
          const totaal = v.overdrachten.reduce((t, o) => t + o.bedrag, 0n);
          io.out(`herverdelingsvoorstel ${jaar} ${v.domein === 'JW' ? 'jeugd' : 'wmo'}${v.budgetlijn ? ` budgetlijn ${v.budgetlijn}` : ''}${v.gemeente ? ` gemeente ${v.gemeente}` : ''} op ${peildatum}: `
            + `${v.overdrachten.length} overdracht(en), ${euro(totaal)}; niet gedekt ${euro(v.nietGedekt)}, ruimte over ${euro(v.restRuimte)}\n`);
          for (const o of v.overdrachten) io.out(`  ${euro(o.bedrag)} van ${o.van} naar ${o.naar}\n`);
          for (const a of v.aanbieders) {
            io.out(`  ${a.agb} ${a.rol.padEnd(9)} prognose ${euro(a.prognose)}; plafond ${euro(a.plafondVoor)} → ${euro(a.plafondNa)} (prognose ${a.prognosePctVoor ?? '—'}% → ${a.prognosePctNa ?? '—'}%)\n`);
          }
          if (aanvaard) {
            const u = await aanvaardHerverdelingsvoorstel(ds, { ...vraag, domein: v.domein, gemeente: v.gemeente, overdrachten: v.overdrachten, reden: reden!, door, datum: ingang });
            io.out(`  aanvaard per ${ingang}: herverdeling ${u.map((x) => x.herverdelingId).join(', ')}\n`);
          }
        }
        return 0;
      });
    }
    if (actie === 'historie') {
      const jaar = jaarVan(values);
      const agbCode = agbVan(values);
      const domein = tekst(values, 'domein', false) === undefined ? undefined : domeinVan(values);
      return metDatabase(async (ds) => {
        const lijst = await plafondHistorie(ds, { jaar, agbCode, domein });
        if (!lijst.length) io.out(`geen plafonds voor ${agbCode} in ${jaar}\n`);
        for (const p of lijst) {
          io.out(`plafond ${jaar} ${waar(agbCode, p.domein, p.gemeenteCode, p.budgetlijn)}: ${euro(p.bedrag)}\n`);
          for (const m of p.mutaties) {
            const hv = m.herverdeling ? ` [herverdeling ${m.herverdeling.id} ${m.mutatie < 0n ? 'naar' : 'van'} ${m.herverdeling.tegenpartij.agbCode} ${m.herverdeling.tegenpartij.gemeenteCode ?? 'alle gemeenten'}]` : '';
            io.out(`  ${m.datum}  ${(m.mutatie < 0n ? '' : '+') + formatEuro(m.mutatie)}  → ${euro(m.nieuw)}  ${m.reden} (${m.door})${hv}\n`);
          }
        }
        return 0;
      });
    }
    if (actie === 'bestedingsruimte') return bestedingsruimte(values, sub, io);
    throw new UsageError(actie ? `onbekende opdracht ${JSON.stringify(actie)}: kies wijzig, herverdeel, voorstel, historie of bestedingsruimte` : 'kies wijzig, herverdeel, voorstel, historie of bestedingsruimte');
  },
};
