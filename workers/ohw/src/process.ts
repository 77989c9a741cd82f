import { randomUUID } from 'node:crypto';
import { isMaand, vandaag, type Datum, type Maand } from '@plafond/core';
import {
  actieveToewijzingenInMaand, aanbiederOpAgb, gemeenten, inTransactie, legOhwVersieVast, leesStamdata, ohwOntvangst, openOhwOntvangst,
  slaOhwOntvangstOp, stamdataIndex, toewijzingenOpNummer, volgendeOhwVersie, weigerOhwOntvangst,
  type DataSource, type Db, type OhwOntvangst,
} from '@plafond/db';
import {
  controleerOhw, leesOhwBestand, maakOhwTemplate, maakTerugkoppeling, OhwBestandFout, ohwSoortVan, STANDAARD_LIMIETEN,
  type OhwAfwijzing, type OhwLimieten, type OhwTabel, type OhwToewijzingInfo,
} from '@plafond/ohw';
import type { OhwJob } from './queue';

export interface OhwProcessorDeps {
  dataSource: DataSource;
  limieten?: OhwLimieten;
}

/** The outcome of one OHW file: the `ohw` object of `--json`, `verwerking.json` and the intake's status. */
export interface OhwUitkomst {
  ontvangstId: string | null;
  outcome: 'verwerkt' | 'afgewezen';
  /** Why the file was refused as a whole. */
  reden?: string;
  ohw: { agb: string; maand: Maand; versie: number | null; opgeslagen: number; afgewezen: OhwAfwijzing[] };
  /** The feedback workbook (verwerkt only). */
  terugkoppeling?: Buffer;
}

// OHW of an aanbieder is serialised on its own slot, apart from its messages (the slot of a message is its AGB).
const slotVan = (agb: string) => -Number(agb);

/**
 * Checks one received OHW file (stored by the intake or the CLI) and stores it as the aanbieder's next version
 * for the month, with its valid rows, its refused ones and the feedback workbook — all in one transaction. A
 * file refused as a whole keeps only its reason (no version, no rows). Safe to run twice: a file already
 * checked returns its stored outcome.
 */
export async function processOhwUpload(job: OhwJob, deps: OhwProcessorDeps): Promise<OhwUitkomst> {
  const eerst = await ohwOntvangst(deps.dataSource, job.ontvangstId);
  if (!eerst) throw new Error(`OHW-ontvangst ${job.ontvangstId} bestaat niet`);
  if (eerst.status !== 'ontvangen') return uitkomstVan(eerst);
  return inTransactie(deps.dataSource, async (tx) => {
    const o = await openOhwOntvangst(tx, job.ontvangstId);
    if (!o) return uitkomstVan((await ohwOntvangst(tx, job.ontvangstId))!);
    let tabel: OhwTabel;
    try {
      tabel = await leesOhwBestand(o.bestand, o.soort, deps.limieten ?? STANDAARD_LIMIETEN);
    } catch (e) {
      if (!(e instanceof OhwBestandFout)) throw e;
      await weigerOhwOntvangst(tx, o.id, e.message);
      return afgewezen(o.id, o.agb, o.maand, e.message);
    }
    return controleerEnBewaar(tx, o, tabel);
  }, { slot: slotVan(eerst.agb) });
}

export interface OhwBestand {
  agb: string;
  maand: string;
  /** File name as given; its extension (.csv / .xlsx) decides how it is read. */
  naam: string;
  inhoud: Buffer;
  door: string;
}

/**
 * Reads, checks and stores an OHW file in one go, in-process (the CLI's `ohw inlezen` and `plafond verwerk`): the
 * file is read first, so a file refused as a whole stores nothing at all; a readable one is stored and checked in
 * one transaction, through the same steps as {@link processOhwUpload}.
 */
export async function verwerkOhwBestand(b: OhwBestand, deps: OhwProcessorDeps): Promise<OhwUitkomst> {
  const maand = b.maand as Maand;
  const limieten = deps.limieten ?? STANDAARD_LIMIETEN;
  const soort = ohwSoortVan(b.naam);
  const vooraf = controleerAanlevering(b.agb, b.maand, soort);
  if (vooraf) return afgewezen(null, b.agb, maand, vooraf);
  const aanbieder = await aanbiederOpAgb(deps.dataSource, b.agb);
  if (!aanbieder) return afgewezen(null, b.agb, maand, `aanbieder met AGB-code ${b.agb} is onbekend`);
  let tabel: OhwTabel;
  try {
    tabel = await leesOhwBestand(b.inhoud, soort!, limieten);
  } catch (e) {
    if (e instanceof OhwBestandFout) return afgewezen(null, b.agb, maand, e.message);
    throw e;
  }
  return inTransactie(deps.dataSource, async (tx) => {
    const id = await slaOhwOntvangstOp(tx, {
      aanbiederId: aanbieder.id, maand, door: b.door, bestandNaam: b.naam, soort: soort!, bestand: b.inhoud, correlationId: randomUUID(),
    });
    return controleerEnBewaar(tx, (await openOhwOntvangst(tx, id))!, tabel);
  }, { slot: slotVan(b.agb) });
}

/** Why a delivery is refused before its content is read (a Dutch message), or undefined. */
export function controleerAanlevering(agb: string, maand: string, soort: string | undefined): string | undefined {
  if (!/^\d{8}$/.test(agb)) return `AGB-code ${agb} is geen code van 8 cijfers`;
  if (!isMaand(maand)) return `maand ${maand} is geen maand in de vorm JJJJ-MM`;
  if (!soort) return 'het bestand moet een .xlsx- of .csv-bestand zijn';
  return undefined;
}

async function controleerEnBewaar(tx: Db, o: OhwOntvangst & { bestand: Buffer }, tabel: OhwTabel): Promise<OhwUitkomst> {
  const nummers = [...new Set(tabel.rijen.map((r) => r.cellen.toewijzingnummer).filter((n) => n !== ''))];
  const [toewijzingen, stamdata] = await Promise.all([toewijzingenOpNummer(tx, nummers), leesStamdata(tx)]);
  const index = stamdataIndex(stamdata);
  const perNummer = new Map<string, OhwToewijzingInfo[]>();
  for (const t of toewijzingen) {
    const info: OhwToewijzingInfo = {
      id: t.id, toewijzingNummer: t.toewijzingNummer, gemeente: t.gemeente, domein: t.domein, eigen: t.aanbiederId === o.aanbiederId,
      clientId: t.clientId, bsn: t.bsn, productcategorie: t.productcategorie, productcode: t.productcode, ingangsdatum: t.ingangsdatum,
      einddatum: t.einddatum, omvang: t.omvang, ingetrokken: t.status === 'ingetrokken',
    };
    const lijst = perNummer.get(t.toewijzingNummer);
    if (lijst) lijst.push(info);
    else perNummer.set(t.toewijzingNummer, [info]);
  }
  const { regels, afgewezen: fouten } = controleerOhw(tabel.rijen, {
    maand: o.maand,
    toewijzingen: (n) => perNummer.get(n) ?? [],
    tarief: (domein, cat, code, op) => {
      const t = index.tarief(domein, o.agb, cat, code, op);
      return t && { bedrag: t.bedragCents, eenheid: t.eenheid };
    },
    product: (domein, cat, code) => index.product(domein, cat, code),
    gemeenteBekend: (code) => index.gemeente(code) !== undefined,
  });
  const versie = await volgendeOhwVersie(tx, o.aanbiederId, o.maand);
  const terugkoppeling = await maakTerugkoppeling({ agb: o.agb, maand: o.maand, versie, rijen: tabel.rijen, afgewezen: fouten });
  await legOhwVersieVast(tx, o, { versie, regels, afgewezen: fouten, terugkoppeling });
  return { ontvangstId: o.id, outcome: 'verwerkt', ohw: { agb: o.agb, maand: o.maand, versie, opgeslagen: regels.length, afgewezen: fouten }, terugkoppeling };
}

function afgewezen(ontvangstId: string | null, agb: string, maand: Maand, reden: string): OhwUitkomst {
  return { ontvangstId, outcome: 'afgewezen', reden, ohw: { agb, maand, versie: null, opgeslagen: 0, afgewezen: [] } };
}

function uitkomstVan(o: OhwOntvangst): OhwUitkomst {
  if (o.status === 'afgewezen') return afgewezen(o.id, o.agb, o.maand, o.reden ?? 'afgewezen');
  return {
    ontvangstId: o.id, outcome: 'verwerkt',
    ohw: { agb: o.agb, maand: o.maand, versie: o.versie, opgeslagen: o.opgeslagen ?? 0, afgewezen: o.afgewezen as OhwAfwijzing[] },
  };
}

/**
 * The OHW template of an aanbieder and month: one pre-filled row per toewijzing active in the month, drop-downs
 * from the master data (gemeenten, the products with a tariff in the categories of its toewijzingen).
 */
export async function ohwTemplateVoor(ds: DataSource, agb: string, maand: Maand, op: Datum = vandaag()): Promise<Buffer> {
  const aanbieder = await aanbiederOpAgb(ds, agb);
  if (!aanbieder) throw new OhwBestandFout(`aanbieder met AGB-code ${agb} is onbekend`);
  const [toewijzingen, stamdata, alleGemeenten] = await Promise.all([actieveToewijzingenInMaand(ds, aanbieder.id, maand), leesStamdata(ds), gemeenten(ds)]);
  const index = stamdataIndex(stamdata);
  const categorieen = new Set<string>();
  const codes = new Set<string>();
  for (const t of toewijzingen) {
    if (t.productcategorie) {
      categorieen.add(t.productcategorie);
      for (const c of index.productcodes(t.domein, t.productcategorie)) codes.add(c);
    }
    if (t.productcode) codes.add(t.productcode);
  }
  const maandBegin = `${maand}-01`;
  return maakOhwTemplate({
    agb, aanbiederNaam: aanbieder.naam, maand, gemaaktOp: op,
    regels: toewijzingen.map((t) => ({
      gemeente: t.gemeente, toewijzingnummer: t.toewijzingNummer, bsn: t.bsn, productcategorie: t.productcategorie ?? '', productcode: t.productcode ?? '',
      periode: maand, eenheid: t.omvang?.eenheid ?? (t.productcategorie ? index.tarief(t.domein, agb, t.productcategorie, t.productcode ?? undefined, (t.ingangsdatum > maandBegin ? t.ingangsdatum : maandBegin) as Datum)?.eenheid : undefined) ?? '',
    })),
    gemeenten: alleGemeenten.filter((g) => g.geldigTot === null || g.geldigTot > maandBegin).map((g) => ({ code: g.cbsCode, naam: g.naam })),
    productcategorieen: [...categorieen].sort(),
    productcodes: [...codes].sort(),
  });
}
