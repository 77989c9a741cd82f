import type { Request, RequestHandler } from 'express';
import { datum, formatEuro, isBudgetlijnCode, isDatum, NietGevonden, parseEuro, ValidatieFout, vandaag, type Datum, type Melding } from '@plafond/core';
import { maakWaarschuwingsbrief } from '@plafond/rapportage';
import {
  aanvaardHerverdelingsvoorstel, herverdeelPlafond, herverdelingsvoorstellen, legStapVast, plafondHistorie, procedures, uitnuttingBudgetlijnen, wijzigPlafond, PROCEDURE_STAPPEN,
  type HerverdelingUitkomst, type PlafondHistorie, type Procedure, type ProcedureStap, type VoorstelAanvaarding,
} from '@plafond/bewaking';
import { aanbiederOpAgb, meldAan, schrijfAudit, sqlRijen, type DataSource, type DomeinCode, type Gebruiker } from '@plafond/db';
import { aanmeldRollen, magBsnZien } from '@plafond/toegang';
import { peildatumVoor } from './bronnen';
import type { Uitnutting } from './cijfers';
import { prestatiesVan, type PrestatieVraag } from './lezen';
import { beeindigSessie, bindSessie, Geblokkeerd, gemeentenFilter, ingelogde } from './sessie';
import { Parameters, type Omgeving } from './verzoek';

/**
 * The sign-in both the API and the form use: the password check with lock-out and audit (`meldAan`),
 * then only roles the back office serves; aanbieders use the intake.
 */
export async function aanmelden(omg: Omgeving, req: Request, gebruikersnaam: string, wachtwoord: string): Promise<Gebruiker> {
  const u = await meldAan(omg.ds, gebruikersnaam, wachtwoord, { ip: req.ip ?? 'onbekend', via: 'backoffice' });
  if (u.uitkomst === 'geblokkeerd') throw new Geblokkeerd(u.tot);
  if (u.uitkomst === 'onjuist') throw new OnjuisteAanmelding();
  if (!aanmeldRollen('backoffice').includes(u.gebruiker.rol)) {
    await schrijfAudit(omg.ds, { actor: u.gebruiker.username, action: 'aanmelden.geweigerd', entity: 'app_user', entityId: String(u.gebruiker.id), details: { reden: `rol ${u.gebruiker.rol} heeft geen toegang tot de backoffice` } });
    throw new RolZonderBackoffice(u.gebruiker.rol);
  }
  await bindSessie(req, u.gebruiker.id);
  return u.gebruiker;
}

export class OnjuisteAanmelding extends Error {
  constructor() {
    super('gebruikersnaam of wachtwoord onjuist');
    this.name = 'OnjuisteAanmelding';
  }
}

export class RolZonderBackoffice extends Error {
  constructor(readonly rol: string) {
    super(rol === 'aanbieder' ? 'aanbieders melden zich aan bij de intake-API, niet bij de backoffice' : `rol ${rol} heeft geen toegang tot de backoffice`);
    this.name = 'RolZonderBackoffice';
  }
}

export async function afmelden(omg: Omgeving, req: Request, g: Gebruiker | undefined): Promise<void> {
  if (g) await schrijfAudit(omg.ds, { actor: g.username, action: 'afgemeld', entity: 'app_user', entityId: String(g.id), details: { ip: req.ip ?? 'onbekend' } });
  await beeindigSessie(req);
}

/**
 * The uitnutting within the caller's scope: a gemeente user gets the rows of its gemeenten only (asked
 * per gemeente, so no total over all gemeenten is ever computed for it), everyone else what they ask.
 */
export async function uitnuttingVoor(omg: Omgeving, gemeenten: readonly string[] | null, vraag: { jaar: number; peildatum?: Datum; gemeente?: string; agb?: string; budgetlijn?: string }): Promise<Uitnutting> {
  if (gemeenten === null) return omg.uitnutting(vraag);
  const gevraagd = vraag.gemeente ? [vraag.gemeente] : gemeenten;
  const delen = await Promise.all(gevraagd.map((g) => omg.uitnutting({ ...vraag, gemeente: g })));
  return {
    peildatum: delen[0]?.peildatum ?? vraag.peildatum ?? vandaag(),
    regels: delen.flatMap((d) => d.regels).filter((r) => r.gemeente !== null && gemeenten.includes(r.gemeente)),
  };
}

export interface MutatieInvoer {
  jaar: number;
  agb: string;
  domein: DomeinCode;
  gemeente: string | null;
  /** The budgetlijn's code for a plafond split per budgetlijn; null otherwise. */
  budgetlijn: string | null;
  mutatieCents: bigint;
  reden: string;
  datum: Datum;
  door: string;
}

/**
 * Records a plafond mutation through `wijzigPlafond` of `@plafond/bewaking`: the plafond of (jaar, agb,
 * domein, gemeente) changes by the amount, with reason, date and who, in the history and the audit trail.
 */
export async function legMutatieVast(ds: DataSource, m: MutatieInvoer): Promise<{ oud: bigint; nieuw: bigint }> {
  const u = await wijzigPlafond(ds, { jaar: m.jaar, agbCode: m.agb, domein: m.domein, gemeenteCode: m.gemeente, budgetlijn: m.budgetlijn, mutatie: m.mutatieCents, reden: m.reden, door: m.door, datum: m.datum });
  return { oud: u.oud, nieuw: u.nieuw };
}

/** Plafond histories within a caller's scope: a gemeente user only sees the plafonds of its own gemeenten. */
export async function plafondsVoor(ds: DataSource, filter: readonly string[] | null, jaar: number, agb: string): Promise<PlafondHistorie[]> {
  return (await plafondHistorie(ds, { jaar, agbCode: agb })).filter((x) => filter === null || (x.gemeenteCode !== null && filter.includes(x.gemeenteCode)));
}

export function procedureJson(p: Procedure) {
  return {
    jaar: p.jaar, agb: p.agbCode, domein: p.domein === 'JW' ? 'jeugd' : 'wmo', geopendOp: p.geopendOp, signaal: p.signaal, toelichting: p.toelichting, afgerond: p.afgerond,
    stappen: p.stappen.map((st) => ({ stap: st.stap, uiterlijk: st.uiterlijk, teLaat: st.teLaat, gezet: st.gezet })),
  };
}

/** The API's and the screen's view of a herverdelingsvoorstel: domein as `jeugd`/`wmo`, amounts in euros. */
export interface VoorstelJson {
  jaar: number;
  domein: 'jeugd' | 'wmo';
  budgetlijn: string | null;
  gemeente: string | null;
  overdrachten: { van: string; naar: string; bedrag: string }[];
  aanbieders: { agb: string; rol: 'gever' | 'ontvanger'; prognose: string; plafondVoor: string; plafondNa: string; prognosePctVoor: string | null; prognosePctNa: string | null }[];
  nietGedekt: string;
  restRuimte: string;
}

/** The herverdelingsvoorstellen at a peildatum (`herverdelingsvoorstellen` of `@plafond/bewaking`), as JSON. */
export async function voorstellenJson(ds: DataSource, v: { jaar: number; peildatum: Datum; domein?: DomeinCode; budgetlijn?: string }): Promise<VoorstelJson[]> {
  return (await herverdelingsvoorstellen(ds, v)).map((x) => ({
    jaar: x.jaar, domein: x.domein === 'JW' ? 'jeugd' : 'wmo', budgetlijn: x.budgetlijn, gemeente: x.gemeente,
    overdrachten: x.overdrachten.map((o) => ({ van: o.van, naar: o.naar, bedrag: formatEuro(o.bedrag) })),
    aanbieders: x.aanbieders.map((a) => ({
      agb: a.agb, rol: a.rol, prognose: formatEuro(a.prognose), plafondVoor: formatEuro(a.plafondVoor), plafondNa: formatEuro(a.plafondNa), prognosePctVoor: a.prognosePctVoor, prognosePctNa: a.prognosePctNa,
    })),
    nietGedekt: formatEuro(x.nietGedekt), restRuimte: formatEuro(x.restRuimte),
  }));
}

/**
 * Checks an acceptance of a herverdelingsvoorstel (JSON, or the screen's form where `overdrachten` is the JSON text of
 * the transfers shown): the proposal's scope and peildatum, the transfers as shown, a reason and the date they take
 * effect (default today). Every problem at once.
 */
export function leesAanvaarding(b: Record<string, unknown>, door: string): VoorstelAanvaarding {
  const meldingen: Melding[] = [];
  const fout = (pad: string, tekst: string) => meldingen.push({ pad, regel: 'herverdelingsvoorstel', tekst });
  const tekst = (k: string) => (typeof b[k] === 'string' ? (b[k] as string).trim() : typeof b[k] === 'number' ? String(b[k]) : undefined);
  const jaar = Number(tekst('jaar'));
  if (!Number.isInteger(jaar) || jaar < 2000 || jaar > 2100) fout('jaar', 'jaar moet een jaartal JJJJ zijn');
  const d = tekst('domein');
  const domein = domeinCode(d === 'jeugd' || d === 'wmo' ? d : undefined);
  if (!domein) fout('domein', 'domein moet jeugd of wmo zijn');
  const pd = tekst('peildatum');
  if (pd === undefined || !isDatum(pd)) fout('peildatum', 'peildatum (JJJJ-MM-DD) van het getoonde voorstel is verplicht');
  const g = tekst('gemeente');
  const gemeente = g === undefined || g === '' ? null : g;
  if (gemeente !== null && !/^\d{4}$/.test(gemeente)) fout('gemeente', 'gemeente moet een CBS-code van 4 cijfers zijn of leeg');
  const bl = tekst('budgetlijn');
  const budgetlijn = bl === undefined || bl === '' ? undefined : bl.toUpperCase();
  if (budgetlijn !== undefined && !isBudgetlijnCode(budgetlijn)) fout('budgetlijn', 'budgetlijn moet een budgetlijncode zijn of leeg');
  let lijst: unknown = b.overdrachten;
  if (typeof lijst === 'string') {
    try {
      lijst = JSON.parse(lijst);
    } catch {
      lijst = undefined;
    }
  }
  const overdrachten: VoorstelAanvaarding['overdrachten'] = [];
  if (!Array.isArray(lijst) || lijst.length === 0 || lijst.length > 1000) fout('overdrachten', 'overdrachten: de lijst van het getoonde voorstel ({van, naar, bedrag}), 1 tot 1000');
  else {
    lijst.forEach((x: unknown, i) => {
      const o = (x ?? {}) as Record<string, unknown>;
      const pad = `overdrachten[${i}]`;
      if (typeof o.van !== 'string' || !/^\d{8}$/.test(o.van)) fout(`${pad}.van`, `${pad}.van moet een AGB-code van 8 cijfers zijn`);
      if (typeof o.naar !== 'string' || !/^\d{8}$/.test(o.naar)) fout(`${pad}.naar`, `${pad}.naar moet een AGB-code van 8 cijfers zijn`);
      let bedrag = 0n;
      try {
        bedrag = parseEuro(typeof o.bedrag === 'string' ? o.bedrag : '');
      } catch {
        /* below */
      }
      if (bedrag <= 0n) fout(`${pad}.bedrag`, `${pad}.bedrag moet een positief bedrag in euro zijn`);
      overdrachten.push({ van: String(o.van), naar: String(o.naar), bedrag });
    });
  }
  const reden = tekst('reden') ?? '';
  if (reden.length < 3 || reden.length > 500) fout('reden', 'reden is verplicht (3 tot 500 tekens)');
  const dt = tekst('datum');
  if (dt !== undefined && dt !== '' && !isDatum(dt)) fout('datum', 'datum moet een bestaande datum JJJJ-MM-DD zijn');
  if (meldingen.length > 0) throw new ValidatieFout('ongeldige aanvaarding van een herverdelingsvoorstel', meldingen);
  return {
    jaar, domein: domein!, peildatum: datum(pd!), gemeente, ...(budgetlijn ? { budgetlijn } : {}), overdrachten, reden, door, datum: dt ? datum(dt) : vandaag(),
  };
}

const herverdelingJson = (u: HerverdelingUitkomst, van: string, naar: string) => ({
  herverdeling: u.herverdelingId, van: { agb: van, oud: formatEuro(u.van.oud), nieuw: formatEuro(u.van.nieuw) }, naar: { agb: naar, oud: formatEuro(u.naar.oud), nieuw: formatEuro(u.naar.nieuw) },
});

/** Checks the fields of a mutation (from JSON or a form); every problem at once. */
export function leesMutatie(invoer: Record<string, unknown>, agb: string, door: string): MutatieInvoer {
  const meldingen: Melding[] = [];
  const tekst = (k: string) => (typeof invoer[k] === 'string' ? (invoer[k] as string).trim() : typeof invoer[k] === 'number' ? String(invoer[k]) : undefined);
  const jaar = Number(tekst('jaar'));
  if (!Number.isInteger(jaar) || jaar < 2000 || jaar > 2100) meldingen.push({ pad: 'jaar', regel: 'plafond', tekst: 'jaar moet een jaartal JJJJ zijn' });
  const d = (tekst('domein') ?? '').toLowerCase();
  const domein: DomeinCode | undefined = d === 'jeugd' || d === 'jw' ? 'JW' : d === 'wmo' ? 'WMO' : undefined;
  if (!domein) meldingen.push({ pad: 'domein', regel: 'plafond', tekst: 'domein moet jeugd of wmo zijn' });
  const g = tekst('gemeente');
  const gemeente = g === undefined || g === '' || g === 'alle' ? null : g;
  if (gemeente !== null && !/^\d{4}$/.test(gemeente)) meldingen.push({ pad: 'gemeente', regel: 'plafond', tekst: 'gemeente moet een CBS-code van 4 cijfers zijn of leeg (alle gemeenten)' });
  let mutatieCents = 0n;
  const bedrag = tekst('mutatieEur') ?? tekst('mutatie_eur') ?? tekst('mutatie');
  try {
    if (bedrag === undefined) throw new RangeError('ontbreekt');
    mutatieCents = parseEuro(bedrag);
  } catch {
    meldingen.push({ pad: 'mutatieEur', regel: 'plafond', tekst: 'mutatie moet een bedrag in euro zijn, bijvoorbeeld 25000,00 of -12500,50' });
  }
  const bl = tekst('budgetlijn');
  const budgetlijn = bl === undefined || bl === '' ? null : bl.toUpperCase();
  if (budgetlijn !== null && !isBudgetlijnCode(budgetlijn)) meldingen.push({ pad: 'budgetlijn', regel: 'plafond', tekst: 'budgetlijn moet een budgetlijncode zijn (letters, cijfers, . _ of -, hoogstens 20) of leeg' });
  const reden = tekst('reden') ?? '';
  if (reden.length < 3 || reden.length > 500) meldingen.push({ pad: 'reden', regel: 'plafond', tekst: 'reden is verplicht (3 tot 500 tekens)' });
  const dt = tekst('datum');
  if (dt !== undefined && dt !== '' && !isDatum(dt)) meldingen.push({ pad: 'datum', regel: 'plafond', tekst: 'datum moet een bestaande datum JJJJ-MM-DD zijn' });
  if (meldingen.length > 0) throw new ValidatieFout('ongeldige plafondmutatie', meldingen);
  return { jaar, agb, domein: domein!, gemeente, budgetlijn, mutatieCents, reden, datum: dt ? datum(dt) : vandaag(), door };
}

export async function bestaandeAanbieder(ds: DataSource, agb: unknown): Promise<{ agb: string; naam: string }> {
  if (typeof agb !== 'string' || !/^\d{8}$/.test(agb)) throw new NietGevonden('aanbieder niet gevonden');
  const a = await aanbiederOpAgb(ds, agb);
  if (!a) throw new NietGevonden(`aanbieder ${agb} niet gevonden`);
  return { agb: a.agbCode, naam: a.naam };
}

/** A budgetlijn of the year by its code; 404 when there is none. */
async function bestaandeBudgetlijn(ds: DataSource, jaar: number, code: string): Promise<void> {
  const [r] = await sqlRijen<{ n: number }>(ds, 'SELECT count(*)::int AS n FROM budgetlijn WHERE jaar = $1 AND code = $2', [jaar, code]);
  if (!r.n) throw new NietGevonden(`budgetlijn ${code} bestaat niet in ${jaar}`);
}

/** The JSON handlers, by route name of the access table. */
export function apiHandlers(omg: Omgeving): Record<string, RequestHandler> {
  return {
    'backoffice.sessie-start': async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const meldingen: Melding[] = [];
      if (typeof body.gebruikersnaam !== 'string' || body.gebruikersnaam === '' || body.gebruikersnaam.length > 64) meldingen.push({ pad: 'gebruikersnaam', regel: 'sessie', tekst: 'gebruikersnaam is verplicht (tekst, hoogstens 64 tekens)' });
      if (typeof body.wachtwoord !== 'string' || body.wachtwoord === '' || body.wachtwoord.length > 256) meldingen.push({ pad: 'wachtwoord', regel: 'sessie', tekst: 'wachtwoord is verplicht (tekst, hoogstens 256 tekens)' });
      if (meldingen.length > 0) throw new ValidatieFout('ongeldige aanmelding', meldingen);
      const g = await aanmelden(omg, req, body.gebruikersnaam as string, body.wachtwoord as string);
      res.status(200).json({ gebruikersnaam: g.username, rol: g.rol, gemeenten: g.gemeenten });
    },
    'backoffice.sessie-einde': async (req, res) => {
      await afmelden(omg, req, ingelogde(res));
      res.clearCookie('plafond.sid', { path: '/' });
      res.status(204).end();
    },
    'backoffice.api-uitnutting': async (req, res) => {
      const p = new Parameters(req);
      const vraag = { jaar: p.jaar(), gemeente: p.gemeente(), agb: p.agb(), peildatum: p.peildatum(), budgetlijn: p.budgetlijn() };
      p.controleer();
      if (vraag.budgetlijn) await bestaandeBudgetlijn(omg.ds, vraag.jaar, vraag.budgetlijn);
      const u = await uitnuttingVoor(omg, gemeentenFilter(res), vraag);
      res.json({ peildatum: u.peildatum, regels: u.regels });
    },
    'backoffice.api-budgetlijnen': async (req, res) => {
      const p = new Parameters(req);
      const jaar = p.jaar();
      const budgetlijn = p.budgetlijn();
      const gevraagd = p.peildatum();
      p.controleer();
      if (budgetlijn) await bestaandeBudgetlijn(omg.ds, jaar, budgetlijn);
      const peildatum = await peildatumVoor(omg.ds, jaar, gevraagd);
      res.json(await uitnuttingBudgetlijnen(omg.ds, { jaar, peildatum, budgetlijn }));
    },
    'backoffice.api-herverdelingsvoorstellen': async (req, res) => {
      const p = new Parameters(req);
      const jaar = p.jaar();
      const domein = domeinCode(p.keuze('domein', ['jeugd', 'wmo'] as const));
      const budgetlijn = p.budgetlijn();
      const gevraagd = p.peildatum();
      p.controleer();
      if (budgetlijn) await bestaandeBudgetlijn(omg.ds, jaar, budgetlijn);
      const peildatum = await peildatumVoor(omg.ds, jaar, gevraagd);
      res.json({ jaar, peildatum, budgetlijn: budgetlijn ?? null, voorstellen: await voorstellenJson(omg.ds, { jaar, peildatum, ...(domein ? { domein } : {}), ...(budgetlijn ? { budgetlijn } : {}) }) });
    },
    'backoffice.api-herverdelingsvoorstel-aanvaard': async (req, res) => {
      const g = ingelogde(res);
      const a = leesAanvaarding((req.body ?? {}) as Record<string, unknown>, g.username);
      if (a.budgetlijn) await bestaandeBudgetlijn(omg.ds, a.jaar, a.budgetlijn);
      const uit = await aanvaardHerverdelingsvoorstel(omg.ds, a);
      res.status(201).json({
        jaar: a.jaar, domein: a.domein === 'JW' ? 'jeugd' : 'wmo', budgetlijn: a.budgetlijn ?? null, gemeente: a.gemeente, peildatum: a.peildatum, datum: a.datum, reden: a.reden, door: a.door,
        herverdelingen: uit.map((u, i) => herverdelingJson(u, a.overdrachten[i].van, a.overdrachten[i].naar)),
      });
    },
    'backoffice.api-prestaties': async (req, res) => {
      const g = ingelogde(res);
      const a = await bestaandeAanbieder(omg.ds, req.params.agb);
      const p = new Parameters(req);
      const vraag: PrestatieVraag = {
        agb: a.agb, jaar: p.jaar(), maand: p.maand(), gemeente: p.gemeente(), gemeenten: gemeentenFilter(res),
        beslissing: p.keuze('beslissing', ['toegekend', 'afgewezen', 'aangehouden'] as const),
        domein: domeinCode(p.keuze('domein', ['jeugd', 'wmo'] as const)),
        sorteer: p.keuze('sorteer', ['periode', 'bedrag', 'referentie', 'declaratie'] as const) ?? 'periode',
        aflopend: p.keuze('richting', ['op', 'af'] as const) === 'af',
        ...p.pagina(100), metBsn: magBsnZien(g.rol), pseudoniemSleutel: omg.pseudoniemSleutel,
      };
      p.controleer();
      const l = await prestatiesVan(omg.ds, vraag);
      res.json({ agb: a.agb, jaar: vraag.jaar, maand: vraag.maand ?? null, gemeente: vraag.gemeente ?? null, ...l });
    },
    'backoffice.api-plafonds': async (req, res) => {
      const a = await bestaandeAanbieder(omg.ds, req.params.agb);
      const p = new Parameters(req);
      const jaar = p.jaar();
      p.controleer();
      const plafonds = await plafondsVoor(omg.ds, gemeentenFilter(res), jaar, a.agb);
      res.json({
        agb: a.agb, jaar,
        plafonds: plafonds.map((x) => ({
          domein: x.domein === 'JW' ? 'jeugd' : 'wmo', gemeente: x.gemeenteCode, budgetlijn: x.budgetlijn, bedrag: formatEuro(x.bedrag),
          mutaties: x.mutaties.map((m) => ({
            datum: m.datum, oud: m.oud === null ? null : formatEuro(m.oud), nieuw: formatEuro(m.nieuw), mutatie: formatEuro(m.mutatie), reden: m.reden, door: m.door,
            vastgelegdOp: m.vastgelegdOp.toISOString(), herverdeling: m.herverdeling,
          })),
        })),
      });
    },
    'backoffice.api-plafondmutatie': async (req, res) => {
      const g = ingelogde(res);
      const a = await bestaandeAanbieder(omg.ds, req.params.agb);
      const m = leesMutatie((req.body ?? {}) as Record<string, unknown>, a.agb, g.username);
      const u = await legMutatieVast(omg.ds, m);
      res.status(201).json({ agb: a.agb, jaar: m.jaar, domein: m.domein === 'JW' ? 'jeugd' : 'wmo', gemeente: m.gemeente, oud: formatEuro(u.oud), nieuw: formatEuro(u.nieuw), reden: m.reden, datum: m.datum, door: m.door });
    },
    'backoffice.api-herverdeling': async (req, res) => {
      const g = ingelogde(res);
      const b = (req.body ?? {}) as Record<string, unknown>;
      const v = leesMutatie({ ...b, mutatieEur: b.bedragEur ?? b.bedrag_eur }, '', g.username);
      const partij = (x: unknown, pad: string) => {
        const o = (x ?? {}) as Record<string, unknown>;
        if (typeof o.agb !== 'string' || !/^\d{8}$/.test(o.agb)) throw new ValidatieFout('ongeldige herverdeling', [{ pad: `${pad}.agb`, regel: 'plafond', tekst: `${pad}.agb moet een AGB-code van 8 cijfers zijn` }]);
        const gem = o.gemeente === undefined || o.gemeente === null || o.gemeente === '' ? null : String(o.gemeente);
        if (gem !== null && !/^\d{4}$/.test(gem)) throw new ValidatieFout('ongeldige herverdeling', [{ pad: `${pad}.gemeente`, regel: 'plafond', tekst: `${pad}.gemeente moet een CBS-code zijn of leeg` }]);
        return { agbCode: o.agb, gemeenteCode: gem, budgetlijn: v.budgetlijn };
      };
      if (v.budgetlijn) await bestaandeBudgetlijn(omg.ds, v.jaar, v.budgetlijn);
      const [van, naar] = [partij(b.van, 'van'), partij(b.naar, 'naar')];
      const u = await herverdeelPlafond(omg.ds, { jaar: v.jaar, domein: v.domein, van, naar, bedrag: v.mutatieCents, reden: v.reden, door: v.door, datum: v.datum });
      res.status(201).json(herverdelingJson(u, van.agbCode, naar.agbCode));
    },
    'backoffice.api-bestedingsruimte': async (req, res) => {
      const a = await bestaandeAanbieder(omg.ds, req.params.agb);
      const p = new Parameters(req);
      const jaar = p.jaar();
      const peildatum = p.peildatum();
      p.controleer();
      res.json({ agb: a.agb, jaar, procedures: (await procedures(omg.ds, { jaar, agbCode: a.agb, peildatum: peildatum ?? vandaag() })).map(procedureJson) });
    },
    'backoffice.api-bestedingsruimte-stap': async (req, res) => {
      const g = ingelogde(res);
      const a = await bestaandeAanbieder(omg.ds, req.params.agb);
      const st = leesStap((req.body ?? {}) as Record<string, unknown>);
      const proc = await legStapVast(omg.ds, { ...st, agbCode: a.agb, door: g.username });
      if (st.stap === 'waarschuwing') await maakWaarschuwingsbrief(omg.ds, { jaar: st.jaar, agbCode: a.agb, domein: st.domein, door: g.username });
      res.status(201).json(procedureJson(proc));
    },
  };
}

/** Checks a bestedingsruimte step (JSON or form): jaar, domein, stap, datum, notitie. */
export function leesStap(b: Record<string, unknown>): { jaar: number; domein: DomeinCode; stap: ProcedureStap; datum: Datum; notitie: string } {
  const meldingen: Melding[] = [];
  const jaar = Number(b.jaar);
  if (!Number.isInteger(jaar) || jaar < 2000 || jaar > 2100) meldingen.push({ pad: 'jaar', regel: 'bestedingsruimte', tekst: 'jaar moet een jaartal JJJJ zijn' });
  const domein = domeinCode(typeof b.domein === 'string' && (b.domein === 'jeugd' || b.domein === 'wmo') ? b.domein : undefined);
  if (!domein) meldingen.push({ pad: 'domein', regel: 'bestedingsruimte', tekst: 'domein moet jeugd of wmo zijn' });
  const stap = typeof b.stap === 'string' && (PROCEDURE_STAPPEN as readonly string[]).includes(b.stap) ? (b.stap as ProcedureStap) : undefined;
  if (!stap) meldingen.push({ pad: 'stap', regel: 'bestedingsruimte', tekst: `stap moet een van ${PROCEDURE_STAPPEN.join(', ')} zijn` });
  const dt = typeof b.datum === 'string' && b.datum !== '' ? b.datum : vandaag();
  if (!isDatum(dt)) meldingen.push({ pad: 'datum', regel: 'bestedingsruimte', tekst: 'datum moet een bestaande datum JJJJ-MM-DD zijn' });
  const notitie = typeof b.notitie === 'string' ? b.notitie.trim() : '';
  if (notitie.length < 3 || notitie.length > 2000) meldingen.push({ pad: 'notitie', regel: 'bestedingsruimte', tekst: 'notitie is verplicht (3 tot 2000 tekens)' });
  if (meldingen.length > 0) throw new ValidatieFout('ongeldige stap', meldingen);
  return { jaar, domein: domein!, stap: stap!, datum: datum(dt), notitie };
}

/** `jeugd`/`wmo` as the API spells them → the database's domein code. */
export function domeinCode(d: 'jeugd' | 'wmo' | undefined): DomeinCode | undefined {
  return d === 'jeugd' ? 'JW' : d === 'wmo' ? 'WMO' : undefined;
}
