import type { Datum } from '@plafond/core';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBericht } from '../check';
import type {
  Bericht, Bericht301, Bericht305, Bericht306, Bericht307, Bericht315, Bericht317, Bericht319, Bericht325, BerichtType,
} from '../model/berichten';
import { ISTANDAARDEN_DIR, vereisReferentie } from '../model/testhulp';
import { declaratie, prestatie, voorbeeldBericht } from '../model/testmodellen';
import { serialiseer } from '../serialize/schrijf';
import { IN_BERICHT_REGELS } from './referentie';
import { regels } from './testregels';

const d = (s: string) => s as Datum;
const kopie = <T extends Bericht>(type: BerichtType, vol: boolean): T => structuredClone(voorbeeldBericht(type, vol)) as T;

const C = '/Bericht/Client';
const CONTACT = (i: number) => `${C}/Contactgegevens/Contact[${i}]`;
const RELATIE = (i: number) => `${C}/Relaties/Relatie[${i}]`;
const TP = (i: number) => `${C}/ToegewezenProducten/ToegewezenProduct[${i}]`;
const AP = (i: number) => `${C}/AangevraagdeProducten/AangevraagdProduct[${i}]`;
const NP = (i: number) => `${C}/Verzoek/NieuweProducten/NieuwProduct[${i}]`;
const TW = (i: number) => `${C}/Verzoek/TeWijzigenProducten/TeWijzigenProduct[${i}]`;
const PR = (c: number, p: number) => `/Bericht/Declaratie/Clienten/Client[${c}]/Prestaties/Prestatie[${p}]`;
const APR = (c: number, p: number) => `/Bericht/DeclaratieAntwoord/Clienten/Client[${c}]/Prestaties/Prestatie[${p}]`;

/** The findings of one rule only, so each test shows its rule's verdict. */
function van(regel: string, b: Bericht): string[] {
  return regels(b).filter((r) => r.startsWith(`${regel} `));
}

describe('regelrapport: the CD/CS rules the in-message check knows', function () {
  it('has every CD and CS rule of the regelrapport, for exactly the messages it names, with its retourcode', function () {
    vereisReferentie(this);
    const rijen = readFileSync(join(ISTANDAARDEN_DIR, 'regelrapport-ijw-3.2-cd-cs-rs.csv'), 'utf8').split(/\r?\n/).slice(1)
      .map((r) => r.split(';')).filter((r) => r[8] === 'Conditie' || r[8] === 'Constraint');
    const perRegel = new Map<string, Set<string>>();
    for (const r of rijen) {
      const set = perRegel.get(r[9]) ?? new Set();
      set.add(r[0].replace('JW', ''));
      perRegel.set(r[9], set);
      // CS015/CS025/CS319 have no retourcode in the regelrapport; their schema form rejects with 0001.
      expect(IN_BERICHT_REGELS[r[9]], r[9]).to.include({ retourcode: r[10] || '0001', niveau: r[8] === 'Conditie' ? 'conditie' : 'constraint' });
    }
    expect(perRegel.size).to.equal(41);
    for (const [regel, berichten] of perRegel) expect(IN_BERICHT_REGELS[regel].berichten, regel).to.deep.equal([...berichten].sort());
    const eigen = Object.values(IN_BERICHT_REGELS).filter((r) => r.niveau === 'conditie' || r.niveau === 'constraint').map((r) => r.regel);
    expect(eigen.sort()).to.deep.equal([...perRegel.keys()].sort());
  });
});

describe('the technical rules outside niveau bericht that the check evaluates', function () {
  it('has TR135 and TR319 with the retourcode and messages of technische-regels.csv', function () {
    vereisReferentie(this);
    const tr = readFileSync(join(ISTANDAARDEN_DIR, 'technische-regels.csv'), 'utf8').trim().split('\n').slice(1).map((r) => r.split(','));
    for (const regel of ['TR135', 'TR319']) {
      const [, niveau, retourcode, berichten] = tr.find((r) => r[0] === regel)!;
      expect(IN_BERICHT_REGELS[regel], regel).to.include({ niveau, retourcode });
      expect(IN_BERICHT_REGELS[regel].berichten, regel).to.deep.equal(berichten.split(' '));
    }
  });
});

describe('CD/CS rules of the toewijzing (301)', function () {
  it('CS002: rejects a client Bsn failing the elfproef in every message that has one, and not in a retour', function () {
    for (const type of ['JW301', 'WMO301', 'JW305', 'JW307', 'WMO315', 'JW317'] as const) {
      const b = kopie<Bericht301>(type, false);
      expect(van('CS002', b), type).to.deep.equal([]);
      b.client.bsn = '999900007';
      expect(van('CS002', b), type).to.deep.equal([`CS002 ${C}/Bsn`]);
    }
    const dec = declaratie('JW323', [{ bsn: '999900006', prestaties: [prestatie('RN1')] }, { bsn: '999900017', prestaties: [prestatie('RN2')] }]);
    expect(van('CS002', dec)).to.deep.equal(['CS002 /Bericht/Declaratie/Clienten/Client[2]/Bsn']);
    const a = kopie<Bericht325>('WMO325', true);
    a.declaratieAntwoord!.clienten![0].bsn = '999900007';
    expect(van('CS002', a)).to.deep.equal(['CS002 /Bericht/DeclaratieAntwoord/Clienten/Client[1]/Bsn']);
    // A 306 echoes the 305 it answers, bad Bsn included: the regelrapport has no CS002 on a retour.
    const r = kopie<Bericht306>('JW306', true);
    r.client!.bsn = '999900007';
    expect(regels(r)).to.deep.equal([]);
  });

  it('CS139: rejects a Geboortedatum that does not fit its DatumGebruik (client and relatie of a 301; 305, 307, 315)', function () {
    const b = kopie<Bericht301>('JW301', true);
    for (const [datum, gebruik, goed] of [
      ['2012-03-01', '1', true], ['2012-03-04', '1', false], ['2012-01-01', '2', true], ['2012-03-01', '2', false],
      ['1900-01-01', '3', true], ['2012-01-01', '3', false], ['2012-03-04', undefined, true],
    ] as const) {
      b.client.geboortedatum = { datum: d(datum), ...(gebruik ? { datumGebruik: gebruik } : {}) };
      expect(van('CS139', b), `${datum} ${gebruik}`).to.deep.equal(goed ? [] : [`CS139 ${C}/Geboortedatum`]);
    }
    b.client.geboortedatum = { datum: d('2012-03-04') };
    b.client.relaties![0].geboortedatum = { datum: d('1980-02-01'), datumGebruik: '2' };
    expect(van('CS139', b)).to.deep.equal([`CS139 ${RELATIE(1)}/Geboortedatum`]);
    for (const type of ['JW305', 'WMO307', 'JW315'] as const) {
      const k = kopie<Bericht305>(type, false);
      k.client.geboortedatum = { datum: d('2011-05-01'), datumGebruik: '1' };
      expect(van('CS139', k), type).to.deep.equal([]);
      k.client.geboortedatum = { datum: d('2011-05-02'), datumGebruik: '1' };
      expect(van('CS139', k), type).to.deep.equal([`CS139 ${C}/Geboortedatum`]);
    }
  });

  it('CS050: NaamGebruik 1–4 with a Partnernaam, 1 or 6 without (client and relatie)', function () {
    const b = kopie<Bericht301>('JW301', true);
    const relatie = b.client.relaties![0].naam;
    for (const g of ['1', '2', '3', '4'] as const) {
      relatie.naamGebruik = g;
      expect(van('CS050', b), g).to.deep.equal([]);
    }
    relatie.naamGebruik = '6';
    expect(van('CS050', b)).to.deep.equal([`CS050 ${RELATIE(1)}/Naam/NaamGebruik`]);
    delete relatie.partnernaam;
    expect(van('CS050', b)).to.deep.equal([]);
    relatie.naamGebruik = '2';
    expect(van('CS050', b)).to.deep.equal([`CS050 ${RELATIE(1)}/Naam/NaamGebruik`]);
    b.client.naam.naamGebruik = '5';
    expect(van('CS050', b)).to.deep.equal([`CS050 ${C}/Naam/NaamGebruik`, `CS050 ${RELATIE(1)}/Naam/NaamGebruik`]);
  });

  it('CS318: rejects NaamGebruik 6 (niet-natuurlijk persoon) for the client, not for a relatie', function () {
    const b = kopie<Bericht301>('WMO301', true);
    delete b.client.relaties![0].naam.partnernaam;
    b.client.relaties![0].naam.naamGebruik = '6';
    expect(van('CS318', b)).to.deep.equal([]);
    b.client.naam.naamGebruik = '6';
    expect(van('CS318', b)).to.deep.equal([`CS318 ${C}/Naam/NaamGebruik`]);
  });

  it('CD007: Taal exactly when Communicatie/Vorm is 1 (tolk taal)', function () {
    const b = kopie<Bericht301>('JW301', true);
    expect(van('CD007', b)).to.deep.equal([]);
    b.client.communicatie = { vorm: '1' };
    expect(van('CD007', b)).to.deep.equal([`CD007 ${C}/Communicatie/Taal`]);
    b.client.communicatie = { vorm: '2' };
    expect(van('CD007', b)).to.deep.equal([]);
    b.client.communicatie = { vorm: '3', taal: 'Pools' };
    expect(van('CD007', b)).to.deep.equal([`CD007 ${C}/Communicatie/Taal`]);
  });

  it('CD025: Huis is required when LandCode is NL', function () {
    const b = kopie<Bericht301>('JW301', false);
    b.client.contactgegevens[0].telefoon = { telefoon01: { telefoonnummer: '0751234567', landnummer: '0031' } };
    delete b.client.contactgegevens[0].adres!.huis;
    expect(van('CD025', b)).to.deep.equal([`CD025 ${CONTACT(1)}/Adres/Huis`]);
    b.client.contactgegevens[0].adres = { postcode: 'B-1000', landCode: 'BE' };
    expect(van('CD025', b)).to.deep.equal([]);
  });

  it('CD034: Postcode is required in the address of soort 01 or 03, not of 02 or 04', function () {
    const b = kopie<Bericht301>('JW301', true);
    const r = b.client.relaties![1].contact;
    r.telefoon = { telefoon01: { telefoonnummer: '0751234567', landnummer: '0031' } };
    r.adres = { straatnaam: 'Dam', plaatsnaam: 'Zaandam' };
    for (const [soort, fout] of [['01', true], ['02', false], ['03', true], ['04', false]] as const) {
      r.soort = soort;
      expect(van('CD034', b), soort).to.deep.equal(fout ? [`CD034 ${RELATIE(2)}/Contact/Adres/Postcode`] : []);
    }
  });

  it('CS089: a Dutch address has a Dutch postcode (1234AB)', function () {
    const b = kopie<Bericht301>('JW301', false);
    for (const [postcode, goed] of [['1501AB', true], ['1501ab', true], ['1501 AB', false], ['0501AB', false], ['15011', false]] as const) {
      b.client.contactgegevens[0].adres!.postcode = postcode;
      expect(van('CS089', b), postcode).to.deep.equal(goed ? [] : [`CS089 ${CONTACT(1)}/Adres/Postcode`]);
    }
    b.client.contactgegevens[0].adres = { huis: { huisnummer: 1 }, postcode: '1000 AB', landCode: 'BE' };
    expect(van('CS089', b)).to.deep.equal([]);
  });

  it('CD005: LandCode when Postcode is filled, and only then', function () {
    const b = kopie<Bericht301>('JW301', false);
    const tel = { telefoon01: { telefoonnummer: '0751234567', landnummer: '0031' } };
    b.client.contactgegevens.push({ soort: '02', telefoon: tel, adres: { straatnaam: 'Dam', landCode: 'NL' } });
    expect(van('CD005', b)).to.deep.equal([`CD005 ${CONTACT(2)}/Adres/LandCode`]);
    delete b.client.contactgegevens[1].adres!.landCode;
    expect(van('CD005', b)).to.deep.equal([]);
    delete b.client.contactgegevens[0].adres!.landCode;
    expect(van('CD005', b)).to.deep.equal([`CD005 ${CONTACT(1)}/Adres/LandCode`]);
  });

  it('CD009: a Periode only on a temporary address (soort 04)', function () {
    const b = kopie<Bericht301>('JW301', true);
    expect(b.client.contactgegevens[1]).to.include({ soort: '04' }).and.have.property('periode');
    expect(van('CD009', b)).to.deep.equal([]);
    b.client.contactgegevens[0].periode = { begindatum: d('2026-01-01') };
    expect(van('CD009', b)).to.deep.equal([`CD009 ${CONTACT(1)}/Periode`]);
  });

  it('CS003: an Einddatum not before its Begindatum or Ingangsdatum (Contact/Periode, ToegewezenProduct)', function () {
    const b = kopie<Bericht301>('JW301', true);
    b.client.contactgegevens[1].periode = { begindatum: d('2026-03-01'), einddatum: d('2026-03-01') };
    b.client.toegewezenProducten[0].einddatum = b.client.toegewezenProducten[0].ingangsdatum;
    expect(van('CS003', b)).to.deep.equal([]);
    b.client.contactgegevens[1].periode = { begindatum: d('2026-03-01'), einddatum: d('2026-02-28') };
    b.client.toegewezenProducten[0].einddatum = d('2026-01-31');
    expect(van('CS003', b)).to.deep.equal([`CS003 ${CONTACT(2)}/Periode/Einddatum`, `CS003 ${TP(1)}/Einddatum`]);
  });

  it('CD079: a ToegewezenProduct without Budget has a Product', function () {
    const b = kopie<Bericht301>('JW301', true);
    delete b.client.toegewezenProducten[1].product;
    expect(van('CD079', b)).to.deep.equal([]);
    delete b.client.toegewezenProducten[0].product;
    expect(van('CD079', b)).to.deep.equal([`CD079 ${TP(1)}/Product`]);
  });

  it('CD075/CD076: an Einddatum with a Budget or a weekly Frequentie', function () {
    const b = kopie<Bericht301>('WMO301', true);
    delete b.client.toegewezenProducten[1].einddatum;
    expect(van('CD075', b)).to.deep.equal([`CD075 ${TP(2)}/Einddatum`]);
    delete b.client.toegewezenProducten[0].einddatum;
    expect(van('CD076', b)).to.deep.equal([`CD076 ${TP(1)}/Einddatum`]);
    b.client.toegewezenProducten[0].omvang!.frequentie = '4';
    expect(van('CD076', b)).to.deep.equal([]);
  });

  it('CS335: RedenWijziging 13 (verwijderd) only with Einddatum equal to Ingangsdatum; CS336: never 01', function () {
    const b = kopie<Bericht301>('JW301', true);
    const tp = b.client.toegewezenProducten[0];
    tp.redenWijziging = '13';
    expect(van('CS335', b)).to.deep.equal([`CS335 ${TP(1)}/RedenWijziging`]);
    tp.einddatum = tp.ingangsdatum;
    expect(van('CS335', b)).to.deep.equal([]);
    tp.redenWijziging = '01';
    expect(van('CS336', b)).to.deep.equal([`CS336 ${TP(1)}/RedenWijziging`]);
    tp.redenWijziging = '14';
    expect(van('CS336', b)).to.deep.equal([]);
  });

  it('CD041/CD080: Omvang with a product code; none without one for a toewijzing running after 2020', function () {
    const b = kopie<Bericht301>('JW301', true);
    const tp = b.client.toegewezenProducten[0];
    const omvang = tp.omvang!;
    delete tp.omvang;
    expect(van('CD041', b)).to.deep.equal([`CD041 ${TP(1)}/Omvang`]);
    tp.omvang = omvang;
    delete tp.product!.code;
    expect(van('CD080', b)).to.deep.equal([`CD080 ${TP(1)}/Omvang`]);
    // Before 2021 a toewijzing without code could still carry an Omvang.
    tp.ingangsdatum = d('2020-01-01');
    tp.einddatum = d('2020-12-31');
    expect(van('CD080', b)).to.deep.equal([]);
  });

  it('CD077/CD078: Omvang and Budget exclude each other', function () {
    const b = kopie<Bericht301>('JW301', true);
    expect(regels(b)).to.deep.equal([]);
    b.client.toegewezenProducten[0].budget = 1000n;
    expect(van('CD077', b)).to.deep.equal([`CD077 ${TP(1)}/Omvang`]);
    expect(van('CD078', b)).to.deep.equal([`CD078 ${TP(1)}/Budget`]);
  });

  it('CS338: Frequentie 2, 4 or 6 for etmaal, dagdeel, euro or stuks (inspanning) after 2020', function () {
    const b = kopie<Bericht301>('JW301', true);
    const omvang = b.client.toegewezenProducten[0].omvang!;
    omvang.frequentie = '1';
    expect(van('CS338', b)).to.deep.equal([]);
    for (const eenheid of ['14', '16', '83', '84'] as const) {
      omvang.eenheid = eenheid;
      expect(van('CS338', b), eenheid).to.deep.equal([`CS338 ${TP(1)}/Omvang/Frequentie`]);
    }
    omvang.frequentie = '4';
    expect(van('CS338', b)).to.deep.equal([]);
  });
});

describe('CD/CS rules of start and stop (305, 307)', function () {
  it('CS058: StatusAanlevering 1 or 3, not 2 or 9', function () {
    for (const type of ['JW305', 'WMO305', 'JW307', 'WMO307'] as const) {
      const b = kopie<Bericht305 | Bericht307>(type, true);
      const regel = 'startProducten' in b.client ? b.client.startProducten[0] : b.client.stopProducten[0];
      const pad = type.endsWith('305') ? `${C}/StartProducten/StartProduct[1]` : `${C}/StopProducten/StopProduct[1]`;
      for (const [status, goed] of [['1', true], ['2', false], ['3', true], ['9', false]] as const) {
        regel.statusAanlevering = status;
        expect(van('CS058', b), `${type} ${status}`).to.deep.equal(goed ? [] : [`CS058 ${pad}/StatusAanlevering`]);
      }
    }
  });
});

describe('CD/CS rules of the verzoek om toewijzing (315)', function () {
  it('CD079/CD075/CD076/CS003 on an AangevraagdProduct, against its ToewijzingEinddatum', function () {
    const b = kopie<Bericht315>('JW315', true);
    const [p, budget] = b.client.aangevraagdeProducten;
    expect(regels(b)).to.deep.equal([]);
    delete budget.product;
    expect(van('CD079', b)).to.deep.equal([]);
    delete p.product;
    expect(van('CD079', b)).to.deep.equal([`CD079 ${AP(1)}/Product`]);
    delete budget.toewijzingEinddatum;
    delete p.toewijzingEinddatum;
    expect(van('CD075', b)).to.deep.equal([`CD075 ${AP(2)}/ToewijzingEinddatum`]);
    expect(van('CD076', b)).to.deep.equal([`CD076 ${AP(1)}/ToewijzingEinddatum`]);
    p.toewijzingEinddatum = d('2026-05-31');
    expect(van('CS003', b)).to.deep.equal([`CS003 ${AP(1)}/ToewijzingEinddatum`]);
  });

  it('CD041/CD077/CD078/CD095/CS343 on an AangevraagdProduct', function () {
    const b = kopie<Bericht315>('WMO315', true);
    const p = b.client.aangevraagdeProducten[0];
    const omvang = p.omvang!;
    delete p.omvang;
    expect(van('CD041', b)).to.deep.equal([`CD041 ${AP(1)}/Omvang`]);
    p.omvang = omvang;
    p.budget = 100n;
    expect(van('CD077', b)).to.deep.equal([`CD077 ${AP(1)}/Omvang`]);
    expect(van('CD078', b)).to.deep.equal([`CD078 ${AP(1)}/Budget`]);
    delete p.budget;
    delete p.product!.code;
    expect(van('CD095', b)).to.deep.equal([`CD095 ${AP(1)}/Omvang`]);
    p.product!.code = '02A03';
    omvang.eenheid = '16';
    omvang.frequentie = '1';
    expect(van('CS343', b)).to.deep.equal([`CS343 ${AP(1)}/Omvang/Frequentie`]);
    omvang.frequentie = '6';
    expect(van('CS343', b)).to.deep.equal([]);
  });

  it('CD043: BeschikkingIngangsdatum exactly with a BeschikkingNummer', function () {
    const b = kopie<Bericht315>('JW315', true);
    const p = b.client.aangevraagdeProducten[0];
    delete p.beschikkingIngangsdatum;
    expect(van('CD043', b)).to.deep.equal([`CD043 ${AP(1)}/BeschikkingIngangsdatum`]);
    delete p.beschikkingNummer;
    expect(van('CD043', b)).to.deep.equal([]);
    p.beschikkingIngangsdatum = d('2026-05-01');
    expect(van('CD043', b)).to.deep.equal([`CD043 ${AP(1)}/BeschikkingIngangsdatum`]);
  });

  it('CD066/CD067/CD068: the Verwijzer of type 02–05 has an AGB code or a name, other types no AGB code', function () {
    const b = kopie<Bericht315>('JW315', true);
    const v = b.client.aangevraagdeProducten[0].verwijzer;
    v.naam = 'Huisarts';
    expect(van('CD066', b)).to.deep.equal([`CD066 ${AP(1)}/Verwijzer/Naam`]);
    delete v.zorgverlenerCode;
    expect(van('CD066', b)).to.deep.equal([]);
    delete v.naam;
    expect(van('CD067', b)).to.deep.equal([`CD067 ${AP(1)}/Verwijzer/Naam`]);
    v.type = '06';
    expect(van('CD067', b)).to.deep.equal([]);
    v.zorgverlenerCode = '01234567';
    expect(van('CD068', b)).to.deep.equal([`CD068 ${AP(1)}/Verwijzer/ZorgverlenerCode`]);
    v.type = '05';
    expect(van('CD068', b)).to.deep.equal([]);
  });
});

describe('CD/CS rules of the verzoek om wijziging (317)', function () {
  it('NieuwProduct: CD079, CD075, CD076, CS003, CD041, CD077, CD078, CD096 and CS338', function () {
    const b = kopie<Bericht317>('JW317', true);
    const [n, budget] = b.client.verzoek.nieuweProducten!;
    expect(regels(b)).to.deep.equal([]);
    delete n.product;
    expect(van('CD079', b)).to.deep.equal([`CD079 ${NP(1)}/Product`]);
    n.product = { categorie: '45', code: '45A03' };
    delete budget.einddatum;
    expect(van('CD075', b)).to.deep.equal([`CD075 ${NP(2)}/Einddatum`]);
    delete n.einddatum;
    expect(van('CD076', b)).to.deep.equal([`CD076 ${NP(1)}/Einddatum`]);
    n.einddatum = d('2026-05-31');
    expect(van('CS003', b)).to.deep.equal([`CS003 ${NP(1)}/Einddatum`]);
    n.einddatum = d('2026-12-31');
    const omvang = n.omvang!;
    delete n.omvang;
    expect(van('CD041', b)).to.deep.equal([`CD041 ${NP(1)}/Omvang`]);
    n.omvang = omvang;
    n.budget = 5n;
    expect([...van('CD077', b), ...van('CD078', b)]).to.deep.equal([`CD077 ${NP(1)}/Omvang`, `CD078 ${NP(1)}/Budget`]);
    delete n.budget;
    delete n.product.code;
    expect(van('CD096', b)).to.deep.equal([`CD096 ${NP(1)}/Omvang`]);
    n.product.code = '45A03';
    omvang.eenheid = '84';
    omvang.frequentie = '1';
    expect(van('CS338', b)).to.deep.equal([`CS338 ${NP(1)}/Omvang/Frequentie`]);
  });

  it('TeWijzigenProduct: CD075, CD076, CS003, CD077, CD078 and CS338, but no product rules (its product is the toewijzing\'s)', function () {
    const b = kopie<Bericht317>('WMO317', true);
    const [t, budget] = b.client.verzoek.teWijzigenProducten!;
    delete budget.einddatum;
    delete t.einddatum;
    expect([...van('CD075', b), ...van('CD076', b)]).to.deep.equal([`CD075 ${TW(2)}/Einddatum`, `CD076 ${TW(1)}/Einddatum`]);
    t.einddatum = d('2026-05-31');
    budget.einddatum = d('2026-12-31');
    expect(van('CS003', b)).to.deep.equal([`CS003 ${TW(1)}/Einddatum`]);
    t.einddatum = d('2026-12-31');
    t.budget = 9n;
    expect([...van('CD077', b), ...van('CD078', b)]).to.deep.equal([`CD077 ${TW(1)}/Omvang`, `CD078 ${TW(1)}/Budget`]);
    delete t.budget;
    t.omvang!.eenheid = '14';
    t.omvang!.frequentie = '1';
    expect(van('CS338', b)).to.deep.equal([`CS338 ${TW(1)}/Omvang/Frequentie`]);
    delete t.omvang;
    // No Product in the class: neither CD041 (Omvang required) nor CD079 (Product required) applies.
    expect(regels(b)).to.deep.equal([]);
  });
});

describe('CD rules of the antwoordbericht (319)', function () {
  it('CD085/CD086: RedenAfwijzingVerzoek with a rejection, not while the aanvraag is in onderzoek (iJw and iWmo)', function () {
    for (const type of ['JW319', 'WMO319'] as const) {
      const b = kopie<Bericht319>(type, false);
      expect(b.antwoord.verzoekAntwoord).to.equal('2');
      expect(van('CD086', b), type).to.deep.equal([]);
      b.antwoord.redenAfwijzingVerzoek = '3';
      expect(van('CD086', b), type).to.deep.equal(['CD086 /Bericht/Antwoord/RedenAfwijzingVerzoek']);
      b.antwoord.verzoekAntwoord = '1';
      expect(van('CD085', b), type).to.deep.equal([]);
      delete b.antwoord.redenAfwijzingVerzoek;
      expect(van('CD085', b), type).to.deep.equal(['CD085 /Bericht/Antwoord/RedenAfwijzingVerzoek']);
    }
  });
});

describe('CD/CS rules of the declaratie (323) and the declaratie-antwoord (325)', function () {
  const dec = (...p: Parameters<typeof prestatie>[]) => declaratie('JW323', [{ bsn: '999900006', prestaties: p.map((a) => prestatie(...a)) }]);

  it('CS100: DeclaratiePeriode and ProductPeriode not before 2021', function () {
    const b = dec(['RN1', { productPeriode: { begindatum: d('2020-12-01'), einddatum: d('2020-12-31') } }]);
    expect(van('CS100', b)).to.deep.equal([`CS100 ${PR(1, 1)}/ProductPeriode`]);
    b.declaratie.declaratiePeriode = { begindatum: d('2020-12-01'), einddatum: d('2020-12-31') };
    b.header.berichtIdentificatie.dagtekening = d('2021-01-05');
    b.declaratie.declaratieDagtekening = d('2021-01-05');
    expect(van('CS100', b)).to.deep.equal(['CS100 /Bericht/Declaratie/DeclaratiePeriode', `CS100 ${PR(1, 1)}/ProductPeriode`]);
    b.declaratie.declaratiePeriode = { begindatum: d('2021-01-01'), einddatum: d('2021-01-31') };
    b.declaratie.clienten[0].prestaties[0].productPeriode = { begindatum: d('2021-01-01'), einddatum: d('2021-01-04') };
    expect(van('CS100', b)).to.deep.equal([]);
  });

  it('CS340: the DeclaratiePeriode is one whole calendar month', function () {
    const b = dec(['RN1']);
    for (const [begin, eind, goed] of [
      ['2026-04-01', '2026-04-30', true], ['2026-04-02', '2026-04-30', false], ['2026-04-01', '2026-04-29', false], ['2026-03-01', '2026-04-30', false],
    ] as const) {
      b.declaratie.declaratiePeriode = { begindatum: d(begin), einddatum: d(eind) };
      expect(van('CS340', b), `${begin} ${eind}`).to.deep.equal(goed ? [] : ['CS340 /Bericht/Declaratie/DeclaratiePeriode']);
    }
    const feb = declaratie('WMO323', [{ bsn: '999900006', prestaties: [prestatie('RN1', { productCategorie: '02', productCode: '02A03', productPeriode: { begindatum: d('2028-02-01'), einddatum: d('2028-02-29') } })] }]);
    feb.declaratie.declaratiePeriode = { begindatum: d('2028-02-01'), einddatum: d('2028-02-29') };
    expect(van('CS340', feb)).to.deep.equal([]);
  });

  it('CS337: a ProductPeriode ends in the month it begins', function () {
    expect(van('CS337', dec(['RN1', { productPeriode: { begindatum: d('2026-04-01'), einddatum: d('2026-04-30') } }]))).to.deep.equal([]);
    expect(van('CS337', dec(['RN1', { productPeriode: { begindatum: d('2026-03-31'), einddatum: d('2026-04-01') } }]))).to.deep.equal([`CS337 ${PR(1, 1)}/ProductPeriode/Einddatum`]);
    expect(van('CS337', dec(['RN1', { productPeriode: { begindatum: d('2025-04-01'), einddatum: d('2026-04-01') } }]))).to.include(`CS337 ${PR(1, 1)}/ProductPeriode/Einddatum`);
  });

  it('CD060: VorigReferentieNummer exactly on a credit (323 and 325)', function () {
    expect(van('CD060', dec(['RN1', { productReferentie: { referentieNummer: 'RN1', vorigReferentieNummer: 'RN0' } }])))
      .to.deep.equal([`CD060 ${PR(1, 1)}/ProductReferentie/VorigReferentieNummer`]);
    expect(van('CD060', dec(['RN1', { ingediendBedrag: { bedrag: 5000n, debetCredit: 'C' } }])))
      .to.deep.equal([`CD060 ${PR(1, 1)}/ProductReferentie/VorigReferentieNummer`]);
    const a = kopie<Bericht325>('JW325', true);
    expect(van('CD060', a)).to.deep.equal([]);
    delete a.declaratieAntwoord!.clienten![0].prestaties[0].productReferentie.vorigReferentieNummer;
    expect(van('CD060', a)).to.deep.equal([`CD060 ${APR(1, 1)}/ProductReferentie/VorigReferentieNummer`]);
  });

  it('CD087: ProductTarief unless the eenheid is 83 (euro\'s); CS339: in euro\'s IngediendBedrag is GeleverdVolume', function () {
    const { productTarief: _t, ...zonderTarief } = prestatie('RN1');
    const b = declaratie('JW323', [{ bsn: '999900006', prestaties: [zonderTarief] }]);
    expect(van('CD087', b)).to.deep.equal([`CD087 ${PR(1, 1)}/ProductTarief`]);
    b.declaratie.clienten[0].prestaties[0] = { ...zonderTarief, eenheid: '83', geleverdVolume: 5000 };
    expect([...van('CD087', b), ...van('CS339', b)]).to.deep.equal([]);
    b.declaratie.clienten[0].prestaties[0] = { ...zonderTarief, eenheid: '83', geleverdVolume: 4999 };
    expect(van('CS339', b)).to.deep.equal([`CS339 ${PR(1, 1)}/IngediendBedrag`]);
    b.declaratie.clienten[0].prestaties[0] = { ...zonderTarief, eenheid: '83', geleverdVolume: 5000, productTarief: 1n };
    expect(van('CD087', b)).to.deep.equal([`CD087 ${PR(1, 1)}/ProductTarief`]);
  });

  it('CS325: an amount of 0 is debet (TotaalIngediendBedrag, IngediendBedrag; in a 325 also TotaalToegekendBedrag)', function () {
    const b = dec(['RN1', { productTarief: 0n, ingediendBedrag: { bedrag: 0n, debetCredit: 'D' } }]);
    expect(van('CS325', b)).to.deep.equal([]);
    b.declaratie.clienten[0].prestaties[0].ingediendBedrag.debetCredit = 'C';
    b.declaratie.clienten[0].prestaties[0].productReferentie.vorigReferentieNummer = 'RN0';
    b.declaratie.totaalIngediendBedrag.debetCredit = 'C';
    expect(van('CS325', b)).to.deep.equal(['CS325 /Bericht/Declaratie/TotaalIngediendBedrag/DebetCredit', `CS325 ${PR(1, 1)}/IngediendBedrag/DebetCredit`]);
    const a = kopie<Bericht325>('JW325', true);
    expect(van('CS325', a)).to.deep.equal([]);
    a.declaratieAntwoord!.totaalIngediendBedrag.debetCredit = 'C';
    a.declaratieAntwoord!.totaalToegekendBedrag = { totaalBedrag: 0n, debetCredit: 'C' };
    expect(van('CS325', a)).to.deep.equal([
      'CS325 /Bericht/DeclaratieAntwoord/TotaalIngediendBedrag/DebetCredit', 'CS325 /Bericht/DeclaratieAntwoord/TotaalToegekendBedrag/DebetCredit',
    ]);
  });

  it('CS015/CS025/CS319: BerichtVersie 3, BerichtSubversie 2 and an aaneengesloten DeclaratieNummer are the XSD patterns, reported under their rule', async function () {
    const xml = serialiseer(dec(['RN1']));
    const fout = async (van: RegExp, naar: string) => (await checkBericht(xml.replace(van, naar))).meldingen.map((m) => `${m.regel} ${m.pad}`);
    expect((await checkBericht(xml)).meldingen).to.deep.equal([]);
    expect(await fout(/BerichtVersie>3</, 'BerichtVersie>4<')).to.deep.equal(['CS025 /Bericht/Header/BerichtVersie']);
    expect(await fout(/BerichtSubversie>2</, 'BerichtSubversie>1<')).to.deep.equal(['CS015 /Bericht/Header/BerichtSubversie']);
    expect(await fout(/DeclaratieNummer>DN001</, 'DeclaratieNummer>DN-001<')).to.deep.equal(['CS319 /Bericht/Declaratie/DeclaratieNummer']);
    const wmo = serialiseer(voorbeeldBericht('WMO319', true)).replace(/BerichtVersie>3</, 'BerichtVersie>2<');
    expect((await checkBericht(wmo)).meldingen.map((m) => m.regel)).to.deep.equal(['CS025']);
  });
});

describe('TR135: the Dagtekening against the processing date', function () {
  it('refuses a Dagtekening after the processing date with 8848, in every heenbericht and the 325, and not in a retour', async function () {
    for (const type of ['JW301', 'WMO305', 'JW307', 'JW315', 'WMO317', 'JW319', 'JW323', 'WMO325'] as const) {
      const b = voorbeeldBericht(type, false);
      expect(regels(b, { verwerkingsdatum: d('2026-05-06') }), type).to.deep.equal([]);
      expect(regels(b, { verwerkingsdatum: d('2026-05-05') }), type).to.deep.equal(['TR135 /Bericht/Header/BerichtIdentificatie/Dagtekening']);
    }
    expect(regels(voorbeeldBericht('JW306', true), { verwerkingsdatum: d('2026-01-01') })).to.deep.equal([]);
    const r = await checkBericht(serialiseer(voorbeeldBericht('JW305', true)), 'x.xml', { verwerkingsdatum: d('2026-05-01') });
    expect(r).to.include({ schema: 'ok', geldig: false });
    expect(r.retourcodes).to.deep.equal(['8848']);
    expect(r.meldingen).to.deep.equal([{ pad: '/Bericht/Header/BerichtIdentificatie/Dagtekening', regel: 'TR135', tekst: 'Dagtekening 2026-05-06 ligt na de verwerkingsdatum 2026-05-01' }]);
  });

  it('refuses a Dagtekening that does not exist with 8848 besides the schema error', async function () {
    const xml = serialiseer(voorbeeldBericht('JW305', true)).replace('>2026-05-06<', '>2026-02-30<');
    const r = await checkBericht(xml, 'x.xml', { verwerkingsdatum: d('2026-05-10') });
    expect(r).to.include({ schema: 'fout', geldig: false });
    expect(r.retourcodes).to.deep.equal(['0001', '8848']);
    expect(r.meldingen.map((m) => m.regel)).to.deep.equal(['XSD', 'TR135']);
  });
});

describe('TR corrections', function () {
  it('TR319: rejects a ProductPeriode after the DeclaratiePeriode with 9319, accepts an earlier one', function () {
    const b = declaratie('JW323', [{ bsn: '999900006', prestaties: [
      prestatie('RN1', { productPeriode: { begindatum: d('2026-03-01'), einddatum: d('2026-03-31') } }),
      prestatie('RN2', { productPeriode: { begindatum: d('2026-05-01'), einddatum: d('2026-05-05') } }),
    ] }]);
    expect(regels(b)).to.deep.equal([`TR319 ${PR(1, 2)}/ProductPeriode`]);
    expect(IN_BERICHT_REGELS.TR319.retourcode).to.equal('9319');
  });

  it('TR316: rejects a credit whose VorigReferentieNummer is its own ReferentieNummer', function () {
    const b = declaratie('JW323', [{ bsn: '999900006', prestaties: [
      prestatie('RN7', { productReferentie: { referentieNummer: 'RN7', vorigReferentieNummer: 'RN7' }, ingediendBedrag: { bedrag: 5000n, debetCredit: 'C' } }),
    ] }]);
    expect(regels(b)).to.deep.equal([`TR316 ${PR(1, 1)}`]);
  });

  it('TR101: a Contact is keyed by its Soort, a StopProduct also by RedenBeeindiging and Einddatum', function () {
    const b = kopie<Bericht301>('JW301', true);
    b.client.contactgegevens[1].soort = '01';
    delete b.client.contactgegevens[1].periode;
    expect(regels(b)).to.deep.equal([`TR101 ${CONTACT(2)}`]);
    const s = kopie<Bericht307>('JW307', true);
    s.client.stopProducten.push({ ...s.client.stopProducten[0], redenBeeindiging: '20' });
    expect(regels(s)).to.deep.equal([]);
    s.client.stopProducten[1].redenBeeindiging = '02';
    expect(regels(s)).to.deep.equal(['TR101 /Bericht/Client/StopProducten/StopProduct[2]']);
    s.client.stopProducten[1].einddatum = d('2026-03-31');
    expect(regels(s)).to.deep.equal([]);
  });
});

describe('the official examples: the rules each one violates', function () {
  // Only these examples break a rule; JW315 and JW318 are the schema-invalid ones (README).
  const VERWACHT: Record<string, string[]> = {
    JW315: [
      'XSD /Bericht/Client/AangevraagdeProducten/AangevraagdProduct[1]/ToewijzingEinddatum',
      'XSD /Bericht/Client/AangevraagdeProducten/AangevraagdProduct[2]/ToewijzingEinddatum',
    ],
    // A NieuwProduct ending (2024-02-28) before its GewensteIngangsdatum (2026-11-01).
    JW317: ['CS003 /Bericht/Client/Verzoek/NieuweProducten/NieuwProduct[1]/Einddatum'],
    JW318: ['XSD /Bericht/Client/Verzoek/RetourCode'],
    // RN004 twice for the second client.
    JW323: ['TR101 /Bericht/Declaratie/Clienten/Client[2]/Prestaties/Prestatie[3]'],
    // A NieuwProduct asked from the dagtekening itself, not after it.
    WMO317: ['TR380 /Bericht/Client/Verzoek/NieuweProducten/NieuwProduct[1]/GewensteIngangsdatum'],
  };

  it('gives every official example its findings from plafond check', async function () {
    vereisReferentie(this);
    const { readdirSync } = await import('node:fs');
    const gevonden: Record<string, string[]> = {};
    let aantal = 0;
    for (const map of ['ijw-3.2/voorbeelden', 'iwmo-3.2/voorbeelden']) {
      for (const f of readdirSync(join(ISTANDAARDEN_DIR, map)).filter((x) => x.endsWith('.xml')).sort()) {
        const r = await checkBericht(readFileSync(join(ISTANDAARDEN_DIR, map, f)), f, { verwerkingsdatum: d('2026-12-01') });
        aantal++;
        if (r.meldingen.length) gevonden[f.replace('.xml', '')] = r.meldingen.map((m) => `${m.regel} ${m.pad}`);
      }
    }
    expect(aantal).to.equal(28);
    expect(gevonden).to.deep.equal(VERWACHT);
  });
});
