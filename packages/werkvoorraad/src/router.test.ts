import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import { datum } from '@plafond/core';
import { auditVan, mailboxBericht } from '@plafond/db';
import { serialiseer, type Bericht320 } from '@plafond/istandaard';
import { aangevraagdProduct, header, Omgeving, votBericht } from '../../../test/support/berichten';
import { vereisIstandaarden, xsdFouten } from '../../../test/support/istandaarden';
import { werkvoorraadRouter } from './index';

const CONFIG = { pseudoniemSleutel: 'x'.repeat(32), lateTermijnMaanden: 3 };

describe('werkvoorraad: the API router on a bare Express app', function () {
  let o: Omgeving;
  let server: Server;
  let basis: string;
  const verzoekIds: Record<string, string> = {};

  async function vraag(pad: string, init: { method?: string; body?: unknown; ruw?: string; gebruiker?: string | null } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.gebruiker !== null) headers['x-test-gebruiker'] = init.gebruiker ?? 'backoffice.piet';
    const r = await fetch(`${basis}${pad}`, { method: init.method ?? 'GET', headers, body: init.ruw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)) });
    return { status: r.status, type: r.headers.get('content-type') ?? '', body: (await r.json()) as Record<string, unknown> };
  }

  before(async function () {
    vereisIstandaarden(this);
    o = await Omgeving.maak();
    for (const [ref, domein] of [['API-1', 'JW'], ['API-2', 'JW'], ['API-3', 'WMO']] as const) {
      const bsn = { 'API-1': '999900006', 'API-2': '999900018', 'API-3': '999900031' }[ref];
      await o.verwerk(votBericht(`A${ref.slice(-1)}`, bsn, [aangevraagdProduct(ref, domein === 'WMO' ? { product: { categorie: '02', code: '02A01' } } : {})], domein));
    }
    for (const r of await o.rijen<{ id: string; referentie_aanbieder: string }>(`SELECT id::text, referentie_aanbieder FROM verzoek`)) verzoekIds[r.referentie_aanbieder] = r.id;
    const app = express();
    // The host authenticates; here a header stands in for its session.
    app.use('/api', werkvoorraadRouter({
      dataSource: o.ds, config: CONFIG, vandaag: () => datum('2026-05-11'),
      gebruiker: (req) => (typeof req.headers['x-test-gebruiker'] === 'string' ? req.headers['x-test-gebruiker'] : undefined),
    }));
    server = app.listen(0);
    basis = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  after(async () => {
    server?.close();
    await o?.drop();
  });

  it('lists the werkvoorraad as JSON with terms, and refuses without a logged-in user (401 problem+json)', async () => {
    const r = await vraag('/werkvoorraad?peildatum=2026-05-11');
    expect(r.status).to.equal(200);
    const items = r.body.items as { soort: string; termijn: string; details: Record<string, unknown> }[];
    expect(items.filter((i) => i.soort === 'verzoek')).to.have.length(3);
    expect(items[0].termijn).to.equal('2026-05-18'); // received Sunday 10 May; Hemelvaartsdag (14 May) is no werkdag
    expect(JSON.stringify(r.body)).to.not.contain('999900006');
    const anoniem = await vraag('/werkvoorraad', { gebruiker: null });
    expect(anoniem.status).to.equal(401);
    expect(anoniem.type).to.contain('application/problem+json');
    const slecht = await vraag('/werkvoorraad?peildatum=morgen');
    expect(slecht.status).to.equal(422);
  });

  it('refuses reason 8 without the responsible gemeente (TR377) and a reason outside 1–9, changing nothing', async () => {
    const zonder = await vraag(`/verzoeken/${verzoekIds['API-1']}/afwijzen`, { method: 'POST', body: { reden: 'woont elders', redenAfwijzing: '8' } });
    expect(zonder.status).to.equal(422);
    expect(JSON.stringify(zonder.body.meldingen)).to.contain('TR377');
    const onzin = await vraag(`/verzoeken/${verzoekIds['API-1']}/afwijzen`, { method: 'POST', body: { reden: 'x', redenAfwijzing: '12' } });
    expect(onzin.status).to.equal(422);
    const geenReden = await vraag(`/verzoeken/${verzoekIds['API-1']}/afwijzen`, { method: 'POST', body: { redenAfwijzing: '3' } });
    expect(geenReden.status).to.equal(422);
    expect((await o.rijen<{ status: string }>(`SELECT status FROM verzoek WHERE id = $1`, [verzoekIds['API-1']]))[0].status).to.equal('ontvangen');
  });

  it('refuses a JW verzoek with reason 8: a JW319 with the Woonplaatsbeginsel class, valid, in the mailbox; audited with who and why', async () => {
    const r = await vraag(`/verzoeken/${verzoekIds['API-1']}/afwijzen`, { method: 'POST', body: { reden: 'client woont in Amsterdam', redenAfwijzing: '8', woonplaatsGemeente: '0363' } });
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ status: 'afgewezen', berichttype: 'JW319' });
    const xml = (await mailboxBericht(o.ds, o.aanbiederId, String(r.body.berichtId)))!.toString('utf8');
    expect(xsdFouten('JW319', xml)).to.equal('');
    expect(xml).to.contain('<jw319:VerzoekAntwoord>1</jw319:VerzoekAntwoord>').and.contain('<jw319:Gemeente>0363</jw319:Gemeente>');
    const [audit] = await auditVan(o.ds, 'verzoek', verzoekIds['API-1']);
    expect(audit).to.deep.include({ actor: 'backoffice.piet', action: 'verzoek.afwijzen' });
    expect(audit.details).to.include({ reden: 'client woont in Amsterdam', redenAfwijzingVerzoek: '8' });
    const nogmaals = await vraag(`/verzoeken/${verzoekIds['API-1']}/afwijzen`, { method: 'POST', body: { reden: 'x', redenAfwijzing: '3' } });
    expect(nogmaals.status).to.equal(409);

    // The aanbieder's JW320 on it is linked to the 319 it answers.
    const identificatie = /<ijw:Identificatie>([^<]+)</.exec(xml)![1];
    const retour = {
      domein: 'JW', type: 'JW320',
      header: {
        ...header(true, 'R320A', '2026-05-12'), identificatieRetour: identificatie, dagtekeningRetour: datum('2026-05-11'),
        xsdVersieRetour: { basisschemaXsdVersie: '1.0.0', berichtXsdVersie: '1.0.0' }, retourCodes: ['0200'],
      },
    } as Bericht320;
    expect(xsdFouten('JW320', serialiseer(retour))).to.equal('');
    const { u } = await o.verwerk(retour);
    expect(u.details).to.deep.equal({ retourVan: String(r.body.berichtId) });
  });

  it('answers "in onderzoek" once (TR360): a 319 with VerzoekAntwoord 2, then the 8-week term; a second time is a conflict', async () => {
    const r = await vraag(`/verzoeken/${verzoekIds['API-2']}/onderzoek`, { method: 'POST', body: { reden: 'advies jeugdarts nodig' } });
    expect(r.status).to.equal(200);
    const xml = (await mailboxBericht(o.ds, o.aanbiederId, String(r.body.berichtId)))!.toString('utf8');
    expect(xsdFouten('JW319', xml)).to.equal('');
    expect(xml).to.contain('<jw319:VerzoekAntwoord>2</jw319:VerzoekAntwoord>').and.not.contain('RedenAfwijzingVerzoek');
    const item = ((await vraag('/werkvoorraad')).body.items as { id: string; soort: string; termijn: string }[]).find((i) => i.soort === 'verzoek' && i.id === verzoekIds['API-2'])!;
    expect(item.termijn).to.equal('2026-07-01'); // the verzoek's dagtekening 2026-05-06 + 8 weeks
    expect((await vraag(`/verzoeken/${verzoekIds['API-2']}/onderzoek`, { method: 'POST', body: { reden: 'nog niet klaar' } })).status).to.equal(409);
    const af = await vraag(`/verzoeken/${verzoekIds['API-2']}/afwijzen`, { method: 'POST', body: { reden: 'geen indicatie', redenAfwijzing: '7' } });
    expect(af.status).to.equal(200);
  });

  it('refuses a WMO verzoek with a WMO319 that has no Woonplaatsbeginsel (iWmo has no such class)', async () => {
    const metKlasse = await vraag(`/verzoeken/${verzoekIds['API-3']}/afwijzen`, { method: 'POST', body: { reden: 'x', redenAfwijzing: '8', woonplaatsGemeente: '0363' } });
    expect(metKlasse.status).to.equal(422);
    const r = await vraag(`/verzoeken/${verzoekIds['API-3']}/afwijzen`, { method: 'POST', body: { reden: 'woont elders', redenAfwijzing: '8' } });
    expect(r.status).to.equal(200);
    const xml = (await mailboxBericht(o.ds, o.aanbiederId, String(r.body.berichtId)))!.toString('utf8');
    expect(xsdFouten('WMO319', xml)).to.equal('');
    expect(xml).to.not.contain('Woonplaatsbeginsel');
  });

  it('answers hostile or wrong requests with a clear problem, never a 500', async () => {
    expect((await vraag(`/verzoeken/${verzoekIds['API-3']}/afwijzen`, { method: 'POST', ruw: '{kapot' })).status).to.equal(400);
    expect((await vraag('/verzoeken/999999/toekennen', { method: 'POST', body: { reden: 'x' } })).status).to.equal(404);
    expect((await vraag('/verzoeken/abc/toekennen', { method: 'POST', body: { reden: 'x' } })).status).to.equal(404);
    expect((await vraag('/verzoeken/1/toekennen', { method: 'POST', body: ['x'] })).status).to.equal(422);
    expect((await vraag('/declaraties/1/besluit', { method: 'POST', body: { reden: 'x', besluit: 'misschien' } })).status).to.be.oneOf([404, 422]);
    expect((await vraag('/declaraties/1/besluit', { method: 'POST', body: { reden: 'x' } })).status).to.equal(422);
    const t = await vraag('/werkvoorraad/binnen-termijn?van=2026-01-01&tot=2026-12-31');
    expect(t.status).to.equal(200);
    expect(t.body.maanden).to.deep.include({ maand: '2026-05', soort: 'verzoek', ontvangen: 3, beoordeeld: 3, binnenTermijn: 3, aandeelPct: '100.0' });
  });
});
