import { expect } from 'chai';
import { datum, type Datum } from '@plafond/core';
import { auditVan, mailboxBericht, upsertTarieven, slaOntvangenBerichtOp } from '@plafond/db';
import { parseBericht, serialiseer, type Bericht, type Bericht302, type Bericht323, type DeclaratieClient } from '@plafond/istandaard';
import { processBericht, type VerwerkUitkomst } from '@plafond/worker-berichten';
import {
  aangevraagdProduct, AGB, GEMEENTE, header, Omgeving, startBericht, startProduct, stopBericht, stopProduct, votBericht, vowBericht,
} from '../../../test/support/berichten';
import { prestatie } from '../../../test/support/declaraties';
import { vereisIstandaarden, xsdFouten } from '../../../test/support/istandaarden';
import { beantwoordVerzoek, kenVerzoekToe, werkvoorraad } from './index';

const BSN = '999900006';
const CONFIG = { pseudoniemSleutel: 'x'.repeat(32), lateTermijnMaanden: 3 };
const d = (s: string) => datum(s);

/** The RetourCodes of the answer per class, in document order (header first). */
function retourcodes(xml: string): string[][] {
  return [...xml.matchAll(/<(\w+):RetourCodes>([\s\S]*?)<\/\1:RetourCodes>/g)].map((m) => [...m[2].matchAll(/RetourCode>(\w+)</g)].map((c) => c[1]));
}

const met = <T extends Bericht>(b: T, dagtekening: string): T => ({ ...b, header: { ...b.header, berichtIdentificatie: { ...b.header.berichtIdentificatie, dagtekening: d(dagtekening) } } });

describe('werkvoorraad: one client from VOT to declaraties, every answer checked', function () {
  let o: Omgeving;
  let verzoekVot: string;
  let eerste301: { id: string; identificatie: string; nummer: string };
  let nieuwNummer: string;

  /** A message received on its own Dagtekening; its answer (validated against the official XSD) from the mailbox. */
  async function verwerk(b: Bericht | string, antwoordType: string | null): Promise<{ u: VerwerkUitkomst; antwoord: string | null }> {
    const xml = typeof b === 'string' ? b : serialiseer(b);
    const s = await slaOntvangenBerichtOp(o.ds, { inhoud: Buffer.from(xml), aanbiederId: o.aanbiederId, afzender: AGB, bestandsnaam: 'flow.xml' });
    const u = await processBericht({ berichtId: s.id, correlationId: s.correlationId }, { dataSource: o.ds, config: CONFIG, peildatumUitBericht: true });
    const antwoord = u.antwoordId ? (await mailboxBericht(o.ds, o.aanbiederId, u.antwoordId))!.toString('utf8') : null;
    if (antwoordType) expect(xsdFouten(antwoordType, antwoord!), `${antwoordType} valid`).to.equal('');
    else expect(antwoord).to.equal(null);
    return { u, antwoord };
  }
  const mailbox = async (id: string) => (await mailboxBericht(o.ds, o.aanbiederId, id))!.toString('utf8');
  const deps = () => ({ dataSource: o.ds, config: CONFIG });
  const items = async (peildatum: Datum) => werkvoorraad(o.ds, { peildatum });

  before(async function () {
    vereisIstandaarden(this);
    o = await Omgeving.maak();
    await upsertTarieven(o.ds, [{ domein: 'JW', productcategorie: '45', productcode: '45A03', eenheid: '04', bedragCents: 6500n, ingangsdatum: d('2026-01-01'), einddatum: null, agbCode: null }]);
  });
  after(async () => o?.drop());

  it('VOT (315) → 316 with 0200; the verzoek waits in the werkvoorraad with its 5-werkdagen term', async () => {
    const { u, antwoord } = await verwerk(met(votBericht('FV1', BSN, [aangevraagdProduct('VOT-F1', {
      toewijzingIngangsdatum: d('2026-02-01'), toewijzingEinddatum: d('2026-12-31'), omvang: { volume: 4, eenheid: '04', frequentie: '2' }, budget: undefined,
    })]), '2026-01-05'), 'JW316');
    expect(u.status).to.equal('verwerkt');
    expect(retourcodes(antwoord!).flat().every((c) => c === '0200')).to.equal(true);
    const [item] = (await items(d('2026-01-06'))).filter((i) => i.soort === 'verzoek');
    expect(item).to.deep.include({ termijn: '2026-01-12', signaal: null, ontvangstdatum: '2026-01-05' });
    expect(JSON.stringify(item)).to.not.contain(BSN);
    expect((await items(d('2026-01-09'))).find((i) => i.soort === 'verzoek')!.signaal).to.equal('termijn-nadert');
    verzoekVot = item.id;
  });

  it('honouring the VOT puts a JW301 with its ReferentieAanbieder into the mailbox and registers the toewijzing (TR379)', async () => {
    const zonderAdres = await kenVerzoekToe(deps(), verzoekVot, { door: 'backoffice.anna', reden: 'indicatie akkoord', peildatum: d('2026-01-07') }).catch((e: Error) => e);
    expect((zonderAdres as Error).message).to.match(/geef het adres/);
    const u = await kenVerzoekToe(deps(), verzoekVot, { door: 'backoffice.anna', reden: 'indicatie akkoord', peildatum: d('2026-01-07') },
      { adres: { postcode: '1501 ab', huisnummer: 12 } });
    const xml = await mailbox(u.berichtId);
    expect(xsdFouten('JW301', xml)).to.equal('');
    expect(xml).to.contain('<jw301:ReferentieAanbieder>VOT-F1</jw301:ReferentieAanbieder>');
    expect(u.toewijzingNummers).to.have.length(1);
    const identificatie = /<ijw:Identificatie>([^<]+)</.exec(xml)![1];
    eerste301 = { id: u.berichtId, identificatie, nummer: u.toewijzingNummers[0] };
    const [t] = await o.rijen<{ toewijzing_nummer: string; ingangsdatum: string; referentie_aanbieder: string }>(
      `SELECT toewijzing_nummer, ingangsdatum::text, referentie_aanbieder FROM toewijzing`);
    expect(t).to.deep.equal({ toewijzing_nummer: eerste301.nummer, ingangsdatum: '2026-02-01', referentie_aanbieder: 'VOT-F1' });
    expect((await o.rijen<{ status: string }>(`SELECT status FROM verzoek WHERE id = $1`, [verzoekVot]))[0].status).to.equal('gehonoreerd');
    expect((await auditVan(o.ds, 'verzoek', verzoekVot))[0]).to.deep.include({ actor: 'backoffice.anna', action: 'verzoek.toekennen' });
    expect((await items(d('2026-01-07'))).some((i) => i.soort === 'verzoek')).to.equal(false);
    // TR359: no antwoordbericht after a toewijzing with the same ReferentieAanbieder.
    const daarna = await beantwoordVerzoek(deps(), verzoekVot, { soort: 'afwijzen', reden: '7' }, { door: 'x', reden: 'y', peildatum: d('2026-01-08') }).catch((e: Error) => e);
    expect((daarna as Error).message).to.match(/al beantwoord/);
  });

  it('a 301 without its 302 after 3 werkdagen is a signal; the 302 is linked to the 301 it answers', async () => {
    expect((await items(d('2026-01-13'))).find((i) => i.soort === 'toewijzing-zonder-retour' && i.id === eerste301.id)).to.deep.include({ signaal: 'termijn-verstreken' });
    const retour: Bericht302 = {
      domein: 'JW', type: 'JW302',
      header: {
        ...header(true, 'FR1', '2026-01-08'), identificatieRetour: eerste301.identificatie, dagtekeningRetour: d('2026-01-07'),
        xsdVersieRetour: { basisschemaXsdVersie: '1.0.0', berichtXsdVersie: '1.0.0' }, retourCodes: ['0200'],
      },
    } as Bericht302;
    expect(xsdFouten('JW302', serialiseer(retour))).to.equal('');
    const { u } = await verwerk(retour, null);
    expect(u).to.deep.include({ status: 'verwerkt', retourcodes: ['0200'] });
    expect(u.details).to.deep.equal({ retourVan: eerste301.id });
    expect((await items(d('2026-01-13'))).some((i) => i.soort === 'toewijzing-zonder-retour')).to.equal(false);
  });

  it('start (305) → 306 with 0200', async () => {
    const { u, antwoord } = await verwerk(met(startBericht('FS1', BSN, [startProduct(Number(eerste301.nummer), '2026-02-02')]), '2026-02-03'), 'JW306');
    expect(u.retourcodes).to.deep.equal(['0200']);
    expect(retourcodes(antwoord!).flat().every((c) => c === '0200')).to.equal(true);
  });

  it('VOW (317) → 318 with 0200; honoured with a 301 that ends the toewijzing and grants the new volume from the wished date', async () => {
    const { u, antwoord } = await verwerk(met(vowBericht('FW1', BSN, {
      referentieAanbieder: 'VOW-F1', redenVerzoek: '1',
      // A volume per week needs an Einddatum (CD076).
      teWijzigenProducten: [{ toewijzingNummer: Number(eerste301.nummer), gewensteIngangsdatum: d('2026-04-01'), einddatum: d('2026-12-31'), omvang: { volume: 6, eenheid: '04', frequentie: '2' } }],
    }), '2026-03-02'), 'JW318');
    expect(u.status, JSON.stringify(u.meldingen)).to.equal('verwerkt');
    expect(retourcodes(antwoord!).flat().every((c) => c === '0200')).to.equal(true);
    const [item] = (await items(d('2026-03-03'))).filter((i) => i.soort === 'verzoek');
    const besluit = await kenVerzoekToe(deps(), item.id, { door: 'backoffice.anna', reden: 'meer uren nodig', peildatum: d('2026-03-04') });
    const xml = await mailbox(besluit.berichtId);
    expect(xsdFouten('JW301', xml)).to.equal('');
    expect(besluit.toewijzingNummers).to.have.length(2);
    nieuwNummer = besluit.toewijzingNummers[1];
    const rijen = await o.rijen<{ toewijzing_nummer: string; ingangsdatum: string; einddatum: string; omvang_volume: number; reden_wijziging: string | null; referentie_aanbieder: string }>(
      `SELECT toewijzing_nummer, ingangsdatum::text, einddatum::text, omvang_volume, reden_wijziging, referentie_aanbieder FROM toewijzing ORDER BY toewijzing_nummer`);
    expect(rijen).to.deep.equal([
      { toewijzing_nummer: eerste301.nummer, ingangsdatum: '2026-02-01', einddatum: '2026-03-31', omvang_volume: 4, reden_wijziging: '12', referentie_aanbieder: 'VOW-F1' },
      { toewijzing_nummer: nieuwNummer, ingangsdatum: '2026-04-01', einddatum: '2026-12-31', omvang_volume: 6, reden_wijziging: null, referentie_aanbieder: 'VOW-F1' },
    ]);
  });

  it('start on the new toewijzing, tijdelijke stop (reden 20), herstart and definitieve stop: each answered with 0200', async () => {
    const nr = Number(nieuwNummer);
    const start = await verwerk(met(startBericht('FS2', BSN, [startProduct(nr, '2026-04-01')]), '2026-04-02'), 'JW306');
    expect(start.u.retourcodes).to.deep.equal(['0200']);
    const tijdelijk = await verwerk(met(stopBericht('FP1', BSN, [stopProduct(nr, '2026-04-01', '2026-05-15', { redenBeeindiging: '20' })]), '2026-05-18'), 'JW308');
    expect(tijdelijk.u.retourcodes).to.deep.equal(['0200']);
    const herstart = await verwerk(met(startBericht('FS3', BSN, [startProduct(nr, '2026-06-01')]), '2026-06-02'), 'JW306');
    expect(herstart.u.retourcodes).to.deep.equal(['0200']);
    const definitief = await verwerk(met(stopBericht('FP2', BSN, [stopProduct(nr, '2026-06-01', '2026-07-31', { redenBeeindiging: '31' })]), '2026-08-03'), 'JW308');
    expect(definitief.u.retourcodes).to.deep.equal(['0200']);
  });

  it('declaraties (323) → 325: granted on each toewijzing in its own period, refused after the old one ended (9308)', async () => {
    const client = (prestaties: ReturnType<typeof prestatie>[]): DeclaratieClient[] => [{ bsn: BSN, prestaties }];
    const declaratie = (id: string, nr: string, clienten: DeclaratieClient[], maand: string, dagtekening: string): Bericht323 => {
      const som = clienten.flatMap((c) => c.prestaties).reduce((t, p) => t + p.ingediendBedrag.bedrag, 0n);
      return {
        domein: 'JW', type: 'JW323', header: header(false, id, dagtekening),
        declaratie: {
          declaratieNummer: nr, declaratiePeriode: { begindatum: d(`${maand}-01`), einddatum: d(`${maand}-${maand.endsWith('04') ? '30' : '31'}`) },
          declaratieDagtekening: d(dagtekening), totaalIngediendBedrag: { totaalBedrag: som, debetCredit: 'D' }, clienten,
        },
      } as Bericht323;
    };
    const maart = await verwerk(declaratie('FD1', 'FDN1', client([prestatie('FR-M', Number(eerste301.nummer), 16)]), '2026-03', '2026-04-03'), 'JW325');
    expect(maart.u.retourcodes).to.include('8001');
    const april = await verwerk(declaratie('FD2', 'FDN2', client([
      prestatie('FR-A1', Number(nieuwNummer), 20, { begin: d('2026-04-01'), eind: d('2026-04-30') }),
      prestatie('FR-A2', Number(eerste301.nummer), 2, { begin: d('2026-04-01'), eind: d('2026-04-30') }),
    ]), '2026-04', '2026-05-04'), 'JW325');
    expect(april.u.status).to.equal('verwerkt');
    expect(april.antwoord).to.match(/<\w+:ReferentieNummer>FR-A2<[\s\S]*<\w+:RetourCode>9308</);
    expect(april.antwoord).to.not.contain('FR-A1');
    const [{ som }] = await o.rijen<{ som: string }>(`SELECT sum(toegekend_cents)::text AS som FROM prestatie WHERE beslissing = 'toegekend'`);
    expect(som).to.equal(String((16n + 20n) * 6500n));
    const parsed = await parseBericht(april.antwoord!);
    expect(parsed.schemaGeldig).to.equal(true);
    expect(GEMEENTE).to.equal('0479');
  });
});
