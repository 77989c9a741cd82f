import { Conflict, NietGevonden, ValidatieFout, type Cents, type Datum } from '@plafond/core';
import { sqlRijen, type DataSource, type Db } from '@plafond/db';
import { herverdelingsvoorstel, STANDAARD_HERVERDELING, type BudgetDomein, type HerverdelingInstellingen, type Herverdelingsvoorstel, type SignaalInstellingen } from '@plafond/budget';
import { herverdeelPlafonds, type HerverdelingUitkomst } from './plafonds';
import { bewaking } from './uitnutting';

/** Which proposals: a year at a peildatum, optionally one domein, and the budgetlijn (its code) or the plafonds over all budgetlijnen. */
export interface VoorstelVraag {
  jaar: number;
  peildatum: Datum;
  domein?: BudgetDomein;
  budgetlijn?: string;
}

/**
 * The herverdelingsvoorstellen (issue 11 item 7) at a peildatum: per domein × budgetlijn × gemeente, headroom moved
 * from the aanbieders heading for onderbesteding to those heading for overbesteding, by their chosen prognose. Only
 * scopes where an aanbieder has a plafond of its own take part (its plafond over all gemeenten, or for one gemeente;
 * with `budgetlijn`, its plafond split on that budgetlijn), so every transfer is one a herverdeling can record.
 */
export async function herverdelingsvoorstellen(db: Db, v: VoorstelVraag, opties: { signalen?: SignaalInstellingen; herverdeling?: HerverdelingInstellingen } = {}): Promise<Herverdelingsvoorstel[]> {
  const eigen = new Set((await sqlRijen<{ k: string }>(
    db,
    `SELECT a.agb_code || '|' || p.domein || '|' || coalesce(p.gemeente_code, '*') AS k
       FROM budgetplafond p JOIN aanbieder a ON a.id = p.aanbieder_id LEFT JOIN budgetlijn l ON l.id = p.budgetlijn_id
      WHERE p.jaar = $1 AND ($2::text IS NULL OR p.domein = $2) AND l.code IS NOT DISTINCT FROM $3`,
    [v.jaar, v.domein ?? null, v.budgetlijn ?? null])).map((r) => r.k));
  const rijen = (await bewaking(db, { jaar: v.jaar, peildatum: v.peildatum, ...(v.budgetlijn ? { budgetlijn: v.budgetlijn } : {}) }, opties.signalen))
    .filter((u) => (!v.domein || u.domein === v.domein) && eigen.has(`${u.agb}|${u.domein}|${u.gemeente ?? '*'}`));
  return herverdelingsvoorstel(rijen, opties.herverdeling ?? { ...STANDAARD_HERVERDELING, ...(opties.signalen ? { onderbestedingPct: opties.signalen.onderbestedingPct } : {}) });
}

/** Accepting one proposal: the scope and the transfers as they were shown, with why, who and from when. */
export interface VoorstelAanvaarding extends VoorstelVraag {
  domein: BudgetDomein;
  gemeente: string | null;
  overdrachten: { van: string; naar: string; bedrag: Cents }[];
  reden: string;
  door: string;
  /** The day the herverdelingen take effect. */
  datum: Datum;
}

const tekstVan = (o: { van: string; naar: string; bedrag: Cents }[]) => o.map((x) => `${x.van}>${x.naar}:${x.bedrag}`).join(',');

/**
 * Records an accepted proposal: every transfer as a herverdeling (two linked mutations), all in one transaction. The
 * proposal is computed again and must be the one that was shown — same scope, same transfers — or nothing is
 * recorded (`Conflict`): figures booked in between may have changed it.
 */
export async function aanvaardHerverdelingsvoorstel(ds: DataSource, a: VoorstelAanvaarding, opties: { signalen?: SignaalInstellingen } = {}): Promise<HerverdelingUitkomst[]> {
  if (!a.reden.trim()) throw new ValidatieFout('een herverdeling heeft een reden nodig');
  if (!a.overdrachten.length) throw new ValidatieFout('een voorstel zonder overdrachten verandert niets');
  const voorstellen = await herverdelingsvoorstellen(ds, a, opties);
  const v = voorstellen.find((x) => x.domein === a.domein && x.gemeente === a.gemeente && (x.budgetlijn ?? null) === (a.budgetlijn ?? null));
  if (!v) throw new NietGevonden(`er is op ${a.peildatum} geen herverdelingsvoorstel voor ${a.domein === 'JW' ? 'jeugd' : 'wmo'}${a.budgetlijn ? ` budgetlijn ${a.budgetlijn}` : ''}${a.gemeente ? ` gemeente ${a.gemeente}` : ''}`);
  if (tekstVan(v.overdrachten) !== tekstVan(a.overdrachten)) {
    throw new Conflict('het voorstel is veranderd sinds het getoond werd (er is intussen geboekt of gewijzigd): vraag het opnieuw op');
  }
  // A proposal is accepted once: its herverdelingen name it (and a unique index holds against two at the same time).
  const sleutel = [a.jaar, a.domein, a.budgetlijn ?? '', a.gemeente ?? '', a.peildatum].join('|');
  const [eerder] = await sqlRijen<{ datum: Datum; door: string }>(ds, 'SELECT datum, door FROM plafond_herverdeling WHERE voorstel = $1 ORDER BY id LIMIT 1', [sleutel]);
  if (eerder) throw new Conflict(`dit herverdelingsvoorstel (peildatum ${a.peildatum}) is al aanvaard door ${eerder.door}, per ${eerder.datum}`);
  const partij = (agb: string) => ({ agbCode: agb, gemeenteCode: a.gemeente, budgetlijn: a.budgetlijn ?? null });
  try {
    return await herverdeelPlafonds(ds, v.overdrachten.map((o) => ({
      jaar: a.jaar, domein: a.domein, van: partij(o.van), naar: partij(o.naar), bedrag: o.bedrag, reden: a.reden, door: a.door, datum: a.datum, voorstel: sleutel,
    })));
  } catch (e) {
    if ((e as { code?: string }).code === '23505' || (e as { driverError?: { code?: string } }).driverError?.code === '23505') {
      throw new Conflict(`dit herverdelingsvoorstel (peildatum ${a.peildatum}) is zojuist al aanvaard`);
    }
    throw e;
  }
}
