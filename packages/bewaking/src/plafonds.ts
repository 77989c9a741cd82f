import { Conflict, NietGevonden, ValidatieFout, type Cents, type Datum } from '@plafond/core';
import {
  inTransactie, muteerBudgetplafond, schrijfAudit, sqlRijen, zoekBudgetplafond, type DataSource, type Db, type DomeinCode, type PlafondSleutel,
} from '@plafond/db';

/** A change of one plafond as a person asks for it (CLI `plafond wijzig`, the back office's form). */
export interface PlafondWijziging extends PlafondSleutel {
  /** Signed amount in cents (positive raises, negative lowers). */
  mutatie: Cents;
  reden: string;
  /** Who (user name); in the history and the audit trail. */
  door: string;
  /** The day the change takes effect. */
  datum: Datum;
}

export interface PlafondMutatieUitkomst {
  plafondId: number;
  mutatieId: string;
  oud: Cents;
  nieuw: Cents;
}

const scope = (k: PlafondSleutel) =>
  `${k.jaar} ${k.agbCode} ${k.domein === 'JW' ? 'jeugd' : 'wmo'}${k.gemeenteCode ? ` gemeente ${k.gemeenteCode}` : ' (alle gemeenten)'}${k.budgetlijn ? ` budgetlijn ${k.budgetlijn}` : ''}`;

function controleer(w: { reden: string; door: string; mutatie: Cents }): void {
  if (!w.reden.trim()) throw new ValidatieFout('een plafondmutatie heeft een reden nodig');
  if (!w.door.trim()) throw new ValidatieFout('een plafondmutatie heeft een gebruiker nodig');
  if (w.mutatie === 0n) throw new ValidatieFout('een plafondmutatie van 0,00 verandert niets');
}

async function plafondVoor(db: Db, k: PlafondSleutel) {
  const p = await zoekBudgetplafond(db, k, { voorWijziging: true });
  if (!p) throw new NietGevonden(`geen plafond voor ${scope(k)}`);
  return p;
}

/**
 * Raises or lowers one plafond, in one transaction: the new amount, a mutation row (date, amount, reason, who) and an
 * audit entry. A plafond that would drop below zero is refused and nothing changes.
 */
export async function wijzigPlafond(ds: DataSource, w: PlafondWijziging): Promise<PlafondMutatieUitkomst> {
  controleer(w);
  return inTransactie(ds, async (tx) => {
    const p = await plafondVoor(tx, w);
    const m = (await muteerBudgetplafond(tx, p, { mutatie: w.mutatie, reden: w.reden, door: w.door, datum: w.datum }))!;
    await schrijfAudit(tx, {
      actor: w.door, action: 'budgetplafond.mutatie', entity: 'budgetplafond', entityId: String(p.id),
      details: { jaar: w.jaar, agb: w.agbCode, domein: w.domein, gemeente: w.gemeenteCode, budgetlijn: w.budgetlijn ?? null, mutatieCents: w.mutatie, oudCents: m.oud, nieuwCents: m.nieuw, reden: w.reden, datum: w.datum },
    });
    return { plafondId: p.id, mutatieId: m.mutatieId, oud: m.oud, nieuw: m.nieuw };
  });
}

/** A herverdeling: an amount moved from one plafond to another of the same year and domein. */
export interface Herverdeling {
  jaar: number;
  domein: DomeinCode;
  van: { agbCode: string; gemeenteCode: string | null; budgetlijn?: string | null };
  naar: { agbCode: string; gemeenteCode: string | null; budgetlijn?: string | null };
  /** Positive amount in cents. */
  bedrag: Cents;
  reden: string;
  door: string;
  datum: Datum;
  /** The accepted herverdelingsvoorstel this herverdeling carries out (its key), if any. */
  voorstel?: string;
}

export interface HerverdelingUitkomst {
  herverdelingId: string;
  van: PlafondMutatieUitkomst;
  naar: PlafondMutatieUitkomst;
}

/**
 * Moves an amount from one plafond to another as one act: a herverdeling row and two mutations linked to it (minus on
 * the one, plus on the other), with one audit entry — all or nothing.
 */
export async function herverdeelPlafond(ds: DataSource, h: Herverdeling): Promise<HerverdelingUitkomst> {
  controleerHerverdeling(h);
  return inTransactie(ds, (tx) => herverdeelIn(tx, h));
}

function controleerHerverdeling(h: Herverdeling): void {
  controleer({ reden: h.reden, door: h.door, mutatie: h.bedrag });
  if (h.bedrag < 0n) throw new ValidatieFout('het bedrag van een herverdeling is positief: het gaat van het ene plafond naar het andere');
  if (scope({ jaar: h.jaar, domein: h.domein, ...h.van }) === scope({ jaar: h.jaar, domein: h.domein, ...h.naar })) {
    throw new ValidatieFout('een herverdeling gaat van het ene plafond naar een ander plafond');
  }
}

/** Several herverdelingen as one act (an accepted proposal): all or none. */
export async function herverdeelPlafonds(ds: DataSource, lijst: Herverdeling[]): Promise<HerverdelingUitkomst[]> {
  for (const h of lijst) controleerHerverdeling(h);
  return inTransactie(ds, async (tx) => {
    const uit: HerverdelingUitkomst[] = [];
    for (const h of lijst) uit.push(await herverdeelIn(tx, h));
    return uit;
  });
}

async function herverdeelIn(tx: Db, h: Herverdeling): Promise<HerverdelingUitkomst> {
  const vanK = { jaar: h.jaar, domein: h.domein, ...h.van };
  const naarK = { jaar: h.jaar, domein: h.domein, ...h.naar };
  // Lock in one order (by key) so two herverdelingen between the same plafonds cannot deadlock.
  const [eerste, tweede] = scope(vanK) < scope(naarK) ? [vanK, naarK] : [naarK, vanK];
  const a = await plafondVoor(tx, eerste);
  const b = await plafondVoor(tx, tweede);
  const [van, naar] = eerste === vanK ? [a, b] : [b, a];
  if (van.bedragCents < h.bedrag) throw new Conflict(`het plafond ${scope(vanK)} heeft ${van.bedragCents} cent, minder dan de herverdeling van ${h.bedrag} cent`);
  const [{ id }] = await sqlRijen<{ id: string }>(
    tx,
    `INSERT INTO plafond_herverdeling (van_plafond_id, naar_plafond_id, bedrag_cents, datum, reden, door, voorstel) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::text`,
    [van.id, naar.id, h.bedrag.toString(), h.datum, h.reden, h.door, h.voorstel ?? null],
  );
  const ctx = { reden: h.reden, door: h.door, datum: h.datum, herverdelingId: id };
  const mv = (await muteerBudgetplafond(tx, van, { ...ctx, mutatie: -h.bedrag }))!;
  const mn = (await muteerBudgetplafond(tx, naar, { ...ctx, mutatie: h.bedrag }))!;
  await schrijfAudit(tx, {
    actor: h.door, action: 'budgetplafond.herverdeling', entity: 'plafond_herverdeling', entityId: id,
    details: { jaar: h.jaar, domein: h.domein, van: h.van, naar: h.naar, bedragCents: h.bedrag, reden: h.reden, datum: h.datum, mutaties: [mv.mutatieId, mn.mutatieId] },
  });
  return {
    herverdelingId: id,
    van: { plafondId: van.id, mutatieId: mv.mutatieId, oud: mv.oud, nieuw: mv.nieuw },
    naar: { plafondId: naar.id, mutatieId: mn.mutatieId, oud: mn.oud, nieuw: mn.nieuw },
  };
}

/** One entry of a plafond's history. */
export interface PlafondHistorieRegel {
  mutatieId: string;
  datum: Datum;
  oud: Cents | null;
  nieuw: Cents;
  mutatie: Cents;
  reden: string;
  door: string;
  vastgelegdOp: Date;
  /** The herverdeling this mutation is half of, with the other plafond's key. */
  herverdeling: { id: string; tegenpartij: { agbCode: string; gemeenteCode: string | null } } | null;
}

export interface PlafondHistorie extends PlafondSleutel {
  plafondId: number;
  bedrag: Cents;
  mutaties: PlafondHistorieRegel[];
}

/** Every plafond of an aanbieder in a year (optionally one domein) with its full mutation history, oldest first. */
export async function plafondHistorie(db: Db, v: { jaar: number; agbCode: string; domein?: DomeinCode }): Promise<PlafondHistorie[]> {
  const rijen = await sqlRijen<{
    id: number; domein: DomeinCode; gemeente_code: string | null; budgetlijn: string | null; bedrag_cents: string; mutaties: [string, Datum, string | null, string, string, string, string, string, string | null, string | null, string | null][];
  }>(
    db,
    `SELECT p.id, p.domein, p.gemeente_code, (SELECT l.code FROM budgetlijn l WHERE l.id = p.budgetlijn_id) AS budgetlijn, p.bedrag_cents::text AS bedrag_cents,
       (SELECT coalesce(json_agg(json_build_array(m.id::text, m.datum, m.bedrag_oud_cents::text, m.bedrag_nieuw_cents::text, m.mutatie_cents::text,
          m.reden, m.door, m.vastgelegd_op, m.herverdeling_id::text, ta.agb_code, t.gemeente_code) ORDER BY m.id), '[]')
          FROM budgetplafond_mutatie m
          LEFT JOIN plafond_herverdeling h ON h.id = m.herverdeling_id
          LEFT JOIN budgetplafond t ON t.id = CASE WHEN h.van_plafond_id = p.id THEN h.naar_plafond_id ELSE h.van_plafond_id END
          LEFT JOIN aanbieder ta ON ta.id = t.aanbieder_id
         WHERE m.budgetplafond_id = p.id) AS mutaties
       FROM budgetplafond p JOIN aanbieder a ON a.id = p.aanbieder_id
      WHERE p.jaar = $1 AND a.agb_code = $2 AND ($3::text IS NULL OR p.domein = $3)
      ORDER BY p.domein, p.gemeente_code NULLS FIRST, p.budgetlijn_id NULLS FIRST, p.id`,
    [v.jaar, v.agbCode, v.domein ?? null],
  );
  return rijen.map((r) => ({
    plafondId: r.id, jaar: v.jaar, agbCode: v.agbCode, domein: r.domein, gemeenteCode: r.gemeente_code, budgetlijn: r.budgetlijn, bedrag: BigInt(r.bedrag_cents),
    mutaties: r.mutaties.map((m) => ({
      mutatieId: m[0], datum: m[1], oud: m[2] === null ? null : BigInt(m[2]), nieuw: BigInt(m[3]), mutatie: BigInt(m[4]), reden: m[5], door: m[6],
      vastgelegdOp: new Date(m[7]), herverdeling: m[8] ? { id: m[8], tegenpartij: { agbCode: m[9] ?? '', gemeenteCode: m[10] } } : null,
    })),
  }));
}
