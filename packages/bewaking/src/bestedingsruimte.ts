import { addDays, Conflict, NietGevonden, ValidatieFout, type Datum } from '@plafond/core';
import { aanbiederOpAgb, inTransactie, schrijfAudit, sqlRijen, type DataSource, type Db, type DomeinCode } from '@plafond/db';

/**
 * The bestedingsruimte procedure (Contractstandaarden Wmo art. 1.5) per aanbieder × domein × jaar: a `drempel` or
 * `overbesteding` signal opens it; then a written warning, a consultation within 2 weeks of the warning and a decision
 * within 2 weeks of the consultation, each step dated, by whom, with a note. The warning itself is due within a week
 * of the opening signal (the article sets no term for it; a week keeps the four weeks of the article intact).
 */
export type ProcedureStap = 'waarschuwing' | 'overleg' | 'besluit';
export const PROCEDURE_STAPPEN: readonly ProcedureStap[] = ['waarschuwing', 'overleg', 'besluit'];

/** Days allowed for each step, counted from the previous one (the opening for the warning). */
export const STAP_TERMIJN_DAGEN: Record<ProcedureStap, number> = { waarschuwing: 7, overleg: 14, besluit: 14 };

export interface ProcedureSleutel {
  jaar: number;
  agbCode: string;
  domein: DomeinCode;
}

export interface StapStand {
  stap: ProcedureStap;
  /** Last day for this step (null until the previous step is taken). */
  uiterlijk: Datum | null;
  gezet: { datum: Datum; door: string; notitie: string } | null;
  /** Not taken and its last day passed at the peildatum, or taken after it. */
  teLaat: boolean;
}

export interface Procedure extends ProcedureSleutel {
  id: string;
  geopendOp: Datum;
  signaal: 'drempel' | 'overbesteding';
  toelichting: string;
  stappen: StapStand[];
  /** The decision is recorded. */
  afgerond: boolean;
}

/** A step overdue at the peildatum: itself a signal. */
export interface ProcedureSignaal extends ProcedureSleutel {
  soort: 'bestedingsruimte-termijn';
  stap: ProcedureStap;
  uiterlijk: Datum;
  toelichting: string;
}

const NAAM: Record<ProcedureStap, string> = { waarschuwing: 'schriftelijke waarschuwing', overleg: 'overleg', besluit: 'besluit' };

/**
 * Opens the procedure for an aanbieder × domein × jaar because of a signal; a procedure already open for it stays as
 * it is (one per year). Returns the procedure and whether it was opened now.
 */
export async function openBestedingsruimte(
  db: Db, v: ProcedureSleutel & { signaal: 'drempel' | 'overbesteding'; toelichting: string; datum: Datum; door?: string },
): Promise<{ procedure: Procedure; nieuw: boolean }> {
  const a = await aanbiederOpAgb(db, v.agbCode);
  if (!a) throw new NietGevonden(`aanbieder ${v.agbCode} bestaat niet`);
  const nieuw = await sqlRijen<{ id: string }>(
    db,
    `INSERT INTO bestedingsruimte_procedure (jaar, aanbieder_id, domein, geopend_op, signaal, toelichting) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (jaar, aanbieder_id, domein) DO NOTHING RETURNING id::text`,
    [v.jaar, a.id, v.domein, v.datum, v.signaal, v.toelichting],
  );
  if (nieuw.length) {
    await schrijfAudit(db, {
      actor: v.door ?? 'systeem', action: 'bestedingsruimte.geopend', entity: 'bestedingsruimte_procedure', entityId: nieuw[0].id,
      details: { jaar: v.jaar, agb: v.agbCode, domein: v.domein, signaal: v.signaal, toelichting: v.toelichting, datum: v.datum },
    });
  }
  const [p] = await procedures(db, { jaar: v.jaar, agbCode: v.agbCode, domein: v.domein, peildatum: v.datum });
  return { procedure: p, nieuw: nieuw.length > 0 };
}

/**
 * Records a step of an open procedure, in order (warning, consultation, decision), each once, dated on or after the
 * step before it; with who and a note, in the audit trail. A step out of order or recorded twice changes nothing.
 */
export async function legStapVast(
  ds: DataSource, v: ProcedureSleutel & { stap: ProcedureStap; datum: Datum; door: string; notitie: string },
): Promise<Procedure> {
  if (!PROCEDURE_STAPPEN.includes(v.stap)) throw new ValidatieFout(`onbekende stap ${JSON.stringify(v.stap)}: kies waarschuwing, overleg of besluit`);
  if (!v.door.trim()) throw new ValidatieFout('een stap heeft een gebruiker nodig');
  if (!v.notitie.trim()) throw new ValidatieFout('een stap heeft een notitie nodig');
  return inTransactie(ds, async (tx) => {
    const [p] = await procedures(tx, { ...v, peildatum: v.datum }, { voorWijziging: true });
    if (!p) throw new NietGevonden(`geen bestedingsruimteprocedure voor ${v.agbCode} ${v.domein === 'JW' ? 'jeugd' : 'wmo'} ${v.jaar}`);
    const i = PROCEDURE_STAPPEN.indexOf(v.stap);
    if (p.stappen[i].gezet) throw new Conflict(`de stap ${NAAM[v.stap]} is al vastgelegd op ${p.stappen[i].gezet!.datum}`);
    const vorige = i === 0 ? { datum: p.geopendOp } : p.stappen[i - 1].gezet;
    if (!vorige) throw new Conflict(`eerst de stap ${NAAM[PROCEDURE_STAPPEN[i - 1]]}, dan ${NAAM[v.stap]}`);
    if (v.datum < vorige.datum) throw new ValidatieFout(`de ${NAAM[v.stap]} (${v.datum}) ligt voor de vorige stap (${vorige.datum})`);
    await sqlRijen(tx, 'INSERT INTO bestedingsruimte_stap (procedure_id, stap, datum, door, notitie) VALUES ($1, $2, $3, $4, $5)', [p.id, v.stap, v.datum, v.door, v.notitie]);
    await schrijfAudit(tx, {
      actor: v.door, action: `bestedingsruimte.${v.stap}`, entity: 'bestedingsruimte_procedure', entityId: p.id,
      details: { stap: v.stap, datum: v.datum, notitie: v.notitie },
    });
    const [na] = await procedures(tx, { ...v, peildatum: v.datum });
    return na;
  });
}

/** The procedures of a year (optionally one aanbieder and domein) with every step's term as at the peildatum. */
export async function procedures(
  db: Db, v: { jaar: number; agbCode?: string; domein?: DomeinCode; peildatum: Datum }, opties: { voorWijziging?: boolean } = {},
): Promise<Procedure[]> {
  const rijen = await sqlRijen<{
    id: string; agb_code: string; domein: DomeinCode; geopend_op: Datum; signaal: Procedure['signaal']; toelichting: string;
    stappen: [ProcedureStap, Datum, string, string][];
  }>(
    db,
    `SELECT p.id::text AS id, a.agb_code, p.domein, p.geopend_op, p.signaal, p.toelichting,
       (SELECT coalesce(json_agg(json_build_array(s.stap, s.datum, s.door, s.notitie)), '[]') FROM bestedingsruimte_stap s WHERE s.procedure_id = p.id) AS stappen
       FROM bestedingsruimte_procedure p JOIN aanbieder a ON a.id = p.aanbieder_id
      WHERE p.jaar = $1 AND ($2::text IS NULL OR a.agb_code = $2) AND ($3::text IS NULL OR p.domein = $3)
      ORDER BY a.agb_code, p.domein ${opties.voorWijziging ? 'FOR UPDATE OF p' : ''}`,
    [v.jaar, v.agbCode ?? null, v.domein ?? null],
  );
  return rijen.map((r) => {
    const gezet = new Map(r.stappen.map(([stap, datum, door, notitie]) => [stap, { datum, door, notitie }]));
    let vanaf: Datum | null = r.geopend_op;
    const stappen = PROCEDURE_STAPPEN.map((stap): StapStand => {
      const uiterlijk = vanaf === null ? null : addDays(vanaf, STAP_TERMIJN_DAGEN[stap]);
      const g = gezet.get(stap) ?? null;
      const teLaat = uiterlijk !== null && (g ? g.datum > uiterlijk : v.peildatum > uiterlijk);
      vanaf = g?.datum ?? null;
      return { stap, uiterlijk, gezet: g, teLaat };
    });
    return {
      id: r.id, jaar: v.jaar, agbCode: r.agb_code, domein: r.domein, geopendOp: r.geopend_op, signaal: r.signaal, toelichting: r.toelichting,
      stappen, afgerond: gezet.has('besluit'),
    };
  });
}

/** The steps overdue at the peildatum (not taken while their last day passed): signals of their own. */
export async function procedureSignalen(db: Db, v: { jaar: number; agbCode?: string; peildatum: Datum }): Promise<ProcedureSignaal[]> {
  const uit: ProcedureSignaal[] = [];
  for (const p of await procedures(db, v)) {
    for (const s of p.stappen) {
      if (s.gezet || !s.teLaat || !s.uiterlijk) continue;
      uit.push({
        soort: 'bestedingsruimte-termijn', jaar: p.jaar, agbCode: p.agbCode, domein: p.domein, stap: s.stap, uiterlijk: s.uiterlijk,
        toelichting: `De ${NAAM[s.stap]} in de bestedingsruimteprocedure (geopend op ${p.geopendOp} door het signaal ${p.signaal}) had uiterlijk ${s.uiterlijk} moeten plaatsvinden.`,
      });
    }
  }
  return uit;
}
