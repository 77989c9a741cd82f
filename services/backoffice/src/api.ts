import type { Request, RequestHandler } from 'express';
import { datum, formatEuro, isDatum, NietGevonden, parseEuro, ValidatieFout, vandaag, type Datum, type Melding } from '@plafond/core';
import {
  aanbiederOpAgb, budgetplafonds, meldAan, plafondMutaties, schrijfAudit, wijzigBudgetplafond, type Budgetplafond, type DataSource,
  type DomeinCode, type Gebruiker,
} from '@plafond/db';
import { aanmeldRollen, magBsnZien } from '@plafond/toegang';
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
export async function uitnuttingVoor(omg: Omgeving, gemeenten: readonly string[] | null, vraag: { jaar: number; peildatum?: Datum; gemeente?: string; agb?: string }): Promise<Uitnutting> {
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
  mutatieCents: bigint;
  reden: string;
  datum: Datum;
  door: string;
}

/**
 * Records a plafond mutation: the plafond of (jaar, agb, domein, gemeente) changes by the amount, with
 * the reason, the date and who; the history and the audit trail keep it (`wijzigBudgetplafond`).
 */
export async function legMutatieVast(ds: DataSource, m: MutatieInvoer): Promise<{ plafond: Budgetplafond; oud: bigint }> {
  const plafond = (await budgetplafonds(ds, { jaar: m.jaar, agbCode: m.agb })).find((p) => p.domein === m.domein && p.gemeenteCode === m.gemeente && p.budgetlijnId === null);
  if (!plafond) throw new NietGevonden(`geen budgetplafond ${m.jaar} voor ${m.agb}, ${m.domein === 'JW' ? 'jeugd' : 'wmo'}, ${m.gemeente ?? 'alle gemeenten'}`);
  const nieuw = plafond.bedragCents + m.mutatieCents;
  if (m.mutatieCents === 0n) throw new ValidatieFout('mutatie is nul', [{ pad: 'mutatie', regel: 'plafond', tekst: 'een mutatie van € 0,00 verandert niets' }]);
  if (nieuw < 0n) throw new ValidatieFout('plafond onder nul', [{ pad: 'mutatie', regel: 'plafond', tekst: 'het plafond kan niet onder € 0,00 komen' }]);
  const gewijzigd = await wijzigBudgetplafond(ds, plafond.id, nieuw, { door: m.door, reden: m.reden, datum: m.datum });
  return { plafond: gewijzigd, oud: plafond.bedragCents };
}

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
  const reden = tekst('reden') ?? '';
  if (reden.length < 3 || reden.length > 500) meldingen.push({ pad: 'reden', regel: 'plafond', tekst: 'reden is verplicht (3 tot 500 tekens)' });
  const dt = tekst('datum');
  if (dt !== undefined && dt !== '' && !isDatum(dt)) meldingen.push({ pad: 'datum', regel: 'plafond', tekst: 'datum moet een bestaande datum JJJJ-MM-DD zijn' });
  if (meldingen.length > 0) throw new ValidatieFout('ongeldige plafondmutatie', meldingen);
  return { jaar, agb, domein: domein!, gemeente, mutatieCents, reden, datum: dt ? datum(dt) : vandaag(), door };
}

export async function bestaandeAanbieder(ds: DataSource, agb: unknown): Promise<{ agb: string; naam: string }> {
  if (typeof agb !== 'string' || !/^\d{8}$/.test(agb)) throw new NietGevonden('aanbieder niet gevonden');
  const a = await aanbiederOpAgb(ds, agb);
  if (!a) throw new NietGevonden(`aanbieder ${agb} niet gevonden`);
  return { agb: a.agbCode, naam: a.naam };
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
      const vraag = { jaar: p.jaar(), gemeente: p.gemeente(), agb: p.agb(), peildatum: p.peildatum() };
      p.controleer();
      const u = await uitnuttingVoor(omg, gemeentenFilter(res), vraag);
      res.json({ peildatum: u.peildatum, regels: u.regels });
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
      const filter = gemeentenFilter(res);
      const plafonds = (await budgetplafonds(omg.ds, { jaar, agbCode: a.agb })).filter((x) => filter === null || (x.gemeenteCode !== null && filter.includes(x.gemeenteCode)));
      res.json({
        agb: a.agb, jaar,
        plafonds: await Promise.all(plafonds.map(async (x) => ({
          domein: x.domein === 'JW' ? 'jeugd' : 'wmo', gemeente: x.gemeenteCode, bedrag: formatEuro(x.bedragCents),
          mutaties: (await plafondMutaties(omg.ds, x.id)).map((m) => ({
            datum: m.datum, oud: m.bedragOudCents === null ? null : formatEuro(m.bedragOudCents), nieuw: formatEuro(m.bedragNieuwCents), reden: m.reden, door: m.door, vastgelegdOp: m.vastgelegdOp.toISOString(),
          })),
        }))),
      });
    },
    'backoffice.api-plafondmutatie': async (req, res) => {
      const g = ingelogde(res);
      const a = await bestaandeAanbieder(omg.ds, req.params.agb);
      const m = leesMutatie((req.body ?? {}) as Record<string, unknown>, a.agb, g.username);
      const { plafond, oud } = await legMutatieVast(omg.ds, m);
      res.status(201).json({ agb: a.agb, jaar: plafond.jaar, domein: plafond.domein === 'JW' ? 'jeugd' : 'wmo', gemeente: plafond.gemeenteCode, oud: formatEuro(oud), nieuw: formatEuro(plafond.bedragCents), reden: m.reden, datum: m.datum, door: m.door });
    },
  };
}

/** `jeugd`/`wmo` as the API spells them → the database's domein code. */
export function domeinCode(d: 'jeugd' | 'wmo' | undefined): DomeinCode | undefined {
  return d === 'jeugd' ? 'JW' : d === 'wmo' ? 'WMO' : undefined;
}
