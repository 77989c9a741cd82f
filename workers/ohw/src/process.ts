import { randomUUID } from 'node:crypto';
import { isMaand, vandaag, type Datum, type Maand } from '@plafond/core';
import {
  actieveToewijzingenInMaand, aanbiederOpAgb, gemeenten, inTransactie, legOhwRegelsVast, leesStamdata, ohwBestand, ohwOntvangst, openOhwOntvangst,
  openOhwVersie, rondOhwVersieAf, slaOhwOntvangstOp, stamdataIndex, toewijzingenOpNummer, toewijzingenVanAanbieder, volgendeOhwVersie, weigerOhwOntvangst,
  type DataSource, type Db, type OhwOntvangst, type OhwToewijzing, type Stamdata,
} from '@plafond/db';
import {
  leesOhwBestand, leesOhwRijen, maakOhwTemplate, maakTerugkoppeling, OhwBestandFout, OhwControle, ohwSoortVan, STANDAARD_LIMIETEN,
  type OhwAfwijzing, type OhwInvoerRij, type OhwLimieten, type OhwToewijzingInfo,
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
  /** Makes the feedback workbook (verwerkt only): on request, so checking and storing never wait for it. */
  terugkoppeling?: () => Promise<Buffer>;
}

// OHW of an aanbieder is serialised on its own slot, apart from its messages (the slot of a message is its AGB).
const slotVan = (agb: string) => -Number(agb);

/**
 * Checks one received OHW file (stored by the intake or the CLI) and stores it as the aanbieder's next version
 * for the month, with its valid rows and its refused ones — all in one transaction. A file refused as a whole
 * keeps only its reason (no version, no rows). Safe to run twice: a file already checked returns its stored
 * outcome.
 */
export async function processOhwUpload(job: OhwJob, deps: OhwProcessorDeps): Promise<OhwUitkomst> {
  const eerst = await ohwOntvangst(deps.dataSource, job.ontvangstId);
  if (!eerst) throw new Error(`OHW-ontvangst ${job.ontvangstId} bestaat niet`);
  if (eerst.status !== 'ontvangen') return uitkomstVan(eerst);
  const context = laadContext(deps.dataSource, eerst.aanbiederId);
  try {
    return await inTransactie(deps.dataSource, async (tx) => {
      const o = await openOhwOntvangst(tx, job.ontvangstId);
      if (!o) return uitkomstVan((await ohwOntvangst(tx, job.ontvangstId))!);
      return controleerEnBewaar(tx, o, leesOhwRijen(o.bestand, o.soort, deps.limieten ?? STANDAARD_LIMIETEN), await context);
    }, { slot: slotVan(eerst.agb) });
  } catch (e) {
    if (!(e instanceof OhwBestandFout)) throw e;
    // What was stored of it went with the rollback; the refusal is recorded on its own.
    await weigerOhwOntvangst(deps.dataSource, eerst.id, e.message);
    return afgewezen(eerst.id, eerst.agb, eerst.maand, e.message);
  }
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
 * Reads, checks and stores an OHW file in one go, in-process (the CLI's `ohw inlezen` and `plafond verwerk`), in
 * one transaction through the same steps as {@link processOhwUpload}: the file is its own record, so a file
 * refused as a whole stores nothing at all.
 */
export async function verwerkOhwBestand(b: OhwBestand, deps: OhwProcessorDeps): Promise<OhwUitkomst> {
  const maand = b.maand as Maand;
  const limieten = deps.limieten ?? STANDAARD_LIMIETEN;
  const soort = ohwSoortVan(b.naam);
  const vooraf = controleerAanlevering(b.agb, b.maand, soort);
  if (vooraf) return afgewezen(null, b.agb, maand, vooraf);
  const aanbieder = await aanbiederOpAgb(deps.dataSource, b.agb);
  if (!aanbieder) return afgewezen(null, b.agb, maand, `aanbieder met AGB-code ${b.agb} is onbekend`);
  // The database reads what the rows are checked against while this process starts reading the file.
  const context = laadContext(deps.dataSource, aanbieder.id);
  const rijen = leesOhwRijen(b.inhoud, soort!, limieten);
  try {
    // The header (and the zip of an xlsx) is checked before anything is stored.
    const eerste = await rijen.next();
    return await inTransactie(deps.dataSource, async (tx) => {
      const id = await slaOhwOntvangstOp(tx, {
        aanbiederId: aanbieder.id, maand, door: b.door, bestandNaam: b.naam, soort: soort!, bestand: b.inhoud, correlationId: randomUUID(),
      });
      return controleerEnBewaar(tx, (await openOhwOntvangst(tx, id))!, metEerste(eerste, rijen), await context);
    }, { slot: slotVan(b.agb) });
  } catch (e) {
    await context.catch(() => undefined);
    if (e instanceof OhwBestandFout) return afgewezen(null, b.agb, maand, e.message);
    throw e;
  }
}

async function* metEerste<T>(eerste: IteratorResult<T>, rest: AsyncGenerator<T>): AsyncGenerator<T> {
  if (eerste.done) return;
  yield eerste.value;
  yield* rest;
}

/** Why a delivery is refused before its content is read (a Dutch message), or undefined. */
export function controleerAanlevering(agb: string, maand: string, soort: string | undefined): string | undefined {
  if (!/^\d{8}$/.test(agb)) return `AGB-code ${agb} is geen code van 8 cijfers`;
  if (!isMaand(maand)) return `maand ${maand} is geen maand in de vorm JJJJ-MM`;
  if (!soort) return 'het bestand moet een .xlsx- of .csv-bestand zijn';
  return undefined;
}

/** What the rows are checked against: the aanbieder's own toewijzingen and the master data. */
interface Context {
  eigen: (OhwToewijzing & { aanbiederId: number })[];
  stamdata: Stamdata;
}

async function laadContext(ds: DataSource, aanbiederId: number): Promise<Context> {
  const [eigen, stamdata] = await Promise.all([toewijzingenVanAanbieder(ds, aanbiederId), leesStamdata(ds)]);
  return { eigen, stamdata };
}

/**
 * Checks the rows chunk by chunk as they are read and sends each chunk's valid rows to PostgreSQL at once, without
 * waiting: the database stores one chunk while this process reads and checks the next. The version's outcome
 * goes last; a refusal of the whole file halfway throws, and the transaction takes everything back.
 */
async function controleerEnBewaar(tx: Db, o: OhwOntvangst & { bestand: Buffer }, stukken: AsyncIterable<OhwInvoerRij[]>, ctx: Context): Promise<OhwUitkomst> {
  const index = stamdataIndex(ctx.stamdata);
  const perNummer = new Map<string, OhwToewijzingInfo[]>();
  const neem = (t: OhwToewijzing & { aanbiederId: number }) => {
    const info: OhwToewijzingInfo = {
      id: t.id, toewijzingNummer: t.toewijzingNummer, gemeente: t.gemeente, domein: t.domein, eigen: t.aanbiederId === o.aanbiederId,
      clientId: t.clientId, bsn: t.bsn, productcategorie: t.productcategorie, productcode: t.productcode, ingangsdatum: t.ingangsdatum,
      einddatum: t.einddatum, omvang: t.omvang, ingetrokken: t.status === 'ingetrokken',
    };
    const lijst = perNummer.get(t.toewijzingNummer);
    if (lijst) lijst.push(info);
    else perNummer.set(t.toewijzingNummer, [info]);
  };
  ctx.eigen.forEach(neem);
  const gezocht = new Set<string>();
  const controle = new OhwControle({
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
  const uploadId = await openOhwVersie(tx, o, versie);
  const alle: OhwInvoerRij[] = [];
  const fouten: OhwAfwijzing[] = [];
  const schrijven: Promise<void>[] = [];
  let opgeslagen = 0;
  try {
    for await (const stuk of stukken) {
      // Numbers that are not the aanbieder's own: another aanbieder's, or unknown (the check says which).
      const vreemd = [...new Set(stuk.map((r) => r.cellen.toewijzingnummer).filter((n) => n !== '' && !perNummer.has(n) && !gezocht.has(n)))];
      if (vreemd.length) {
        vreemd.forEach((n) => gezocht.add(n));
        (await toewijzingenOpNummer(tx, vreemd)).forEach(neem);
      }
      for (const r of stuk) alle.push(r);
      const u = controle.controleer(stuk);
      for (const f of u.afgewezen) fouten.push(f);
      opgeslagen += u.regels.length;
      const klaar = legOhwRegelsVast(tx, uploadId, u.regels);
      // Awaited below; a failure fails the transaction there.
      klaar.catch(() => undefined);
      schrijven.push(klaar);
    }
  } finally {
    await Promise.allSettled(schrijven);
  }
  await Promise.all(schrijven);
  await rondOhwVersieAf(tx, o.id, uploadId, opgeslagen, fouten);
  return {
    ontvangstId: o.id, outcome: 'verwerkt', ohw: { agb: o.agb, maand: o.maand, versie, opgeslagen, afgewezen: fouten },
    terugkoppeling: () => maakTerugkoppeling({ agb: o.agb, maand: o.maand, versie, rijen: alle, afgewezen: fouten }),
  };
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
 * The feedback workbook of a checked OHW file, made from its stored bytes and refused rows; undefined when the
 * file is unknown, not checked yet, or was refused as a whole.
 */
export async function ohwTerugkoppelingVan(ds: DataSource, ontvangstId: string): Promise<Buffer | undefined> {
  const o = await ohwOntvangst(ds, ontvangstId);
  const bestand = o?.status === 'verwerkt' ? await ohwBestand(ds, ontvangstId) : undefined;
  if (!o || !bestand) return undefined;
  const tabel = await leesOhwBestand(bestand, o.soort);
  return maakTerugkoppeling({ agb: o.agb, maand: o.maand, versie: o.versie ?? 0, rijen: tabel.rijen, afgewezen: o.afgewezen as OhwAfwijzing[] });
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
  // Without an Omvang the eenheid is the tariff's: of the product, or of every product of the category when they share one.
  const eenheidVan = (domein: string, cat: string | null, code: string | null, op: Datum): string => {
    if (!cat) return '';
    const codes = code ? [code] : index.productcodes(domein, cat);
    const eenheden = new Set(codes.map((c) => index.tarief(domein, agb, cat, c, op)?.eenheid));
    const [enige] = eenheden;
    return eenheden.size === 1 && enige ? enige : '';
  };
  return maakOhwTemplate({
    agb, aanbiederNaam: aanbieder.naam, maand, gemaaktOp: op,
    regels: toewijzingen.map((t) => ({
      gemeente: t.gemeente, toewijzingnummer: t.toewijzingNummer, bsn: t.bsn, productcategorie: t.productcategorie ?? '', productcode: t.productcode ?? '',
      periode: maand, eenheid: t.omvang?.eenheid ?? eenheidVan(t.domein, t.productcategorie, t.productcode, (t.ingangsdatum > maandBegin ? t.ingangsdatum : maandBegin) as Datum),
    })),
    gemeenten: alleGemeenten.filter((g) => g.geldigTot === null || g.geldigTot > maandBegin).map((g) => ({ code: g.cbsCode, naam: g.naam })),
    productcategorieen: [...categorieen].sort(),
    productcodes: [...codes].sort(),
  });
}
