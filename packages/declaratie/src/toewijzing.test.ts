import { expect } from 'chai';
import { datum } from '@plafond/core';
import { bekostigingVan, variantVan, verwerkToegewezenProduct, type ToegewezenProductInvoer, type ToewijzingContext } from './toewijzing';
import type { Toewijzing } from './typen';

function product(extra: Partial<ToegewezenProductInvoer> = {}): ToegewezenProductInvoer {
  return {
    toewijzingNummer: '300201',
    product: { categorie: '55', code: '55A11' },
    toewijzingsdatum: datum('2026-04-01'),
    ingangsdatum: datum('2026-04-01'),
    einddatum: datum('2026-07-14'),
    omvang: { volume: 2, eenheid: '04', frequentie: '2' },
    ...extra,
  };
}

function context(versies: Toewijzing[] = [], extra: Partial<ToewijzingContext> = {}): ToewijzingContext {
  return {
    gemeente: '0479',
    domein: 'JW',
    aanbieder: '42420001',
    bsn: '999900006',
    versies,
    heeftToegekendePrestaties: false,
    verzoekOntvangen: (ref) => ref === 'VOT-1',
    referentieAlGehonoreerd: () => false,
    ...extra,
  };
}

function huidig(extra: Partial<ToegewezenProductInvoer> = {}): Toewijzing {
  const r = verwerkToegewezenProduct(product(extra), context());
  return r.toewijzing!;
}

const codes = (r: { meldingen: { retourcode?: string }[] }) => r.meldingen.map((m) => m.retourcode);

describe('declaratie/toewijzing', () => {
  it('determines the variant from the product and the bekostiging from the eenheid', () => {
    expect(variantVan({ categorie: '45', code: '45A03' })).to.equal('specifiek');
    expect(variantVan({ categorie: '45' })).to.equal('aspecifiek');
    expect(variantVan(undefined)).to.equal('generiek');
    expect(bekostigingVan({ volume: 1, eenheid: '82', frequentie: '4' }, undefined)).to.equal('output');
    expect(bekostigingVan({ volume: 1, eenheid: '83', frequentie: '6' }, undefined)).to.equal('taakgericht');
    expect(bekostigingVan({ volume: 1, eenheid: '84', frequentie: '2' }, undefined)).to.equal('inspanning');
    expect(bekostigingVan({ volume: 1, eenheid: '01', frequentie: '2' }, undefined)).to.equal('inspanning');
    expect(bekostigingVan(undefined, 100000n)).to.equal('taakgericht');
    expect(bekostigingVan(undefined, undefined)).to.equal(undefined);
  });

  it('creates a new specifieke toewijzing', () => {
    const r = verwerkToegewezenProduct(product(), context());
    expect(r.geaccepteerd).to.equal(true);
    expect(r.mutatie).to.deep.equal({ soort: 'nieuw' });
    expect(r.toewijzing).to.include({ variant: 'specifiek', bekostiging: 'inspanning', verwijderd: false, bsn: '999900006', aanbieder: '42420001' });
  });

  it('rejects a second 301 for the same number without RedenWijziging with 9332', () => {
    const r = verwerkToegewezenProduct(product(), context([huidig()]));
    expect(r.geaccepteerd).to.equal(false);
    expect(codes(r)).to.deep.equal(['9332']);
  });

  it('shortens the einddatum on a wijziging with RedenWijziging', () => {
    const r = verwerkToegewezenProduct(product({ einddatum: datum('2026-05-31'), redenWijziging: '05' }), context([huidig()]));
    expect(r.geaccepteerd).to.equal(true);
    expect(r.mutatie).to.deep.equal({ soort: 'verkort', einddatum: { oud: '2026-07-14', nieuw: '2026-05-31' } });
    expect(r.toewijzing!.einddatum).to.equal('2026-05-31');
  });

  it('extends the einddatum, also to an open end', () => {
    expect(verwerkToegewezenProduct(product({ einddatum: datum('2026-12-31'), redenWijziging: '04' }), context([huidig()])).mutatie!.soort).to.equal('verlengd');
    expect(verwerkToegewezenProduct(product({ einddatum: undefined, redenWijziging: '04' }), context([huidig()])).mutatie!.soort).to.equal('verlengd');
  });

  it('rejects a wijziging that changes the product or the omvang with 9332', () => {
    const r = verwerkToegewezenProduct(product({ redenWijziging: '14', omvang: { volume: 3, eenheid: '04', frequentie: '2' } }), context([huidig()]));
    expect(codes(r)).to.deep.equal(['9332']);
    expect(r.meldingen[0].tekst).to.contain('omvang');
  });

  it('removes a toewijzing with RedenWijziging 13 when einddatum equals ingangsdatum', () => {
    const r = verwerkToegewezenProduct(product({ redenWijziging: '13', einddatum: datum('2026-04-01') }), context([huidig()]));
    expect(r.geaccepteerd).to.equal(true);
    expect(r.mutatie!.soort).to.equal('verwijderd');
    expect(r.toewijzing!.verwijderd).to.equal(true);
  });

  it('rejects removing a toewijzing that has granted prestaties with 9385', () => {
    const r = verwerkToegewezenProduct(product({ redenWijziging: '13', einddatum: datum('2026-04-01') }), context([huidig()], { heeftToegekendePrestaties: true }));
    expect(codes(r)).to.deep.equal(['9385']);
  });

  it('refuses any further 301 on a removed toewijzing with 9332', () => {
    const weg = { ...huidig({ einddatum: datum('2026-04-01') }), verwijderd: true, redenWijziging: '13' };
    expect(codes(verwerkToegewezenProduct(product({ redenWijziging: '04' }), context([weg])))).to.deep.equal(['9332']);
  });

  it('accepts ReferentieAanbieder when honouring a VOT for the first time, rejects it otherwise with 9379', () => {
    expect(verwerkToegewezenProduct(product({ referentieAanbieder: 'VOT-1' }), context()).geaccepteerd).to.equal(true);
    expect(codes(verwerkToegewezenProduct(product({ referentieAanbieder: 'ONBEKEND' }), context()))).to.deep.equal(['9379']);
    expect(codes(verwerkToegewezenProduct(product({ referentieAanbieder: 'VOT-1' }), context([], { referentieAlGehonoreerd: () => true })))).to.deep.equal(['9379']);
  });

  it('lets a wijziging carry over the ReferentieAanbieder of its own toewijzing', () => {
    const eerst = huidig({ referentieAanbieder: 'VOT-1' });
    const r = verwerkToegewezenProduct(product({ referentieAanbieder: 'VOT-1', redenWijziging: '05', einddatum: datum('2026-06-30') }), context([eerst], { referentieAlGehonoreerd: () => true }));
    expect(r.geaccepteerd).to.equal(true);
  });

  it('checks the gemeente code (S300) and the product code list (S329) when lookups are given', () => {
    const r = verwerkToegewezenProduct(product(), context([], { gemeenteGeldig: () => false, productCodeGeldig: () => false }));
    expect(codes(r)).to.deep.equal(['S300', 'S329']);
  });
});
