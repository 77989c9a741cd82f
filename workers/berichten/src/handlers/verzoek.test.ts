import { expect } from 'chai';
import { datum } from '@plafond/core';
import { vereisIstandaarden, xsdFouten } from '../../../../test/support/istandaarden';
import { aangevraagdProduct, client301, Omgeving, toegewezenProduct, toewijzingBericht, votBericht, vowBericht } from '../../../../test/support/berichten';

/** The RetourCodes of the answer per class, in document order (header first). */
function retourcodesPerKlasse(xml: string): string[][] {
  return [...xml.matchAll(/<(\w+):RetourCodes>([\s\S]*?)<\/\1:RetourCodes>/g)].map((m) => [...m[2].matchAll(/RetourCode>(\w+)</g)].map((c) => c[1]));
}

describe('workers/berichten: verzoeken om toewijzing en wijziging (315/317 → 316/318)', function () {
  let o: Omgeving;
  const verzoeken = () => o.rijen<{ soort: string; referentie_aanbieder: string; status: string; gegevens: Record<string, unknown> }>(
    `SELECT soort, referentie_aanbieder, status, gegevens FROM verzoek ORDER BY id`);

  before(async function () {
    vereisIstandaarden(this);
    o = await Omgeving.maak();
  });
  after(async () => o?.drop());

  it('stores each AangevraagdProduct as a verzoek with status ontvangen and answers 0200 (316 valid)', async () => {
    const { u, antwoord } = await o.verwerk(votBericht('V1', '999900006', [
      aangevraagdProduct('VOT-1'),
      aangevraagdProduct('VOT-2', { product: { categorie: '46' }, omvang: undefined }),
    ]));
    expect(u.status).to.equal('verwerkt');
    expect(u.retourcodes).to.deep.equal(['0200']);
    expect(xsdFouten('JW316', antwoord!)).to.equal('');
    expect(retourcodesPerKlasse(antwoord!)).to.deep.equal([['0200'], ['0200'], ['0200'], ['0200']]);
    const rijen = await verzoeken();
    expect(rijen.map((r) => [r.soort, r.referentie_aanbieder, r.status])).to.deep.equal([['VOT', 'VOT-1', 'ontvangen'], ['VOT', 'VOT-2', 'ontvangen']]);
    expect(rijen[0].gegevens).to.deep.nested.include({ 'aangevraagdProduct.budget': '50000' });
    expect(JSON.stringify(rijen)).to.not.contain('999900006');
  });

  it('rejects a reused ReferentieAanbieder with 9347 on its product', async () => {
    const { u, antwoord } = await o.verwerk(votBericht('V2', '999900018', [aangevraagdProduct('VOT-1'), aangevraagdProduct('VOT-3', { product: { categorie: '46' } })]));
    expect(u.status).to.equal('verwerkt');
    expect(xsdFouten('JW316', antwoord!)).to.equal('');
    expect(retourcodesPerKlasse(antwoord!)).to.deep.equal([['0200'], ['9347'], ['0200'], ['0200']]);
    expect((await verzoeken()).map((r) => r.referentie_aanbieder)).to.deep.equal(['VOT-1', 'VOT-2', 'VOT-3']);
  });

  it('rejects a new verzoek while one is open for the client at this aanbieder with 9374 on the Client', async () => {
    const { u, antwoord } = await o.verwerk(votBericht('V3', '999900006', [aangevraagdProduct('VOT-4')]));
    expect(u.status).to.equal('afgewezen');
    expect(xsdFouten('JW316', antwoord!)).to.equal('');
    expect(retourcodesPerKlasse(antwoord!)).to.deep.equal([['0200'], ['0200'], ['9374']]);
    expect(await verzoeken()).to.have.length(3);
  });

  it('marks the verzoek honoured when a 301 carries its ReferentieAanbieder', async () => {
    const { u } = await o.verwerk(toewijzingBericht('T1', client301('999900006', [
      toegewezenProduct(4001, { referentieAanbieder: 'VOT-1', ingangsdatum: datum('2026-06-01') }),
      toegewezenProduct(4002, { referentieAanbieder: 'VOT-2', product: { categorie: '46' }, omvang: undefined, budget: 1000n, ingangsdatum: datum('2026-06-01') }),
    ])));
    expect(u.retourcodes).to.deep.equal(['0200']);
    expect((await verzoeken()).slice(0, 2).map((r) => r.status)).to.deep.equal(['gehonoreerd', 'gehonoreerd']);
  });

  it('rejects a ReferentieAanbieder on a 301 that honours no verzoek with 9379', async () => {
    const { u } = await o.verwerk(toewijzingBericht('T2', client301('999900043', [toegewezenProduct(4003, { referentieAanbieder: 'ONBEKEND' })])));
    expect(u.retourcodes).to.deep.equal(['9379']);
  });

  it('stores a verzoek om wijziging that names all current toewijzingen (318 valid)', async () => {
    const { u, antwoord } = await o.verwerk(vowBericht('W1', '999900006', {
      referentieAanbieder: 'VOW-1', redenVerzoek: '1',
      ongewijzigdeProducten: [{ toewijzingNummer: 4002 }],
      teWijzigenProducten: [{ toewijzingNummer: 4001, gewensteIngangsdatum: datum('2026-07-01'), einddatum: datum('2026-10-31') }],
    }));
    expect(u.status).to.equal('verwerkt');
    expect(xsdFouten('JW318', antwoord!)).to.equal('');
    // header, OngewijzigdProduct, TeWijzigenProduct, Verzoek, Client
    expect(retourcodesPerKlasse(antwoord!)).to.deep.equal([['0200'], ['0200'], ['0200'], ['0200'], ['0200']]);
    expect((await verzoeken()).at(-1)).to.include({ soort: 'VOW', referentie_aanbieder: 'VOW-1', status: 'ontvangen' });
  });

  it('refuses a verzoek om wijziging that misses or misnames current toewijzingen (9349, 9351) and 9374, storing nothing', async () => {
    const { u, antwoord } = await o.verwerk(vowBericht('W2', '999900006', {
      referentieAanbieder: 'VOW-2', redenVerzoek: '1',
      teWijzigenProducten: [{ toewijzingNummer: 4001, gewensteIngangsdatum: datum('2026-07-01') }, { toewijzingNummer: 4999, gewensteIngangsdatum: datum('2026-07-01') }],
    }));
    expect(u.status).to.equal('afgewezen');
    expect(xsdFouten('JW318', antwoord!)).to.equal('');
    expect(retourcodesPerKlasse(antwoord!)).to.deep.equal([['0200'], ['0200'], ['9351'], ['9349', '9374'], ['0200']]);
    expect((await verzoeken()).map((r) => r.referentie_aanbieder)).to.not.include('VOW-2');
  });

  it('checks TR378 on the ToewijzingIngangsdatum of each AangevraagdProduct: S300 for Beemster (0370) after 2022, not before', async () => {
    const beemster = (id: string, ref: string, ingang: string, bsn: string) => {
      const b = votBericht(id, bsn, [aangevraagdProduct(ref, { toewijzingIngangsdatum: datum(ingang), toewijzingEinddatum: datum('2026-12-31') })]);
      return { ...b, header: { ...b.header, ontvanger: '0370' } };
    };
    const na = await o.verwerk(beemster('VB1', 'BEEM-1', '2026-06-01', '999900043'));
    expect(xsdFouten('JW316', na.antwoord!)).to.equal('');
    expect(retourcodesPerKlasse(na.antwoord!)).to.deep.equal([['0200'], ['S300'], ['0200']]);
    expect(na.u.status).to.equal('afgewezen');
    const voor = await o.verwerk(beemster('VB2', 'BEEM-2', '2021-12-01', '999900043'));
    expect(retourcodesPerKlasse(voor.antwoord!)).to.deep.equal([['0200'], ['0200'], ['0200']]);
  });

  it('answers a WMO315 with a WMO316 that validates', async () => {
    const { u, antwoord } = await o.verwerk(votBericht('VW', '999900055', [aangevraagdProduct('WMO-1', { product: { categorie: '02', code: '02A01' } })], 'WMO'));
    expect(u.retourcodes).to.deep.equal(['0200']);
    expect(xsdFouten('WMO316', antwoord!)).to.equal('');
  });
});
