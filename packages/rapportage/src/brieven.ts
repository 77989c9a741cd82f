import { Conflict, NietGevonden, ValidatieFout, type Datum } from '@plafond/core';
import { aanbiederOpAgb, inTransactie, schrijfAudit, sqlRijen, type DataSource, type Db, type DomeinCode } from '@plafond/db';
import { STANDAARD_SIGNALEN } from '@plafond/budget';
import { bewaking, procedures } from '@plafond/bewaking';
import { waarschuwingsbrief } from '@plafond/rapport';
import { sha256Hex } from './werkboeken';

/** A letter stored with a step of the bestedingsruimte procedure. */
export interface Brief {
  id: string;
  kenmerk: string;
  bestandsnaam: string;
  pdf: Buffer;
  sha256: string;
  door: string;
  gemaaktOp: string;
}

export interface BriefSleutel {
  jaar: number;
  agbCode: string;
  domein: DomeinCode;
}

/** Who signs the letter; the default is the user who asks for it, on behalf of the region. */
export interface Afzender {
  naam: string;
  functie: string;
  organisatie: string;
}

const ORGANISATIE = 'Regio Zaanstreek-Waterland';
const DOMEIN_KORT = { JW: 'jeugd', WMO: 'wmo' } as const;

async function waarschuwingStap(db: Db, v: BriefSleutel): Promise<{ stapId: string; datum: Datum; door: string; procedure: Awaited<ReturnType<typeof procedures>>[number] }> {
  const [p] = await procedures(db, { jaar: v.jaar, agbCode: v.agbCode, domein: v.domein, peildatum: `${v.jaar}-12-31` as Datum });
  if (!p) throw new NietGevonden(`geen bestedingsruimteprocedure voor ${v.agbCode} ${DOMEIN_KORT[v.domein]} ${v.jaar}`);
  const w = p.stappen[0].gezet;
  if (!w) throw new Conflict(`de schriftelijke waarschuwing is nog niet vastgelegd voor ${v.agbCode} ${DOMEIN_KORT[v.domein]} ${v.jaar}: leg eerst de stap waarschuwing vast`);
  const [s] = await sqlRijen<{ id: string }>(db, `SELECT id::text AS id FROM bestedingsruimte_stap WHERE procedure_id = $1 AND stap = 'waarschuwing'`, [p.id]);
  return { stapId: s.id, datum: w.datum, door: w.door, procedure: p };
}

function naarBrief(r: { id: string; kenmerk: string; bestandsnaam: string; pdf: Buffer; sha256: string; door: string; gemaakt_op: Date | string }): Brief {
  return { id: r.id, kenmerk: r.kenmerk, bestandsnaam: r.bestandsnaam, pdf: r.pdf, sha256: r.sha256, door: r.door, gemaaktOp: new Date(r.gemaakt_op).toISOString() };
}

/** The stored letter of the warning step of a procedure, or null when none was made yet. */
export async function waarschuwingsbriefOphalen(db: Db, v: BriefSleutel): Promise<Brief | null> {
  const { stapId } = await waarschuwingStap(db, v);
  const [r] = await sqlRijen<Parameters<typeof naarBrief>[0]>(
    db, 'SELECT id::text AS id, kenmerk, bestandsnaam, pdf, sha256, door, gemaakt_op FROM bestedingsruimte_brief WHERE stap_id = $1', [stapId]);
  return r ? naarBrief(r) : null;
}

/**
 * The written warning of the bestedingsruimte procedure as a PDF addressed to the aanbieder, stored with the recorded
 * warning step: the figures of its total row of `uitnutting` at the date of the warning, the 70 % threshold or the
 * expected overrun (the signal that opened the procedure), and the last day for the consultation. Made once: asked
 * again, the stored letter comes back unchanged (what was sent stays the evidence). Needs the warning step recorded.
 */
export async function maakWaarschuwingsbrief(
  ds: DataSource, v: BriefSleutel & { door: string; afzender?: Partial<Afzender> },
): Promise<Brief & { nieuw: boolean }> {
  if (!v.door.trim()) throw new ValidatieFout('een brief heeft een gebruiker nodig');
  const bestaand = await waarschuwingsbriefOphalen(ds, v);
  if (bestaand) return { ...bestaand, nieuw: false };
  const aanbieder = await aanbiederOpAgb(ds, v.agbCode);
  if (!aanbieder) throw new NietGevonden(`aanbieder met AGB-code ${v.agbCode} bestaat niet`);
  const { stapId, datum, procedure } = await waarschuwingStap(ds, v);
  const totaal = (await bewaking(ds, { jaar: v.jaar, peildatum: datum, agb: v.agbCode })).find((u) => u.domein === v.domein && u.gemeente === null && u.budgetlijn === null);
  if (!totaal) throw new NietGevonden(`geen cijfers voor ${v.agbCode} ${DOMEIN_KORT[v.domein]} ${v.jaar} op ${datum}`);
  const kenmerk = `BR-${v.jaar}-${v.agbCode}-${v.domein}-W`;
  const pdf = await waarschuwingsbrief({
    kenmerk, datum, aanbieder: { agb: aanbieder.agbCode, naam: aanbieder.naam }, domein: DOMEIN_KORT[v.domein], jaar: v.jaar, peildatum: datum,
    aanleiding: procedure.signaal, drempelPct: STANDAARD_SIGNALEN.drempelPct,
    plafond: totaal.plafond, realisatie: totaal.realisatie, onderhandenWerk: totaal.onderhandenWerk, prognose: totaal.prognose,
    uitnutting: totaal.uitnuttingPct ?? '0.00', verwachteUitputting: totaal.verwachteUitputting,
    overlegUiterlijk: procedure.stappen[1].uiterlijk!,
    afzender: { naam: v.afzender?.naam ?? v.door, functie: v.afzender?.functie ?? 'Contractmanagement Jeugd en Wmo', organisatie: v.afzender?.organisatie ?? ORGANISATIE },
  });
  const sha256 = sha256Hex(pdf);
  const bestandsnaam = `${kenmerk}.pdf`;
  return inTransactie(ds, async (tx) => {
    const [r] = await sqlRijen<Parameters<typeof naarBrief>[0]>(
      tx,
      `INSERT INTO bestedingsruimte_brief (stap_id, kenmerk, bestandsnaam, pdf, sha256, door) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (stap_id) DO NOTHING RETURNING id::text AS id, kenmerk, bestandsnaam, pdf, sha256, door, gemaakt_op`,
      [stapId, kenmerk, bestandsnaam, pdf, sha256, v.door],
    );
    if (!r) {
      // Made at the same moment by someone else: theirs is the letter.
      const [ander] = await sqlRijen<Parameters<typeof naarBrief>[0]>(tx, 'SELECT id::text AS id, kenmerk, bestandsnaam, pdf, sha256, door, gemaakt_op FROM bestedingsruimte_brief WHERE stap_id = $1', [stapId]);
      return { ...naarBrief(ander), nieuw: false };
    }
    await schrijfAudit(tx, {
      actor: v.door, action: 'bestedingsruimte.brief', entity: 'bestedingsruimte_procedure', entityId: procedure.id,
      details: { stap: 'waarschuwing', kenmerk, sha256, bytes: pdf.length },
    });
    return { ...naarBrief(r), nieuw: true };
  });
}
