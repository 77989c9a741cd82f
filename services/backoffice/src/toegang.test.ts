import { expect } from 'chai';
import type { Express } from 'express';
import { ROUTES, ROLLEN, routesVan, aanmeldRollen, magBsnZien, type Rol, type RouteRegel } from '@plafond/toegang';
import { ANDERE_GEMEENTE, EIGEN_GEMEENTE, JAAR, maakBackofficeWereld, Sessie, type BackofficeWereld } from '../../../test/support/backoffice';

/**
 * The route × role test, generated from the access table: every route of the intake and of the back
 * office is called as every role and anonymously, and the outcome must be what the table says —
 * allowed (neither 401 nor 403 nor a redirect to the sign-in page, never a 5xx) or refused.
 */

type Wie = Rol | 'anoniem';
const IEDEREEN: Wie[] = ['anoniem', ...ROLLEN];
const XML = '<?xml version="1.0" encoding="UTF-8"?><Bericht><Header><BerichtCode>436</BerichtCode></Header></Bericht>';

function magVolgensTabel(r: RouteRegel, wie: Wie): boolean {
  if (r.rollen === 'iedereen') return true;
  return wie !== 'anoniem' && r.rollen.includes(wie);
}

/** The paths of every route an Express app registered, as `METHOD path`. */
function geregistreerd(app: Express): string[] {
  const stack = (app as unknown as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
  return stack.flatMap((l) => (l.route ? Object.keys(l.route.methods).filter((m) => m !== '_all').map((m) => `${m.toUpperCase()} ${l.route!.path}`) : []));
}

describe('route × role (from the access table of @plafond/toegang)', function () {
  this.timeout(300_000);
  let w: BackofficeWereld;
  const sessies = new Map<Wie, Sessie>();
  const basic = (wie: Wie): Record<string, string> => {
    if (wie === 'anoniem') return {};
    const l = w.logins[wie];
    return { Authorization: 'Basic ' + Buffer.from(`${l.naam}:${l.wachtwoord}`).toString('base64') };
  };

  before(async () => {
    w = await maakBackofficeWereld();
    for (const wie of IEDEREEN) {
      const s = new Sessie(w.backoffice.url);
      if (wie !== 'anoniem' && aanmeldRollen('backoffice').includes(wie)) expect((await s.meldAan(w.logins[wie])).status, `aanmelden ${wie}`).to.equal(200);
      sessies.set(wie, s);
    }
  });
  after(async () => {
    await w?.sluit();
  });

  it('lets only the back-office roles sign in to the back office; aanbieders are refused', () => {
    expect(aanmeldRollen('backoffice').sort()).to.deep.equal(['backoffice', 'beheer', 'contractmanager', 'gemeente']);
    expect(magBsnZien('backoffice') && magBsnZien('beheer')).to.equal(true);
    expect(magBsnZien('contractmanager') || magBsnZien('gemeente')).to.equal(false);
  });

  it('serves exactly the routes of the table, in both services', async () => {
    const { maakBackofficeApp } = await import('./app');
    const { maakIntakeApp } = await import('@plafond/intake');
    const noop = async () => null;
    const intakeApp = maakIntakeApp({ authenticeer: noop, ontvang: noop as never, status: noop, mailbox: async () => [], haalOp: noop, bevestig: noop, authenticeerGemeente: noop, ontvangVanGemeente: noop as never });
    const sessies = { middleware: ((_q: unknown, _s: unknown, n: () => void) => n()) as never, sluit: async () => undefined };
    const boApp = maakBackofficeApp({ ds: w.db.dataSource, sessies, uitnutting: async () => ({ peildatum: '2026-01-31' as never, regels: [] }), pseudoniemSleutel: 'x'.repeat(32) });
    const tabel = (d: 'intake' | 'backoffice') => routesVan(d).map((r) => `${r.methode} ${r.pad}`).sort();
    expect(geregistreerd(intakeApp).sort()).to.deep.equal(tabel('intake'));
    expect(geregistreerd(boApp).sort()).to.deep.equal(tabel('backoffice'));
    expect(new Set(ROUTES.map((r) => r.naam)).size).to.equal(ROUTES.length);
  });

  /** Fills in a concrete request for a route: path parameters, query and body as an allowed caller would send them. */
  async function roep(r: RouteRegel, wie: Wie): Promise<Response> {
    const pad = r.pad
      .replace(':agb', w.agb).replace(':cbs', EIGEN_GEMEENTE).replace(':berichtId', '1').replace(':soort', 'gemeente')
      .replace(':id', r.dienst === 'backoffice' ? w.declaratieId : '1');
    if (r.dienst === 'intake') {
      const headers: Record<string, string> = { ...basic(wie) };
      if (r.methode === 'POST') headers['Content-Type'] = 'application/xml';
      const init: RequestInit = { method: r.methode, headers };
      if (r.methode === 'POST' && pad.includes('berichten')) init.body = XML;
      return fetch(w.intake.url + pad, { ...init, redirect: 'manual' });
    }
    const query = /uitnutting|prestaties|plafonds/.test(pad) ? `?jaar=${JAAR}` : '';
    // Sign-in and sign-out change the session: they get a session of their own.
    const eigen = r.naam === 'backoffice.sessie-einde' || r.naam === 'backoffice.afmelden' || r.naam === 'backoffice.aanmelden-formulier';
    const s = eigen ? new Sessie(w.backoffice.url) : sessies.get(wie)!;
    const aangemeld = wie !== 'anoniem' && aanmeldRollen('backoffice').includes(wie);
    if (eigen && aangemeld && r.naam !== 'backoffice.aanmelden-formulier') await s.meldAan(w.logins[wie]);
    const json = { 'Content-Type': 'application/json' };
    switch (r.naam) {
      case 'backoffice.sessie-start':
        return new Sessie(w.backoffice.url).meldAan(wie === 'anoniem' ? { naam: 'niemand', wachtwoord: 'x' } : w.logins[wie]);
      case 'backoffice.api-plafondmutatie':
        return s.verzoek(pad, { method: 'POST', headers: json, body: JSON.stringify({ jaar: JAAR, domein: 'jeugd', gemeente: null, mutatieEur: '100,00', reden: `toets door ${wie}` }) });
      case 'backoffice.aanmelden-formulier': {
        const token = await s.csrf('/inloggen');
        const l = wie === 'anoniem' ? { naam: '', wachtwoord: '' } : w.logins[wie];
        return s.verzoek(pad, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: token, gebruikersnaam: l.naam, wachtwoord: l.wachtwoord }).toString() });
      }
      default:
        if (r.soort === 'formulier') {
          const token = aangemeld ? await s.csrf('/bestaat-niet') : '';
          const body = new URLSearchParams({ _csrf: token, jaar: String(JAAR), plafond: 'jeugd|alle', mutatieEur: '50,00', reden: `formulier door ${wie}` });
          return s.verzoek(pad, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() });
        }
        return s.verzoek(pad + query, { method: r.methode, headers: r.methode === 'GET' ? {} : json });
    }
  }

  for (const r of ROUTES) {
    for (const wie of IEDEREEN) {
      const mag = magVolgensTabel(r, wie);
      it(`${r.dienst} ${r.methode} ${r.pad} as ${wie}: ${mag ? 'allowed' : 'refused'}`, async () => {
        const res = await roep(r, wie);
        const naarAanmelden = res.status === 303 && (res.headers.get('location') ?? '').startsWith('/inloggen');
        expect(res.status, `${r.naam} als ${wie}`).to.be.below(500);
        if (r.naam === 'backoffice.sessie-start' || r.naam === 'backoffice.aanmelden-formulier') {
          // Open to everyone; the sign-in itself decides: back-office roles in, aanbieders refused, nonsense 401/422.
          const verwacht = wie === 'anoniem' ? [401, 422] : wie === 'aanbieder' ? [403] : [200, 303];
          expect(verwacht, `${r.naam} als ${wie}: ${res.status}`).to.include(res.status);
          return;
        }
        if (r.naam === 'backoffice.start') {
          // The start page sends each caller where it belongs.
          expect(res.headers.get('location')).to.equal(aanmeldRollen('backoffice').includes(wie as Rol) ? '/dashboard' : '/inloggen');
          return;
        }
        if (mag && r.naam === 'backoffice.afmelden') {
          // Signing out ends at the sign-in page, and the session is gone.
          expect(naarAanmelden).to.equal(true);
          return;
        }
        if (mag) {
          expect([401, 403], `${r.naam} als ${wie}: ${res.status} ${await res.clone().text().then((t) => t.slice(0, 200))}`).not.to.include(res.status);
          expect(naarAanmelden, `${r.naam} als ${wie} naar aanmelden`).to.equal(false);
        } else if (wie === 'anoniem' || r.dienst === 'intake' || wie === 'aanbieder') {
          expect(res.status === 401 || naarAanmelden, `${r.naam} als ${wie}: ${res.status}`).to.equal(true);
        } else {
          expect(res.status, `${r.naam} als ${wie}`).to.equal(403);
        }
        if (res.status === 401 || res.status === 403) {
          if (r.soort === 'api' || r.dienst === 'intake') expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
        }
      });
    }
  }

  describe('gemeente scope', () => {
    it('refuses another gemeente by path and by query with 403 problem+json', async () => {
      const s = sessies.get('gemeente')!;
      expect((await s.verzoek(`/gemeenten/${ANDERE_GEMEENTE}`)).status).to.equal(403);
      const api = await s.verzoek(`/api/uitnutting?jaar=${JAAR}&gemeente=${ANDERE_GEMEENTE}`);
      expect(api.status).to.equal(403);
      expect(api.headers.get('content-type')).to.match(/application\/problem\+json/);
      expect(await api.json()).to.include({ status: 403, title: 'Geen toegang' });
      expect((await s.verzoek(`/api/aanbieders/${w.agb}/prestaties?jaar=${JAAR}&gemeente=${ANDERE_GEMEENTE}`)).status).to.equal(403);
    });

    it('gives a gemeente user only rows of its own gemeente, never a total over all gemeenten', async () => {
      const s = sessies.get('gemeente')!;
      const u = (await (await s.verzoek(`/api/uitnutting?jaar=${JAAR}`)).json()) as { regels: { gemeente: string | null }[] };
      expect(u.regels.length).to.be.above(0);
      expect(u.regels.every((r) => r.gemeente === EIGEN_GEMEENTE)).to.equal(true);
      const p = (await (await s.verzoek(`/api/aanbieders/${w.agb}/prestaties?jaar=${JAAR}&per=500`)).json()) as { totaal: number; regels: { gemeente: string; bsn?: string; client?: string }[] };
      expect(p.totaal).to.be.above(0);
      expect(p.regels.every((r) => r.gemeente === EIGEN_GEMEENTE && r.bsn === undefined && /^P[0-9A-F]{15}$/.test(r.client ?? ''))).to.equal(true);
      const html = await (await s.verzoek(`/aanbieders/${w.agb}/prestaties?jaar=${JAAR}`)).text();
      expect(html).not.to.match(/>BSN</).and.not.to.include(`>${ANDERE_GEMEENTE}<`);
    });

    it('shows BSNs to the back office only; the contractmanager gets the pseudonym', async () => {
      const bo = (await (await sessies.get('backoffice')!.verzoek(`/api/aanbieders/${w.agb}/prestaties?jaar=${JAAR}&per=5`)).json()) as { regels: { bsn?: string; client?: string }[] };
      expect(bo.regels.every((r) => /^\d{9}$/.test(r.bsn ?? '') && r.client === undefined)).to.equal(true);
      const cm = (await (await sessies.get('contractmanager')!.verzoek(`/api/aanbieders/${w.agb}/prestaties?jaar=${JAAR}&per=5`)).json()) as { regels: { bsn?: string; client?: string }[] };
      expect(cm.regels.every((r) => r.bsn === undefined && /^P[0-9A-F]{15}$/.test(r.client ?? ''))).to.equal(true);
      const bsns = bo.regels.map((r) => r.bsn!);
      const html = await (await sessies.get('contractmanager')!.verzoek(`/aanbieders/${w.agb}/prestaties?jaar=${JAAR}`)).text();
      for (const b of bsns) expect(html).not.to.include(b);
    });
  });
});
