import { createHash } from 'node:crypto';
import { endOfMonth, fromParts, NietGevonden, ValidatieFout, type Cents, type Datum } from '@plafond/core';
import { aanbiederOpAgb, aanbieders, budgetlijnen, gemeenten, sqlRijen, voerSqlUit, type Db } from '@plafond/db';
import type { BudgetReeks, Uitnutting } from '@plafond/budget';
import {
  bewaking, budgetReeksen, naarRegel, peilMaandIn, procedures, standaardPeildatum, uitnuttingBudgetlijnen, uitnuttingRegio, verzilvering,
} from '@plafond/bewaking';
import {
  betalingSpec, contractmanagerPack, gemeentePack, regioPack,
  type BetalingDeclaratie, type JsonDomein, type PackClient, type PackMaand, type PackProduct, type PackStap, type RegioBudgetlijn, type UitnuttingRegel,
} from '@plafond/rapport';

type Werkboek = Awaited<ReturnType<typeof contractmanagerPack>>;

/** A finished workbook with what it was made from, so callers (CLI, back office, tests) can report or check it. */
export interface Pack<I> {
  werkboek: Werkboek;
  invoer: I;
  peildatum: Datum;
  /** A download name: `voortgangsgesprek-<agb>-<jaar>.xlsx` and so on. */
  bestandsnaam: string;
}

/** What every pack asks: the year and (optionally) the peildatum; default the end of the latest month with figures. */
export interface PackVraag {
  jaar: number;
  peildatum?: Datum;
  /** ISO timestamp shown as "aangemaakt" (default now). */
  aangemaakt?: string;
}

const DOMEIN: Record<'JW' | 'WMO', JsonDomein> = { JW: 'jeugd', WMO: 'wmo' };
const REGIO = 'Zaanstreek-Waterland';
const STAP_NAAM = { waarschuwing: 'Schriftelijke waarschuwing', overleg: 'Overleg', besluit: 'Besluit' } as const;

function controleerJaar(jaar: number): void {
  if (!Number.isInteger(jaar) || jaar < 2000 || jaar > 2100) throw new ValidatieFout(`jaar ${jaar} is geen jaar tussen 2000 en 2100`);
}

/**
 * The peildatum of a pack: the one asked for, else the end of the latest month with figures when that lies in the
 * year, else the year end (a year in the past is read complete; a year without figures yet shows its plafonds).
 */
export async function packPeildatum(db: Db, jaar: number, peildatum?: Datum): Promise<Datum> {
  if (peildatum) return peildatum;
  const laatste = await standaardPeildatum(db);
  const jaarEinde = endOfMonth(fromParts(jaar, 12, 1));
  return laatste && laatste.slice(0, 4) === String(jaar) ? laatste : jaarEinde;
}

/** The rows of `uitnutting.json` (what `GET /api/uitnutting` answers) with the chosen method's one-sentence reason. */
function regelMetReden(u: Uitnutting): UitnuttingRegel {
  const r = naarRegel(u);
  return { ...r, uitnutting: r.uitnutting ?? '0.00', prognoseReden: u.prognoseReden };
}

/**
 * The aanbieder's plafond over all gemeenten per domein at any day, as `@plafond/bewaking` reads it at a peildatum:
 * its plafond over all gemeenten where it has one, else the sum of its gemeente plafonds; each counted from its
 * creation plus every later mutation dated on or before the day. (The series' history holds each plafond's own running
 * amount, which does not add up across gemeente plafonds; the months need the sum.)
 */
async function plafondOpDag(db: Db, agb: string, jaar: number): Promise<(domein: 'JW' | 'WMO', dag: Datum) => Cents> {
  const rijen = await sqlRijen<{ domein: 'JW' | 'WMO'; totaal: boolean; datum: Datum | null; delta: string; oprichting: boolean }>(
    db,
    `SELECT p.domein, p.gemeente_code IS NULL AS totaal, m.datum, coalesce(m.mutatie_cents, p.bedrag_cents)::text AS delta, m.id IS NULL OR m.bedrag_oud_cents IS NULL AS oprichting
       FROM budgetplafond p LEFT JOIN budgetplafond_mutatie m ON m.budgetplafond_id = p.id
      WHERE p.jaar = $2 AND p.aanbieder_id = (SELECT id FROM aanbieder WHERE agb_code = $1)`,
    [agb, jaar],
  );
  return (domein, dag) => {
    const eigen = rijen.filter((r) => r.domein === domein);
    const telt = eigen.some((r) => r.totaal) ? eigen.filter((r) => r.totaal) : eigen;
    return telt.reduce((s, r) => (r.oprichting || (r.datum !== null && r.datum <= dag) ? s + BigInt(r.delta) : s), 0n);
  };
}

async function naamKaarten(db: Db): Promise<{ aanbiederNamen: Map<string, string>; gemeenteNamen: Map<string, string> }> {
  return {
    aanbiederNamen: new Map((await aanbieders(db)).map((a) => [a.agbCode, a.naam])),
    gemeenteNamen: new Map((await gemeenten(db)).map((g) => [g.cbsCode, g.naam])),
  };
}

/** Per client of the aanbieder (by the keyed pseudonym stored with the client, never its BSN): toewijzingen, granted, OHW. */
async function clientenVan(db: Db, agb: string, jaar: number, peildatum: Datum): Promise<PackClient[]> {
  const rijen = await sqlRijen<{ pseudoniem: string; domein: 'JW' | 'WMO'; gemeente_code: string; toewijzingen: number; toegewezen: string; toegekend: string; ohw: string }>(
    db,
    `WITH a AS (SELECT id FROM aanbieder WHERE agb_code = $1),
     t AS (SELECT tw.client_id, m.domein, m.gemeente_code, count(DISTINCT m.toewijzing_id)::int AS n, sum(m.toegewezen_cents) AS bedrag
             FROM toewijzing_maand m JOIN toewijzing tw ON tw.id = m.toewijzing_id
            WHERE m.aanbieder_id = (SELECT id FROM a) AND m.jaar = $2 GROUP BY 1, 2, 3),
     p AS (SELECT p.client_id, p.domein, p.gemeente_code,
                  sum(CASE p.debet_credit WHEN 'C' THEN -coalesce(p.toegekend_cents, 0) ELSE coalesce(p.toegekend_cents, 0) END) AS bedrag
             FROM prestatie p
            WHERE p.aanbieder_id = (SELECT id FROM a) AND p.beslissing = 'toegekend' AND p.client_id IS NOT NULL
              AND p.periode_begin >= make_date($2, 1, 1) AND p.periode_begin < make_date($2 + 1, 1, 1) GROUP BY 1, 2, 3),
     o AS (SELECT tw.client_id, o.domein, o.gemeente_code, sum(o.bedrag_cents) AS bedrag
             FROM ohw_geteld o JOIN toewijzing tw ON tw.id = o.toewijzing_id
            WHERE o.aanbieder_id = (SELECT id FROM a) AND o.periode LIKE $2 || '-%'
              AND o.rapportmaand = (SELECT max(u.maand) FROM ohw_upload u WHERE u.aanbieder_id = o.aanbieder_id AND u.maand <= $3::bpchar)
            GROUP BY 1, 2, 3),
     k AS (SELECT client_id, domein, gemeente_code FROM t UNION SELECT client_id, domein, gemeente_code FROM p UNION SELECT client_id, domein, gemeente_code FROM o)
     SELECT c.pseudoniem, k.domein, k.gemeente_code, coalesce(t.n, 0) AS toewijzingen, coalesce(t.bedrag, 0)::text AS toegewezen,
            coalesce(p.bedrag, 0)::text AS toegekend, coalesce(o.bedrag, 0)::text AS ohw
       FROM k JOIN client c ON c.id = k.client_id
       LEFT JOIN t USING (client_id, domein, gemeente_code)
       LEFT JOIN p USING (client_id, domein, gemeente_code)
       LEFT JOIN o USING (client_id, domein, gemeente_code)
      ORDER BY k.domein, c.pseudoniem, k.gemeente_code`,
    [agb, jaar, peildatum.slice(0, 7)],
  );
  return rijen.map((r) => ({
    pseudoniem: r.pseudoniem, domein: DOMEIN[r.domein], gemeente: r.gemeente_code, toewijzingen: r.toewijzingen,
    toegewezen: BigInt(r.toegewezen), toegekend: BigInt(r.toegekend), onderhandenWerk: BigInt(r.ohw),
  }));
}

/** Per product category: the verzilvering of `@plafond/bewaking` with the clients served and the amount granted. */
async function productenVan(db: Db, agb: string, jaar: number, peildatum: Datum): Promise<PackProduct[]> {
  const verz = await verzilvering(db, { jaar, agbCode: agb, peildatum });
  const extra = await sqlRijen<{ domein: 'JW' | 'WMO'; productcategorie: string; clienten: number; toegekend: string }>(
    db,
    `SELECT p.domein, trim(p.productcategorie) AS productcategorie, count(DISTINCT p.client_id)::int AS clienten,
            sum(CASE WHEN p.beslissing <> 'toegekend' THEN 0 WHEN p.debet_credit = 'C' THEN -coalesce(p.toegekend_cents, 0) ELSE coalesce(p.toegekend_cents, 0) END)::text AS toegekend
       FROM prestatie p
      WHERE p.aanbieder_id = (SELECT id FROM aanbieder WHERE agb_code = $1)
        AND p.periode_begin >= make_date($2, 1, 1) AND p.periode_begin < make_date($2, $3, 1) + interval '1 month'
      GROUP BY 1, 2`,
    [agb, jaar, Math.max(1, peilMaandIn(jaar, peildatum))],
  );
  const namen = await sqlRijen<{ domein: 'JW' | 'WMO'; productcategorie: string; omschrijving: string }>(
    db, `SELECT DISTINCT ON (domein, productcategorie) domein, trim(productcategorie) AS productcategorie, omschrijving FROM product ORDER BY domein, productcategorie, productcode NULLS FIRST`);
  const sleutel = (d: string, c: string) => `${d}|${c}`;
  const perCat = new Map(extra.map((e) => [sleutel(e.domein, e.productcategorie), e]));
  const naamVan = new Map(namen.map((n) => [sleutel(n.domein, n.productcategorie), n.omschrijving]));
  return verz.map((v) => {
    const e = perCat.get(sleutel(v.domein, v.productcategorie));
    return {
      domein: DOMEIN[v.domein], productcategorie: v.productcategorie, productcode: null,
      omschrijving: naamVan.get(sleutel(v.domein, v.productcategorie)) ?? `Productcategorie ${v.productcategorie}`,
      clienten: e?.clienten ?? 0, toegewezen: v.toegewezen, gedeclareerd: v.gedeclareerd, toegekend: e ? BigInt(e.toegekend) : 0n,
    };
  });
}

/**
 * The voortgangsgesprek pack of one aanbieder: its rows of `uitnutting()` (totals and per gemeente), its months
 * from the series over all gemeenten, products with verzilvering, clients by keyed pseudonym, the prognose methods
 * with the chosen one's reason, its signals and the bestedingsruimte steps. An unknown AGB is a `NietGevonden`.
 */
export async function contractmanagerWerkboek(db: Db, v: PackVraag & { agb: string }): Promise<Pack<Parameters<typeof contractmanagerPack>[0]>> {
  controleerJaar(v.jaar);
  const aanbieder = await aanbiederOpAgb(db, v.agb);
  if (!aanbieder) throw new NietGevonden(`aanbieder met AGB-code ${v.agb} bestaat niet`);
  const peildatum = await packPeildatum(db, v.jaar, v.peildatum);
  const vraag = { jaar: v.jaar, peildatum, agb: v.agb };
  const regels = (await bewaking(db, vraag)).map(regelMetReden);
  const peilMaand = peilMaandIn(v.jaar, peildatum);
  const maanden: PackMaand[] = [];
  const plafondOp = await plafondOpDag(db, v.agb, v.jaar);
  for (const r of await budgetReeksen(db, vraag)) {
    if (r.gemeente !== null || r.budgetlijn !== null) continue;
    for (const m of r.maanden.slice(0, peilMaand)) {
      const einde = endOfMonth(fromParts(v.jaar, m.maand, 1));
      maanden.push({
        domein: DOMEIN[r.domein], maand: m.maand, realisatie: m.realisatie, realisatieKas: m.realisatieKas, onderhandenWerk: m.onderhandenWerk,
        plafond: plafondOp(r.domein, einde < peildatum ? einde : peildatum),
      });
    }
  }
  const stappen: PackStap[] = [];
  for (const p of await procedures(db, { jaar: v.jaar, agbCode: v.agb, peildatum })) {
    stappen.push({ domein: DOMEIN[p.domein], stap: 'Procedure geopend', datum: p.geopendOp, door: 'systeem', notitie: `${p.signaal}: ${p.toelichting}`, termijn: p.stappen[0].uiterlijk, verlopen: p.stappen[0].teLaat && !p.stappen[0].gezet });
    p.stappen.forEach((s, i) => {
      if (!s.gezet) return;
      const volgende = p.stappen[i + 1];
      stappen.push({
        domein: DOMEIN[p.domein], stap: STAP_NAAM[s.stap], datum: s.gezet.datum, door: s.gezet.door, notitie: s.gezet.notitie,
        termijn: volgende?.uiterlijk ?? null, verlopen: volgende ? volgende.teLaat && !volgende.gezet : false,
      });
    });
  }
  const { gemeenteNamen } = await naamKaarten(db);
  const invoer = {
    aanbieder: { agb: aanbieder.agbCode, naam: aanbieder.naam }, jaar: v.jaar, peildatum, aangemaakt: v.aangemaakt ?? new Date().toISOString(),
    regels, maanden, producten: await productenVan(db, v.agb, v.jaar, peildatum), clienten: await clientenVan(db, v.agb, v.jaar, peildatum), stappen, gemeenteNamen,
  };
  return { werkboek: await contractmanagerPack(invoer), invoer, peildatum, bestandsnaam: `voortgangsgesprek-${v.agb}-${v.jaar}.xlsx` };
}

/**
 * The pack of one gemeente: only the rows of `uitnutting({gemeente})` (one per aanbieder × domein in that gemeente),
 * its share of the regional cost from the regional roll-up. An unknown CBS code is a `NietGevonden`.
 */
export async function gemeenteWerkboek(db: Db, v: PackVraag & { gemeente: string }): Promise<Pack<Parameters<typeof gemeentePack>[0]>> {
  controleerJaar(v.jaar);
  const { aanbiederNamen, gemeenteNamen } = await naamKaarten(db);
  const naam = gemeenteNamen.get(v.gemeente);
  if (!naam) throw new NietGevonden(`gemeente met CBS-code ${v.gemeente} bestaat niet`);
  const peildatum = await packPeildatum(db, v.jaar, v.peildatum);
  const regels = (await bewaking(db, { jaar: v.jaar, peildatum, gemeente: v.gemeente })).map(regelMetReden).filter((r) => r.gemeente === v.gemeente);
  const regionaal = (await uitnuttingRegio(db, { jaar: v.jaar, peildatum })).regels.map((r) => ({
    domein: r.domein, realisatie: euroNaarCents(r.realisatie), onderhandenWerk: euroNaarCents(r.onderhandenWerk),
  }));
  const invoer = {
    gemeente: { code: v.gemeente, naam }, jaar: v.jaar, peildatum, aangemaakt: v.aangemaakt ?? new Date().toISOString(),
    regels, regionaal, budgetlijnen: await budgetlijnenVan(db, v.gemeente, v.jaar, peildatum), aanbiederNamen,
  };
  return { werkboek: await gemeentePack(invoer), invoer, peildatum, bestandsnaam: `uitnutting-gemeente-${v.gemeente}-${v.jaar}.xlsx` };
}

/**
 * Per budgetlijn of the year with figures or a plafond in this gemeente: the gemeente's figures on it (the
 * productcategorieën on the budgetlijn, from the per-budgetlijn aggregate) and the aanbieders' plafonds for this
 * gemeente split on it, at the peildatum.
 */
async function budgetlijnenVan(db: Db, gemeente: string, jaar: number, peildatum: Datum): Promise<Parameters<typeof gemeentePack>[0]['budgetlijnen']> {
  const lijnen = await budgetlijnen(db, { jaar });
  const uit: Parameters<typeof gemeentePack>[0]['budgetlijnen'] = [];
  const perCode = new Map<string, BudgetReeks[]>();
  for (const code of new Set(lijnen.map((l) => l.code))) perCode.set(code, await budgetReeksen(db, { jaar, peildatum, gemeente, budgetlijn: code }));
  for (const l of lijnen) {
    const deel = (perCode.get(l.code) ?? []).filter((r) => r.domein === l.domein);
    if (!deel.length) continue;
    const som = (f: (m: BudgetReeks['maanden'][number]) => bigint) => deel.reduce((t, r) => t + r.maanden.reduce((a, m) => a + f(m), 0n), 0n);
    uit.push({
      domein: DOMEIN[l.domein], budgetlijn: `${l.code} ${l.naam}`, plafond: deel.reduce((t, r) => t + r.plafond, 0n),
      realisatie: som((m) => m.realisatie), onderhandenWerk: som((m) => m.onderhandenWerk),
    });
  }
  return uit;
}

/** The regional pack: every row of `uitnutting()` for the year, signals ranked, and the processing counts. */
export async function regioWerkboek(db: Db, v: PackVraag): Promise<Pack<Parameters<typeof regioPack>[0]>> {
  controleerJaar(v.jaar);
  const peildatum = await packPeildatum(db, v.jaar, v.peildatum);
  const regels = (await bewaking(db, { jaar: v.jaar, peildatum })).map(regelMetReden);
  const { aanbiederNamen, gemeenteNamen } = await naamKaarten(db);
  const [telling] = await sqlRijen<{ berichten: number; declaraties: number; prestaties: number; toewijzingen: number }>(
    db,
    `SELECT (SELECT count(*) FROM bericht)::int AS berichten, (SELECT count(*) FROM declaratie)::int AS declaraties,
            (SELECT count(*) FROM prestatie WHERE periode_begin >= make_date($1, 1, 1) AND periode_begin < make_date($1 + 1, 1, 1))::int AS prestaties,
            (SELECT count(DISTINCT toewijzing_id) FROM toewijzing_maand WHERE jaar = $1)::int AS toewijzingen`,
    [v.jaar],
  );
  const invoer = {
    regio: REGIO, jaar: v.jaar, peildatum, aangemaakt: v.aangemaakt ?? new Date().toISOString(), regels, aanbiederNamen, gemeenteNamen,
    verwerking: [
      ['Berichten in de database', telling.berichten], ['Declaraties', telling.declaraties], [`Prestaties met een ProductPeriode in ${v.jaar}`, telling.prestaties],
      [`Toewijzingen met een bedrag in ${v.jaar}`, telling.toewijzingen], ['Aanbieders met cijfers of een plafond', new Set(regels.map((r) => r.agb)).size],
    ] as [string, number][],
    budgetlijnen: await regioBudgetlijnen(db, v.jaar, peildatum),
  };
  return { werkboek: await regioPack(invoer), invoer, peildatum, bestandsnaam: `uitnutting-regio-${v.jaar}.xlsx` };
}

/** Per budgetlijn of the year its figures over all aanbieders against its own budget, as the Budgetlijnen sheet shows them. */
export async function regioBudgetlijnen(db: Db, jaar: number, peildatum: Datum): Promise<RegioBudgetlijn[]> {
  return (await uitnuttingBudgetlijnen(db, { jaar, peildatum })).regels.map((b) => ({
    domein: b.domein, code: b.budgetlijn, naam: b.naam, productcategorieen: b.productcategorieen, budget: euroNaarCents(b.plafond), plafondsAanbieders: euroNaarCents(b.plafondsAanbieders),
    realisatie: euroNaarCents(b.realisatie), onderhandenWerk: euroNaarCents(b.onderhandenWerk), prognose: euroNaarCents(b.prognose), aanbieders: b.aanbieders,
    signalen: b.signalen.map((x) => x.toelichting).join(' '),
  }));
}

/** The payment specification of one month (`YYYY-MM`) from the declaratie-antwoorden in the database. */
export async function betalingWerkboek(db: Db, periode: string, aangemaakt = new Date().toISOString()): Promise<{ werkboek: Werkboek; declaraties: BetalingDeclaratie[]; bestandsnaam: string }> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(periode)) throw new ValidatieFout(`periode ${JSON.stringify(periode)} is geen maand (JJJJ-MM)`);
  const [j, m] = periode.split('-').map(Number);
  const van = `${periode}-01`;
  const tot = m === 12 ? `${j + 1}-01-01` : `${j}-${String(m + 1).padStart(2, '0')}-01`;
  const rijen = await voerSqlUit<{ agb_code: string; gemeente_code: string; domein: 'JW' | 'WMO'; declaratie_nummer: string; antwoord_identificatie: string; beantwoord_op: string; ingediend_cents: string; toegekend_cents: string }>(db, 'betaling-per-declaratie', { van, tot });
  const declaraties: BetalingDeclaratie[] = rijen.map((r) => ({
    agb: r.agb_code, gemeente: r.gemeente_code, domein: DOMEIN[r.domein], declaratieNummer: r.declaratie_nummer, antwoordIdentificatie: r.antwoord_identificatie,
    beantwoordOp: r.beantwoord_op, ingediend: BigInt(r.ingediend_cents), toegekend: BigInt(r.toegekend_cents),
  }));
  const { aanbiederNamen, gemeenteNamen } = await naamKaarten(db);
  return { declaraties, werkboek: await betalingSpec({ periode, aangemaakt, declaraties, aanbiederNamen, gemeenteNamen }), bestandsnaam: `betaling-${periode}.xlsx` };
}

/** `'1234.56'` / `'-12.00'` (the JSON rows) as cents. */
function euroNaarCents(s: string): Cents {
  const neg = s.startsWith('-');
  const [heel, frac = ''] = (neg ? s.slice(1) : s).split('.');
  const c = BigInt(heel) * 100n + BigInt((frac + '00').slice(0, 2));
  return neg ? -c : c;
}

/** The SHA-256 of bytes as hex: what a stored letter or a download is identified by. */
export function sha256Hex(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}
