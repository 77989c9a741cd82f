import { formatEuro, pseudoniem, type Datum } from '@plafond/core';
import { sqlRijen, type Db } from '@plafond/db';

/**
 * The source rows behind the figures, read for the screens and the API: prestaties, declaraties,
 * OHW uploads. Every query takes the gemeente filter of the caller (`null` = all) and applies it in
 * SQL, so rows of other gemeenten never leave the database. BSNs are read only for callers that may
 * see them (`metBsn`); the others get the keyed pseudonym.
 */

export interface Pagina {
  pagina: number;
  perPagina: number;
}

export interface Lijst<T> {
  totaal: number;
  pagina: number;
  perPagina: number;
  regels: T[];
}

export interface PrestatieVraag extends Pagina {
  agb: string;
  jaar: number;
  maand?: number;
  gemeente?: string;
  /** Gemeenten the caller may see; null = all. */
  gemeenten: readonly string[] | null;
  beslissing?: 'toegekend' | 'afgewezen' | 'aangehouden';
  domein?: 'JW' | 'WMO';
  sorteer: 'periode' | 'bedrag' | 'referentie' | 'declaratie';
  aflopend: boolean;
  metBsn: boolean;
  pseudoniemSleutel: string;
}

/** One prestatie as the source of a figure. Amounts in euros as strings with two decimals. */
export interface PrestatieBron {
  id: string;
  declaratieId: string;
  declaratie: string;
  referentieNummer: string;
  vorigReferentieNummer: string | null;
  gemeente: string;
  domein: 'JW' | 'WMO';
  periode: { begin: Datum; eind: Datum };
  product: { categorie: string; code: string | null };
  volume: string;
  eenheid: string;
  debetCredit: 'D' | 'C';
  ingediend: string;
  toegekend: string | null;
  beslissing: string | null;
  retourcodes: string[];
  bsn?: string;
  client?: string;
}

const PRESTATIE_SORTERING: Record<PrestatieVraag['sorteer'], string> = {
  periode: 'p.periode_begin',
  bedrag: 'p.ingediend_cents',
  referentie: 'p.referentie_nummer',
  declaratie: 'd.declaratie_nummer',
};

export async function prestatiesVan(db: Db, v: PrestatieVraag): Promise<Lijst<PrestatieBron>> {
  const van = v.maand ? `${v.jaar}-${String(v.maand).padStart(2, '0')}-01` : `${v.jaar}-01-01`;
  const tot = v.maand ? (v.maand === 12 ? `${v.jaar + 1}-01-01` : `${v.jaar}-${String(v.maand + 1).padStart(2, '0')}-01`) : `${v.jaar + 1}-01-01`;
  const params: unknown[] = [v.agb, van, tot, v.gemeente ?? null, v.gemeenten, v.beslissing ?? null, v.domein ?? null];
  const waar = `a.agb_code = $1 AND p.periode_begin >= $2::date AND p.periode_begin < $3::date
     AND ($4::text IS NULL OR p.gemeente_code = $4) AND ($5::text[] IS NULL OR p.gemeente_code = ANY($5::text[]))
     AND ($6::beslissing IS NULL OR p.beslissing = $6) AND ($7::text IS NULL OR p.domein = $7)`;
  const [{ n }] = await sqlRijen<{ n: string }>(db, `SELECT count(*) AS n FROM prestatie p JOIN aanbieder a ON a.id = p.aanbieder_id WHERE ${waar}`, params);
  const rijen = await sqlRijen<{
    id: string; declaratie_id: string; declaratie_nummer: string; referentie_nummer: string; vorig_referentie_nummer: string | null;
    gemeente_code: string; domein: 'JW' | 'WMO'; periode_begin: Datum; periode_eind: Datum; productcategorie: string; productcode: string | null;
    volume: string; eenheid: string; debet_credit: 'D' | 'C'; ingediend_cents: string; toegekend_cents: string | null; beslissing: string | null;
    retourcodes: string[]; bsn: string | null;
  }>(
    db,
    `SELECT p.id::text, p.declaratie_id::text, d.declaratie_nummer, p.referentie_nummer, p.vorig_referentie_nummer, p.gemeente_code, p.domein,
            p.periode_begin, p.periode_eind, p.productcategorie, p.productcode, p.volume::text, p.eenheid, p.debet_credit,
            p.ingediend_cents::text, p.toegekend_cents::text, p.beslissing::text, p.retourcodes, c.bsn
       FROM prestatie p
       JOIN aanbieder a ON a.id = p.aanbieder_id
       JOIN declaratie d ON d.id = p.declaratie_id
       LEFT JOIN client c ON c.id = p.client_id
      WHERE ${waar}
      ORDER BY ${PRESTATIE_SORTERING[v.sorteer]} ${v.aflopend ? 'DESC' : 'ASC'}, p.id
      LIMIT $8 OFFSET $9`,
    [...params, v.perPagina, (v.pagina - 1) * v.perPagina],
  );
  return {
    totaal: Number(n), pagina: v.pagina, perPagina: v.perPagina,
    regels: rijen.map((r) => ({
      id: r.id, declaratieId: r.declaratie_id, declaratie: r.declaratie_nummer, referentieNummer: r.referentie_nummer,
      vorigReferentieNummer: r.vorig_referentie_nummer, gemeente: r.gemeente_code, domein: r.domein,
      periode: { begin: r.periode_begin, eind: r.periode_eind }, product: { categorie: r.productcategorie, code: r.productcode },
      volume: r.volume, eenheid: r.eenheid, debetCredit: r.debet_credit, ingediend: formatEuro(BigInt(r.ingediend_cents)),
      toegekend: r.toegekend_cents === null ? null : formatEuro(BigInt(r.toegekend_cents)), beslissing: r.beslissing, retourcodes: r.retourcodes,
      ...(v.metBsn ? { bsn: r.bsn ?? undefined } : { client: r.bsn ? pseudoniem(r.bsn, v.pseudoniemSleutel) : undefined }),
    })),
  };
}

export interface DeclaratieVraag extends Pagina {
  status?: string;
  agb?: string;
  gemeente?: string;
  /** Only declaraties with at least one refused prestatie. */
  metAfwijzing: boolean;
  sorteer: 'ontvangen' | 'dagtekening' | 'ingediend' | 'aanbieder';
  aflopend: boolean;
}

export interface DeclaratieRegel {
  id: string;
  nummer: string;
  agb: string;
  aanbieder: string;
  gemeente: string;
  domein: 'JW' | 'WMO';
  periode: { begin: Datum; eind: Datum };
  dagtekening: Datum;
  ingediend: string;
  toegekend: string | null;
  status: string;
  prestaties: number;
  afgewezen: number;
  aangehouden: number;
  ontvangenOp: Date;
  beantwoordOp: Date | null;
}

const DECLARATIE_SORTERING: Record<DeclaratieVraag['sorteer'], string> = {
  ontvangen: 'd.ontvangen_op', dagtekening: 'd.dagtekening', ingediend: 'd.totaal_ingediend_cents', aanbieder: 'a.naam',
};

const DECLARATIE_SELECT = `SELECT d.id::text, d.declaratie_nummer, a.agb_code, a.naam, d.gemeente_code, d.domein, d.periode_begin, d.periode_eind,
       d.dagtekening, d.totaal_ingediend_cents::text, d.totaal_toegekend_cents::text, d.status::text, d.ontvangen_op, d.beantwoord_op,
       (SELECT count(*) FROM prestatie p WHERE p.declaratie_id = d.id)::int AS prestaties,
       (SELECT count(*) FROM prestatie p WHERE p.declaratie_id = d.id AND p.beslissing = 'afgewezen')::int AS afgewezen,
       (SELECT count(*) FROM prestatie p WHERE p.declaratie_id = d.id AND p.beslissing = 'aangehouden')::int AS aangehouden
  FROM declaratie d JOIN aanbieder a ON a.id = d.aanbieder_id`;

interface RuweDeclaratie {
  id: string; declaratie_nummer: string; agb_code: string; naam: string; gemeente_code: string; domein: 'JW' | 'WMO'; periode_begin: Datum;
  periode_eind: Datum; dagtekening: Datum; totaal_ingediend_cents: string; totaal_toegekend_cents: string | null; status: string;
  ontvangen_op: Date; beantwoord_op: Date | null; prestaties: number; afgewezen: number; aangehouden: number;
}

const naarDeclaratie = (r: RuweDeclaratie): DeclaratieRegel => ({
  id: r.id, nummer: r.declaratie_nummer, agb: r.agb_code, aanbieder: r.naam, gemeente: r.gemeente_code, domein: r.domein,
  periode: { begin: r.periode_begin, eind: r.periode_eind }, dagtekening: r.dagtekening, ingediend: formatEuro(BigInt(r.totaal_ingediend_cents)),
  toegekend: r.totaal_toegekend_cents === null ? null : formatEuro(BigInt(r.totaal_toegekend_cents)), status: r.status,
  prestaties: r.prestaties, afgewezen: r.afgewezen, aangehouden: r.aangehouden, ontvangenOp: r.ontvangen_op, beantwoordOp: r.beantwoord_op,
});

export async function declaraties(db: Db, v: DeclaratieVraag): Promise<Lijst<DeclaratieRegel>> {
  const params: unknown[] = [v.status ?? null, v.agb ?? null, v.gemeente ?? null, v.metAfwijzing];
  const waar = `($1::declaratie_status IS NULL OR d.status = $1) AND ($2::text IS NULL OR a.agb_code = $2) AND ($3::text IS NULL OR d.gemeente_code = $3)
     AND (NOT $4::boolean OR EXISTS (SELECT 1 FROM prestatie p WHERE p.declaratie_id = d.id AND p.beslissing = 'afgewezen'))`;
  const [{ n }] = await sqlRijen<{ n: string }>(db, `SELECT count(*) AS n FROM declaratie d JOIN aanbieder a ON a.id = d.aanbieder_id WHERE ${waar}`, params);
  const rijen = await sqlRijen<RuweDeclaratie>(
    db,
    `${DECLARATIE_SELECT} WHERE ${waar} ORDER BY ${DECLARATIE_SORTERING[v.sorteer]} ${v.aflopend ? 'DESC' : 'ASC'}, d.id LIMIT $5 OFFSET $6`,
    [...params, v.perPagina, (v.pagina - 1) * v.perPagina],
  );
  return { totaal: Number(n), pagina: v.pagina, perPagina: v.perPagina, regels: rijen.map(naarDeclaratie) };
}

export async function declaratieOpId(db: Db, id: string): Promise<DeclaratieRegel | null> {
  const [r] = await sqlRijen<RuweDeclaratie>(db, `${DECLARATIE_SELECT} WHERE d.id = $1`, [id]);
  return r ? naarDeclaratie(r) : null;
}

/** The prestaties of one declaratie (back office only: with BSN). */
export async function prestatiesVanDeclaratie(db: Db, id: string): Promise<PrestatieBron[]> {
  const rijen = await sqlRijen<{
    id: string; referentie_nummer: string; vorig_referentie_nummer: string | null; gemeente_code: string; domein: 'JW' | 'WMO';
    periode_begin: Datum; periode_eind: Datum; productcategorie: string; productcode: string | null; volume: string; eenheid: string;
    debet_credit: 'D' | 'C'; ingediend_cents: string; toegekend_cents: string | null; beslissing: string | null; retourcodes: string[]; bsn: string | null;
    declaratie_nummer: string;
  }>(
    db,
    `SELECT p.id::text, p.referentie_nummer, p.vorig_referentie_nummer, p.gemeente_code, p.domein, p.periode_begin, p.periode_eind,
            p.productcategorie, p.productcode, p.volume::text, p.eenheid, p.debet_credit, p.ingediend_cents::text, p.toegekend_cents::text,
            p.beslissing::text, p.retourcodes, c.bsn, d.declaratie_nummer
       FROM prestatie p JOIN declaratie d ON d.id = p.declaratie_id LEFT JOIN client c ON c.id = p.client_id
      WHERE p.declaratie_id = $1 ORDER BY p.id`,
    [id],
  );
  return rijen.map((r) => ({
    id: r.id, declaratieId: id, declaratie: r.declaratie_nummer, referentieNummer: r.referentie_nummer, vorigReferentieNummer: r.vorig_referentie_nummer,
    gemeente: r.gemeente_code, domein: r.domein, periode: { begin: r.periode_begin, eind: r.periode_eind },
    product: { categorie: r.productcategorie, code: r.productcode }, volume: r.volume, eenheid: r.eenheid, debetCredit: r.debet_credit,
    ingediend: formatEuro(BigInt(r.ingediend_cents)), toegekend: r.toegekend_cents === null ? null : formatEuro(BigInt(r.toegekend_cents)),
    beslissing: r.beslissing, retourcodes: r.retourcodes, bsn: r.bsn ?? undefined,
  }));
}

export interface OhwStatus {
  agb: string;
  naam: string;
  actieveToewijzingen: number;
  versie: number | null;
  ontvangenOp: Date | null;
  door: string | null;
  bestand: string | null;
  regels: number;
  /** Rows the check refused in the latest version (each with row, column and reason in the feedback workbook). */
  afgewezen: number;
  bedrag: string;
}

/**
 * Per aanbieder with toewijzingen active in the month, or with an upload for it: the latest OHW version,
 * its rows and amount — or nothing, which is the signal that the report is missing.
 */
export async function ohwStatus(db: Db, maand: string): Promise<OhwStatus[]> {
  const rijen = await sqlRijen<{ agb_code: string; naam: string; actief: number; versie: number | null; uploaded_at: Date | null; door: string | null; bestand_naam: string | null; regels: number; afgewezen: number | null; bedrag_cents: string }>(
    db,
    `WITH actief AS (
       SELECT t.aanbieder_id, count(*)::int AS n FROM toewijzing t
        WHERE t.status <> 'ingetrokken' AND t.ingangsdatum < (to_date($1, 'YYYY-MM') + interval '1 month')::date
          AND (t.einddatum IS NULL OR t.einddatum >= to_date($1, 'YYYY-MM'))
        GROUP BY t.aanbieder_id),
     laatste AS (
       SELECT DISTINCT ON (u.aanbieder_id) u.* FROM ohw_upload u WHERE u.maand = $1 ORDER BY u.aanbieder_id, u.versie DESC)
     SELECT a.agb_code, a.naam, coalesce(act.n, 0) AS actief, l.versie, l.uploaded_at, l.door, l.bestand_naam,
            (SELECT count(*) FROM ohw_regel r WHERE r.upload_id = l.id)::int AS regels,
            (SELECT jsonb_array_length(o.afgewezen) FROM ohw_ontvangst o WHERE o.upload_id = l.id) AS afgewezen,
            coalesce((SELECT sum(r.bedrag_cents) FROM ohw_regel r WHERE r.upload_id = l.id), 0)::text AS bedrag_cents
       FROM aanbieder a LEFT JOIN actief act ON act.aanbieder_id = a.id LEFT JOIN laatste l ON l.aanbieder_id = a.id
      WHERE act.n IS NOT NULL OR l.id IS NOT NULL
      ORDER BY (l.id IS NULL) DESC, a.naam`,
    [maand],
  );
  return rijen.map((r) => ({
    agb: r.agb_code, naam: r.naam, actieveToewijzingen: r.actief, versie: r.versie, ontvangenOp: r.uploaded_at, door: r.door, bestand: r.bestand_naam,
    regels: r.regels, afgewezen: r.afgewezen ?? 0, bedrag: formatEuro(BigInt(r.bedrag_cents)),
  }));
}

/** Aanbieders by AGB-code → naam. */
export async function aanbiederNamen(db: Db): Promise<Map<string, string>> {
  const rijen = await sqlRijen<{ agb_code: string; naam: string }>(db, 'SELECT agb_code, naam FROM aanbieder ORDER BY naam');
  return new Map(rijen.map((r) => [r.agb_code, r.naam]));
}

/** Gemeenten by CBS code → naam. */
export async function gemeenteNamen(db: Db): Promise<Map<string, string>> {
  const rijen = await sqlRijen<{ cbs_code: string; naam: string }>(db, 'SELECT cbs_code, naam FROM gemeente ORDER BY naam');
  return new Map(rijen.map((r) => [r.cbs_code, r.naam]));
}

/** Months (1–12) of a year that have prestaties, for the time axis. */
export async function maandenMetPrestaties(db: Db, jaar: number): Promise<number> {
  const [r] = await sqlRijen<{ m: number | null }>(
    db, `SELECT max(extract(month FROM periode_begin))::int AS m FROM prestatie WHERE periode_begin >= make_date($1, 1, 1) AND periode_begin < make_date($1 + 1, 1, 1)`, [jaar]);
  return r?.m ?? 0;
}

/** The latest year with prestaties or plafonds (the default year of the screens). */
export async function laatsteJaar(db: Db): Promise<number> {
  const [r] = await sqlRijen<{ j: number | null }>(db, `SELECT greatest((SELECT max(jaar) FROM budgetplafond), (SELECT max(extract(year FROM periode_begin))::int FROM prestatie)) AS j`);
  return r?.j ?? new Date().getUTCFullYear();
}
