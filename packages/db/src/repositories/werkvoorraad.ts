import { createHash } from 'node:crypto';
import type { Cents, Datum } from '@plafond/core';
import { sqlRijen, type Db } from '../db';
import type { DomeinCode } from '../types';
import type { VerzoekStatus } from './toewijzingen';
import type { UitgaandBericht } from './berichten';

// The date a message counts as received: the processing date the processor recorded with its outcome
// (`ontvangstdatum`: the receipt date for a service, the simulated date of `plafond verwerk`), else the
// calendar day of receipt in Europe/Amsterdam.
const ONTVANGSTDATUM = (b: string) =>
  `coalesce((${b}.uitkomst->>'ontvangstdatum')::date, (${b}.ontvangen_op AT TIME ZONE 'Europe/Amsterdam')::date)`;

/** A verzoek awaiting the back office (received or in onderzoek). */
export interface OpenVerzoek {
  id: string;
  soort: 'VOT' | 'VOW';
  status: VerzoekStatus;
  referentieAanbieder: string;
  agbCode: string;
  aanbiederNaam: string;
  gemeente: string;
  domein: DomeinCode;
  /** Keyed pseudonym of the client (never the BSN). */
  clientPseudoniem: string;
  ontvangstdatum: Datum;
  /** Dagtekening of the verzoek (the 8-week term of TR360 runs from it). */
  dagtekening: Datum;
  onderzoekSinds: Datum | null;
}

export async function openVerzoeken(db: Db): Promise<OpenVerzoek[]> {
  const rijen = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT v.id::text AS id, v.soort, v.status, v.referentie_aanbieder, a.agb_code, a.naam, v.gemeente_code, v.domein, c.pseudoniem,
            ${ONTVANGSTDATUM('b')}::text AS ontvangstdatum, coalesce(b.dagtekening, ${ONTVANGSTDATUM('b')})::text AS dagtekening,
            o.dagtekening::text AS onderzoek
       FROM verzoek v JOIN aanbieder a ON a.id = v.aanbieder_id JOIN client c ON c.id = v.client_id JOIN bericht b ON b.id = v.bericht_id
       LEFT JOIN bericht o ON o.id = v.onderzoek_bericht_id
      WHERE v.status IN ('ontvangen', 'in_onderzoek') ORDER BY v.id`,
  );
  return rijen.map((r) => ({
    id: r.id as string, soort: r.soort as 'VOT' | 'VOW', status: r.status as VerzoekStatus, referentieAanbieder: r.referentie_aanbieder as string,
    agbCode: r.agb_code as string, aanbiederNaam: r.naam as string, gemeente: r.gemeente_code as string, domein: r.domein as DomeinCode,
    clientPseudoniem: r.pseudoniem as string, ontvangstdatum: r.ontvangstdatum as Datum, dagtekening: r.dagtekening as Datum,
    onderzoekSinds: (r.onderzoek as Datum | null) ?? null,
  }));
}

/** A declaratie with held prestaties (budgetplafond policy `aanhouden`), not yet answered. */
export interface AangehoudenDeclaratie {
  id: string;
  declaratieNummer: string;
  agbCode: string;
  aanbiederNaam: string;
  gemeente: string;
  domein: DomeinCode;
  ontvangstdatum: Datum;
  aangehouden: number;
  aangehoudenBedrag: Cents;
}

export async function aangehoudenDeclaraties(db: Db): Promise<AangehoudenDeclaratie[]> {
  const rijen = await sqlRijen<Record<string, string>>(
    db,
    `SELECT d.id::text AS id, d.declaratie_nummer, a.agb_code, a.naam, d.gemeente_code, d.domein, ${ONTVANGSTDATUM('b')}::text AS ontvangstdatum,
            p.n::text AS n, p.bedrag::text AS bedrag
       FROM declaratie d JOIN aanbieder a ON a.id = d.aanbieder_id JOIN bericht b ON b.id = d.bericht_id
       CROSS JOIN LATERAL (SELECT count(*) AS n, coalesce(sum(ingediend_cents), 0) AS bedrag FROM prestatie p
                            WHERE p.declaratie_id = d.id AND p.beslissing = 'aangehouden') p
      WHERE d.status = 'in_behandeling' ORDER BY d.id`,
  );
  return rijen.map((r) => ({
    id: r.id, declaratieNummer: r.declaratie_nummer, agbCode: r.agb_code, aanbiederNaam: r.naam, gemeente: r.gemeente_code,
    domein: r.domein as DomeinCode, ontvangstdatum: r.ontvangstdatum as Datum, aangehouden: Number(r.n), aangehoudenBedrag: BigInt(r.bedrag),
  }));
}

/** An incoming message that is not processed (still waiting, or in a state processing gave up on). */
export interface OnverwerktBericht {
  id: string;
  status: string;
  bestandsnaam: string | null;
  agbCode: string | null;
  ontvangstdatum: Datum;
  ontvangenOp: Date;
}

/**
 * Incoming messages still waiting for processing longer than `minuten`: a worker that keeps failing on
 * them, or a message no worker can take. Read from `bericht.status`, as it exists today.
 */
export async function onverwerkteBerichten(db: Db, minuten: number): Promise<OnverwerktBericht[]> {
  const rijen = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT b.id::text AS id, b.status::text AS status, b.bestandsnaam, coalesce(a.agb_code, b.volg_agb) AS agb,
            ${ONTVANGSTDATUM('b')}::text AS ontvangstdatum, b.ontvangen_op
       FROM bericht b LEFT JOIN aanbieder a ON a.id = b.aanbieder_id
      WHERE b.richting = 'in' AND b.status = 'ontvangen' AND b.ontvangen_op < now() - make_interval(mins => $1)
      ORDER BY b.id LIMIT 1000`,
    [minuten],
  );
  return rijen.map((r) => ({
    id: r.id as string, status: r.status as string, bestandsnaam: (r.bestandsnaam as string | null) ?? null, agbCode: (r.agb as string | null) ?? null,
    ontvangstdatum: r.ontvangstdatum as Datum, ontvangenOp: r.ontvangen_op as Date,
  }));
}

/** An outgoing toewijzing (301) or antwoord (319) and whether the aanbieder's retour (302/320) came. */
export interface VerzondenZonderRetour {
  id: string;
  berichttype: string;
  identificatie: string;
  agbCode: string;
  dagtekening: Datum;
}

/**
 * Outgoing 301/319 messages dated from `sinds` on without an incoming retour that points at them
 * (`retour_van`); older ones are history, not work.
 */
export async function verzondenZonderRetour(db: Db, sinds: Datum): Promise<VerzondenZonderRetour[]> {
  const rijen = await sqlRijen<Record<string, string>>(
    db,
    `SELECT u.id::text AS id, u.berichttype, u.identificatie, u.ontvanger, u.dagtekening::text AS dagtekening
       FROM bericht u
      WHERE u.richting = 'uit' AND u.berichttype IN ('JW301', 'WMO301', 'JW319', 'WMO319') AND u.dagtekening >= $1
        AND NOT EXISTS (SELECT 1 FROM bericht r WHERE r.retour_van = u.id AND r.richting = 'in')
      ORDER BY u.id LIMIT 1000`,
    [sinds],
  );
  return rijen.map((r) => ({ id: r.id, berichttype: r.berichttype, identificatie: r.identificatie, agbCode: r.ontvanger, dagtekening: r.dagtekening as Datum }));
}

/**
 * Links an incoming 302/320 to the outgoing 301/319 it answers (its IdentificatieRetour, sent to this
 * aanbieder). Returns the id of that message, or null when there is none.
 */
export async function koppelRetour(db: Db, berichtId: string, w: { identificatieRetour: string; agbCode: string; soorten: string[] }): Promise<string | null> {
  const [r] = await sqlRijen<{ id: string | null }>(
    db,
    `UPDATE bericht SET retour_van = (SELECT u.id FROM bericht u WHERE u.richting = 'uit' AND u.identificatie = $2 AND u.ontvanger = $3
                                         AND u.berichttype = ANY($4::text[]) ORDER BY u.id LIMIT 1)
      WHERE id = $1 RETURNING retour_van::text AS id`,
    [berichtId, w.identificatieRetour, w.agbCode, w.soorten],
  );
  return r?.id ?? null;
}

/** A verzoek as the back office decides it: the row, locked, with the message it came in. */
export interface VerzoekVoorBesluit {
  id: string;
  berichtId: string;
  soort: 'VOT' | 'VOW';
  status: VerzoekStatus;
  aanbiederId: number;
  agbCode: string;
  gemeente: string;
  domein: DomeinCode;
  clientId: string;
  referentieAanbieder: string;
  gegevens: Record<string, unknown>;
  /** The stored 315/317 (the client's data for the 301 come from it). */
  inhoud: Buffer;
  dagtekening: Datum | null;
  correlationId: string;
}

/** Locks one verzoek for a decision; null when there is none with this id. */
export async function verzoekVoorBesluit(db: Db, id: string): Promise<VerzoekVoorBesluit | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const [r] = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT v.id::text AS id, v.bericht_id::text AS bericht_id, v.soort, v.status, v.aanbieder_id, a.agb_code, v.gemeente_code, v.domein,
            v.client_id::text AS client_id, v.referentie_aanbieder, v.gegevens, b.inhoud, b.dagtekening::text AS dagtekening,
            b.correlation_id::text AS correlation_id
       FROM verzoek v JOIN aanbieder a ON a.id = v.aanbieder_id JOIN bericht b ON b.id = v.bericht_id
      WHERE v.id = $1 FOR UPDATE OF v`,
    [id],
  );
  return r ? naarVerzoek(r) : null;
}

/** The verzoek of an aanbieder by its ReferentieAanbieder (the key a decisions file uses). */
export async function verzoekIdOpReferentie(db: Db, agbCode: string, referentieAanbieder: string): Promise<string | null> {
  const [r] = await sqlRijen<{ id: string }>(
    db,
    `SELECT v.id::text AS id FROM verzoek v JOIN aanbieder a ON a.id = v.aanbieder_id WHERE a.agb_code = $1 AND v.referentie_aanbieder = $2 ORDER BY v.id LIMIT 1`,
    [agbCode, referentieAanbieder],
  );
  return r?.id ?? null;
}

function naarVerzoek(r: Record<string, unknown>): VerzoekVoorBesluit {
  return {
    id: r.id as string, berichtId: r.bericht_id as string, soort: r.soort as 'VOT' | 'VOW', status: r.status as VerzoekStatus,
    aanbiederId: r.aanbieder_id as number, agbCode: r.agb_code as string, gemeente: r.gemeente_code as string, domein: r.domein as DomeinCode,
    clientId: r.client_id as string, referentieAanbieder: r.referentie_aanbieder as string, gegevens: r.gegevens as Record<string, unknown>,
    inhoud: r.inhoud as Buffer, dagtekening: (r.dagtekening as Datum | null) ?? null, correlationId: r.correlation_id as string,
  };
}

/** Records the back office's answer on a verzoek: in onderzoek (the 319 with VerzoekAntwoord 2), or final. */
export async function legVerzoekAntwoordVast(db: Db, id: string, a: { status: 'in_onderzoek' | 'gehonoreerd' | 'afgewezen'; berichtId: string }): Promise<void> {
  await sqlRijen(
    db,
    a.status === 'in_onderzoek'
      ? `UPDATE verzoek SET status = 'in_onderzoek', onderzoek_bericht_id = $2 WHERE id = $1`
      : `UPDATE verzoek SET status = $3, antwoord_bericht_id = $2, besloten_op = now() WHERE id = $1`,
    a.status === 'in_onderzoek' ? [id, a.berichtId] : [id, a.berichtId, a.status],
  );
}

/** A ToewijzingNummer for a toewijzing the back office grants (honouring a verzoek). */
export async function volgendToewijzingNummer(db: Db): Promise<string> {
  const [r] = await sqlRijen<{ n: string }>(db, `SELECT nextval('toewijzing_nummer_seq')::text AS n`);
  return r.n;
}

/** A fresh BerichtIdentificatie and row id for an outgoing message (the sequences `openBericht` draws from). */
export async function nieuwUitgaandId(db: Db): Promise<{ id: string; identificatie: string }> {
  const [r] = await sqlRijen<{ id: string; n: string }>(
    db, `SELECT nextval(pg_get_serial_sequence('bericht', 'id'))::text AS id, nextval('bericht_uit_seq')::text AS n`);
  return { id: r.id, identificatie: `PL${r.n.padStart(10, '0')}` };
}

/** Puts an outgoing message into the aanbieder's mailbox, under an id from `nieuwUitgaandId`. */
export async function verstuurBericht(db: Db, u: UitgaandBericht, retourVan: string | null = null): Promise<void> {
  const inhoud = Buffer.from(u.inhoud, 'utf8');
  await sqlRijen(
    db,
    `WITH b AS (
       INSERT INTO bericht (id, richting, berichttype, berichtcode, afzender, ontvanger, identificatie, dagtekening, status, correlation_id,
                            inhoud, sha256, aanbieder_id, retour_van)
       VALUES ($1, 'uit', $2, $3, $4, $5, $6, $7, 'verzonden', $8, $9, $10, $11, $12) RETURNING id, aanbieder_id)
     INSERT INTO mailbox (bericht_id, aanbieder_id) SELECT id, aanbieder_id FROM b`,
    [u.id, u.kop.berichttype, u.kop.berichtcode, u.kop.afzender, u.kop.ontvanger, u.kop.identificatie, u.kop.dagtekening, u.correlationId,
      inhoud, createHash('sha256').update(inhoud).digest('hex'), u.aanbiederId, retourVan],
  );
}

/** A held declaratie as the back office decides it: the row, locked, its message and its prestaties in booking order. */
export interface DeclaratieVoorBesluit {
  id: string;
  berichtId: string;
  status: 'ontvangen' | 'in_behandeling' | 'beantwoord' | 'afgewezen';
  aanbiederId: number;
  agbCode: string;
  gemeente: string;
  domein: DomeinCode;
  declaratieNummer: string;
  /** The stored 323. */
  inhoud: Buffer;
  correlationId: string;
  ontvangstdatum: Datum;
  prestaties: {
    id: string;
    periodeBegin: Datum;
    referentieNummer: string;
    beslissing: 'toegekend' | 'afgewezen' | 'aangehouden';
    retourcodes: string[];
    toegekend: Cents | null;
  }[];
}

export async function declaratieVoorBesluit(db: Db, id: string): Promise<DeclaratieVoorBesluit | null> {
  if (!/^\d{1,18}$/.test(id)) return null;
  const [r] = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT d.id::text AS id, d.bericht_id::text AS bericht_id, d.status::text AS status, d.aanbieder_id, a.agb_code, d.gemeente_code, d.domein,
            d.declaratie_nummer, b.inhoud, b.correlation_id::text AS correlation_id, ${ONTVANGSTDATUM('b')}::text AS ontvangstdatum,
            (SELECT coalesce(json_agg(json_build_array(p.id::text, p.periode_begin, p.referentie_nummer, p.beslissing, p.retourcodes, p.toegekend_cents::text) ORDER BY p.id), '[]')
               FROM prestatie p WHERE p.declaratie_id = d.id) AS prestaties
       FROM declaratie d JOIN aanbieder a ON a.id = d.aanbieder_id JOIN bericht b ON b.id = d.bericht_id
      WHERE d.id = $1 FOR UPDATE OF d`,
    [id],
  );
  if (!r) return null;
  return {
    id: r.id as string, berichtId: r.bericht_id as string, status: r.status as DeclaratieVoorBesluit['status'], aanbiederId: r.aanbieder_id as number,
    agbCode: r.agb_code as string, gemeente: r.gemeente_code as string, domein: r.domein as DomeinCode, declaratieNummer: r.declaratie_nummer as string,
    inhoud: r.inhoud as Buffer, correlationId: r.correlation_id as string, ontvangstdatum: r.ontvangstdatum as Datum,
    prestaties: (r.prestaties as [string, Datum, string, DeclaratieVoorBesluit['prestaties'][number]['beslissing'], string[], string | null][]).map((p) => ({
      id: p[0], periodeBegin: p[1], referentieNummer: p[2], beslissing: p[3], retourcodes: p[4], toegekend: p[5] === null ? null : BigInt(p[5]),
    })),
  };
}

/** The declaratie of an aanbieder by its DeclaratieNummer (the key a decisions file uses). */
export async function declaratieIdOpNummer(db: Db, agbCode: string, declaratieNummer: string): Promise<string | null> {
  const [r] = await sqlRijen<{ id: string }>(
    db,
    `SELECT d.id::text AS id FROM declaratie d JOIN aanbieder a ON a.id = d.aanbieder_id WHERE a.agb_code = $1 AND d.declaratie_nummer = $2 ORDER BY d.id LIMIT 1`,
    [agbCode, declaratieNummer],
  );
  return r?.id ?? null;
}

/** The outcome of deciding held prestaties: each decided prestatie, and the declaratie's answer. */
export interface AangehoudenBesluit {
  declaratieId: string;
  prestaties: { id: string; periodeBegin: Datum; beslissing: 'toegekend' | 'afgewezen'; toegekend: Cents | null; retourcodes: string[] }[];
  /** Set once every prestatie is decided: the answer (325) and the totals. */
  antwoord: { berichtId: string; totaalToegekend: Cents; debetCredit: 'D' | 'C' } | null;
}

/**
 * Books the back office's decisions on held prestaties: an ordinary UPDATE of each row (so the triggers
 * on prestatie see the status change), and, when nothing is held any more, the declaratie answered.
 */
export async function boekAangehoudenBesluit(db: Db, b: AangehoudenBesluit): Promise<void> {
  if (b.prestaties.length) {
    await sqlRijen(
      db,
      `UPDATE prestatie p SET beslissing = u.beslissing::beslissing, toegekend_cents = u.toegekend, retourcodes = string_to_array(u.codes, ','), beslist_op = now()
         FROM unnest($2::bigint[], $3::date[], $4::text[], $5::bigint[], $6::text[]) AS u(id, periode_begin, beslissing, toegekend, codes)
        WHERE p.id = u.id AND p.periode_begin = u.periode_begin AND p.declaratie_id = $1 AND p.beslissing = 'aangehouden'`,
      [b.declaratieId, b.prestaties.map((p) => p.id), b.prestaties.map((p) => p.periodeBegin), b.prestaties.map((p) => p.beslissing),
        b.prestaties.map((p) => p.toegekend?.toString() ?? null), b.prestaties.map((p) => p.retourcodes.join(','))],
    );
  }
  if (b.antwoord) {
    await sqlRijen(
      db,
      `UPDATE declaratie SET status = 'beantwoord', totaal_toegekend_cents = $2, toegekend_debet_credit = $3, antwoord_bericht_id = $4, beantwoord_op = now()
        WHERE id = $1`,
      [b.declaratieId, b.antwoord.totaalToegekend.toString(), b.antwoord.debetCredit, b.antwoord.berichtId],
    );
  }
}

/** For the share answered within term: when each declaratie and verzoek came in and when its final answer left. */
export interface TermijnRij {
  soort: 'declaratie' | 'verzoek';
  ontvangstdatum: Datum;
  /** Dagtekening of the final answer (325, or 301/319); null while unanswered. */
  beantwoord: Datum | null;
}

export async function termijnRijen(db: Db, van: Datum, tot: Datum): Promise<TermijnRij[]> {
  const rijen = await sqlRijen<{ soort: 'declaratie' | 'verzoek'; ontvangstdatum: Datum; beantwoord: Datum | null }>(
    db,
    `SELECT * FROM (
       SELECT 'declaratie' AS soort, ${ONTVANGSTDATUM('b')}::text AS ontvangstdatum, u.dagtekening::text AS beantwoord
         FROM declaratie d JOIN bericht b ON b.id = d.bericht_id LEFT JOIN bericht u ON u.id = d.antwoord_bericht_id
       UNION ALL
       SELECT 'verzoek', ${ONTVANGSTDATUM('b')}::text, u.dagtekening::text
         FROM verzoek v JOIN bericht b ON b.id = v.bericht_id LEFT JOIN bericht u ON u.id = v.antwoord_bericht_id
     ) x WHERE x.ontvangstdatum::date >= $1 AND x.ontvangstdatum::date <= $2`,
    [van, tot],
  );
  return rijen;
}

/** The stored 301 that last registered a toewijzing of the client (its naam and contact data go into a new 301). */
export async function laatsteToewijzingsbericht(db: Db, clientId: string): Promise<Buffer | null> {
  const [r] = await sqlRijen<{ inhoud: Buffer }>(
    db,
    `SELECT b.inhoud FROM toewijzing t JOIN bericht b ON b.id = t.bericht_id WHERE t.client_id = $1 AND b.richting = 'in'
      ORDER BY t.bijgewerkt_op DESC, t.id DESC LIMIT 1`,
    [clientId],
  );
  return r?.inhoud ?? null;
}

/** Reads whether a verzoek got its final answer (a decision recorded by the back office). */
export async function verzoekBesloten(db: Db, id: string): Promise<boolean> {
  const [r] = await sqlRijen<{ besloten: boolean }>(db, `SELECT besloten_op IS NOT NULL AS besloten FROM verzoek WHERE id = $1 FOR UPDATE`, [id]);
  return r?.besloten ?? false;
}

/** The stored bytes of a message, inside a transaction (text protocol; `teVerwerken` reads binary outside one). */
export async function berichtInhoud(db: Db, id: string): Promise<Buffer | null> {
  const [r] = await sqlRijen<{ inhoud: Buffer }>(db, `SELECT inhoud FROM bericht WHERE id = $1`, [id]);
  return r?.inhoud ?? null;
}
