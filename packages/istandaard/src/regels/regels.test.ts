import type { Datum, Melding } from '@plafond/core';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  Bericht, Bericht301, Bericht305, Bericht307, Bericht315, Bericht317, Bericht319, Bericht325, Prestatie,
} from '../model/berichten';
import { boom, ISTANDAARDEN_DIR, vereisReferentie } from '../model/testhulp';
import { declaratie, prestatie, voorbeeldBericht } from '../model/testmodellen';
import { serialiseer } from '../serialize/schrijf';
import { kind, type XmlElement } from '../xml/node';
import { controleerBericht, inBerichtControle } from './controle';
import { IN_BERICHT_REGELS, RETOURCODES } from './referentie';

const d = (s: string) => s as Datum;
const kopie = <T>(b: T): T => structuredClone(b);

/** Runs the tree path the way the parser does: 323/325 clients streamed to record() and detached. */
function viaBoom(bericht: Bericht): Melding[] {
  const root = boom(serialiseer(bericht));
  const controle = inBerichtControle(bericht.type);
  const blok = kind(root, 'Declaratie') ?? kind(root, 'DeclaratieAntwoord');
  const clienten = blok && kind(blok, 'Clienten');
  if (clienten) {
    for (const c of clienten.kinderen) controle.record(c);
    clienten.kinderen = [];
  }
  return controle.einde(root);
}

/** Findings of a message; the model path and the streamed tree path must agree. */
function meldingen(bericht: Bericht): Melding[] {
  const uitModel = controleerBericht(bericht);
  expect(viaBoom(bericht), 'boom- en modelpad').to.deep.equal(uitModel);
  return uitModel;
}

function regels(bericht: Bericht): string[] {
  return meldingen(bericht).map((m) => `${m.regel} ${m.pad}`);
}

const TP = (i: number) => `/Bericht/Client/ToegewezenProducten/ToegewezenProduct[${i}]`;
const PR = (c: number, p: number) => `/Bericht/Declaratie/Clienten/Client[${c}]/Prestaties/Prestatie[${p}]`;

describe('in-message rules: every representative message passes', function () {
  for (const type of ['JW301', 'WMO301', 'JW302', 'JW305', 'WMO305', 'JW306', 'JW307', 'WMO307', 'JW308', 'JW315', 'WMO315', 'JW316',
    'JW317', 'WMO317', 'JW318', 'JW319', 'WMO319', 'JW320', 'JW323', 'WMO323', 'JW325', 'WMO325'] as const) {
    it(`finds nothing in a conforming ${type}`, function () {
      for (const vol of [true, false]) expect(meldingen(voorbeeldBericht(type, vol)), `${type} vol=${vol}`).to.deep.equal([]);
    });
  }
});

describe('in-message rules: each rule rejects its class with 0001', function () {
  it('CS002: rejects a client whose Bsn fails the elfproef', function () {
    const b = kopie(voorbeeldBericht('JW305', true)) as Bericht305;
    b.client.bsn = '999900007';
    expect(meldingen(b)).to.deep.equal([{ pad: '/Bericht/Client/Bsn', regel: 'CS002', tekst: 'Bsn voldoet niet aan de elfproef', retourcode: '0001' }]);
    const dec = declaratie('JW323', [{ bsn: '123456789', prestaties: [prestatie('RN1')] }]);
    expect(regels(dec)).to.deep.equal(['CS002 /Bericht/Declaratie/Clienten/Client[1]/Bsn']);
  });

  it('TR002: rejects a birth date more than 120 years before the dagtekening unless it marks "unknown"', function () {
    const b = kopie(voorbeeldBericht('JW315', true)) as Bericht315;
    b.client.geboortedatum = { datum: d('1906-05-06') };
    expect(regels(b)).to.deep.equal([]);
    b.client.geboortedatum = { datum: d('1906-05-05') };
    expect(regels(b)).to.deep.equal(['TR002 /Bericht/Client']);
    b.client.geboortedatum = { datum: d('1900-01-01'), datumGebruik: '3' };
    expect(regels(b)).to.deep.equal([]);
    const t = kopie(voorbeeldBericht('JW301', true)) as Bericht301;
    t.client.relaties![0].geboortedatum = { datum: d('1900-01-01'), datumGebruik: '1' };
    expect(regels(t)).to.deep.equal(['TR002 /Bericht/Client/Relaties/Relatie[1]']);
  });

  it('TR006: rejects a contact with neither telefoon nor huisnummer with postcode', function () {
    const b = kopie(voorbeeldBericht('JW301', false)) as Bericht301;
    b.client.contactgegevens.push({ soort: '04', adres: { huis: { huisnummer: 3 } } }, { soort: '02', telefoon: { telefoon01: { telefoonnummer: '0751', landnummer: '0031' } } });
    expect(regels(b)).to.deep.equal(['TR006 /Bericht/Client/Contactgegevens/Contact[2]']);
    const r = kopie(voorbeeldBericht('WMO301', true)) as Bericht301;
    r.client.relaties![1].contact = { soort: '01', adres: { postcode: 'B-1000', landCode: 'BE' } };
    expect(regels(r)).to.deep.equal(['TR006 /Bericht/Client/Relaties/Relatie[2]/Contact']);
  });

  it('TR018: rejects a stop or ProductPeriode ending before it begins', function () {
    const b = kopie(voorbeeldBericht('JW307', true)) as Bericht307;
    b.client.stopProducten[0].einddatum = d('2026-02-03');
    expect(regels(b)).to.deep.equal([]);
    b.client.stopProducten[0].einddatum = d('2026-02-02');
    expect(regels(b)).to.deep.equal(['TR018 /Bericht/Client/StopProducten/StopProduct[1]']);
    // In a 323 TR018 is the DeclaratiePeriode's rule; a ProductPeriode ending before it begins is TR137.
    const dec = declaratie('JW323', [{ bsn: '999900006', prestaties: [prestatie('RN1', { productPeriode: { begindatum: d('2026-03-10'), einddatum: d('2026-03-31') } })] }]);
    dec.declaratie.declaratiePeriode = { begindatum: d('2026-04-01'), einddatum: d('2026-03-31') };
    expect(regels(dec)).to.include('TR018 /Bericht/Declaratie');
  });

  it('TR061: rejects a client without an address of soort 01, 02 or 03', function () {
    const b = kopie(voorbeeldBericht('JW301', false)) as Bericht301;
    b.client.contactgegevens[0].soort = '03';
    expect(regels(b)).to.deep.equal([]);
    b.client.contactgegevens[0].soort = '04';
    expect(regels(b)).to.deep.equal(['TR061 /Bericht/Client']);
  });

  describe('TR101 (duplicate logical keys)', function () {
    it('rejects a second ToegewezenProduct with the same ToewijzingNummer', function () {
      const b = kopie(voorbeeldBericht('JW301', false)) as Bericht301;
      const tp = b.client.toegewezenProducten[0];
      b.client.toegewezenProducten.push({ ...tp, toewijzingNummer: 2, product: { categorie: '44' } });
      expect(regels(b)).to.deep.equal([]);
      b.client.toegewezenProducten[1].toewijzingNummer = tp.toewijzingNummer;
      expect(regels(b)).to.deep.equal([`TR101 ${TP(2)}`]);
    });

    it('rejects duplicate start and stop lines and duplicate VOT/VOW products', function () {
      const s = kopie(voorbeeldBericht('JW305', true)) as Bericht305;
      s.client.startProducten.push({ ...s.client.startProducten[0], begindatum: d('2026-02-04') });
      expect(regels(s)).to.deep.equal([]);
      s.client.startProducten[1].begindatum = s.client.startProducten[0].begindatum;
      expect(regels(s)).to.deep.equal(['TR101 /Bericht/Client/StartProducten/StartProduct[2]']);
      const e = kopie(voorbeeldBericht('WMO307', true)) as Bericht307;
      e.client.stopProducten.push(e.client.stopProducten[0]);
      expect(regels(e)).to.deep.equal(['TR101 /Bericht/Client/StopProducten/StopProduct[2]']);
      const w = kopie(voorbeeldBericht('JW317', true)) as Bericht317;
      w.client.verzoek.ongewijzigdeProducten!.push({ toewijzingNummer: 10073 });
      expect(regels(w)).to.deep.equal(['TR101 /Bericht/Client/Verzoek/OngewijzigdeProducten/OngewijzigdProduct[2]']);
    });

    it('rejects the repeated RN004 of the official JW323 example but not the same RN for another client', function () {
      vereisReferentie(this);
      const root = boom(readFileSync(join(ISTANDAARDEN_DIR, 'ijw-3.2/voorbeelden/JW323.xml'), 'utf8'));
      const m = inBerichtControle('JW323').einde(root);
      expect(m.map((x) => `${x.regel} ${x.pad}`)).to.deep.equal([`TR101 ${PR(2, 3)}`]);
      const dec = declaratie('JW323', [
        { bsn: '999900006', prestaties: [prestatie('RN1')] },
        { bsn: '999900018', prestaties: [prestatie('RN1', { toewijzingNummer: 5 })] },
      ]);
      expect(regels(dec)).to.deep.equal([]);
    });

    it('rejects a client (Bsn) that occurs twice in a declaratie', function () {
      const dec = declaratie('WMO323', [
        { bsn: '999900006', prestaties: [prestatie('RN1', { productCategorie: '02', productCode: '02A01' })] },
        { bsn: '999900006', prestaties: [prestatie('RN2', { productCategorie: '02', productCode: '02A02' })] },
      ]);
      expect(regels(dec)).to.deep.equal(['TR101 /Bericht/Declaratie/Clienten/Client[2]']);
    });
  });

  it('TR134: rejects dates after the dagtekening of the message', function () {
    const b = kopie(voorbeeldBericht('JW305', true)) as Bericht305;
    b.client.startProducten[0].begindatum = d('2026-05-06');
    expect(regels(b)).to.deep.equal([]);
    b.client.startProducten[0].begindatum = d('2026-05-07');
    expect(regels(b)).to.deep.equal(['TR134 /Bericht/Client/StartProducten/StartProduct[1]']);
    const t = kopie(voorbeeldBericht('JW301', false)) as Bericht301;
    t.client.toegewezenProducten[0].toewijzingsdatum = d('2026-06-01');
    expect(regels(t)).to.deep.equal([`TR134 ${TP(1)}`]);
    const dec = declaratie('JW323', [{ bsn: '999900006', prestaties: [prestatie('RN1', { productPeriode: { begindatum: d('2026-05-07'), einddatum: d('2026-05-07') } })] }]);
    expect(regels(dec)).to.include(`TR134 ${PR(1, 1)}/ProductPeriode/Begindatum`);
    const s = kopie(voorbeeldBericht('JW307', true)) as Bericht307;
    s.client.stopProducten[0].einddatum = d('2026-05-07');
    expect(regels(s)).to.deep.equal(['TR134 /Bericht/Client/StopProducten/StopProduct[1]']);
  });

  it('TR137: rejects a ProductPeriode ending after the dagtekening or before its begin, in a 323 and a 325', function () {
    const dec = declaratie('JW323', [{ bsn: '999900006', prestaties: [prestatie('RN1', { productPeriode: { begindatum: d('2026-05-01'), einddatum: d('2026-05-06') } })] }]);
    dec.declaratie.declaratiePeriode = { begindatum: d('2026-05-01'), einddatum: d('2026-05-31') };
    const bijPeriode = () => regels(dec).filter((r) => r.includes('Prestatie'));
    expect(bijPeriode()).to.deep.equal([]);
    dec.declaratie.clienten[0].prestaties[0].productPeriode.einddatum = d('2026-05-07');
    expect(bijPeriode()).to.deep.equal([`TR137 ${PR(1, 1)}/ProductPeriode/Einddatum`]);
    dec.declaratie.clienten[0].prestaties[0].productPeriode = { begindatum: d('2026-05-04'), einddatum: d('2026-05-03') };
    expect(bijPeriode()).to.deep.equal([`TR137 ${PR(1, 1)}/ProductPeriode/Einddatum`]);
    const a = kopie(voorbeeldBericht('JW325', true)) as Bericht325;
    a.declaratieAntwoord!.clienten![0].prestaties[0].productPeriode = { begindatum: d('2026-04-10'), einddatum: d('2026-04-09') };
    expect(regels(a)).to.deep.equal(['TR137 /Bericht/DeclaratieAntwoord/Clienten/Client[1]/Prestaties/Prestatie[1]/ProductPeriode/Einddatum']);
  });

  it('TR302: rejects overlapping toewijzingen of the same product, ignoring removed ones (RedenWijziging 13)', function () {
    const b = kopie(voorbeeldBericht('JW301', false)) as Bericht301;
    const tp = b.client.toegewezenProducten[0];
    tp.einddatum = d('2026-06-30');
    b.client.toegewezenProducten.push({ ...tp, toewijzingNummer: 2, ingangsdatum: d('2026-07-01'), einddatum: undefined });
    delete b.client.toegewezenProducten[1].einddatum;
    expect(regels(b)).to.deep.equal([]);
    b.client.toegewezenProducten[1].ingangsdatum = d('2026-06-30');
    expect(regels(b)).to.deep.equal([`TR302 ${TP(2)}`]);
    b.client.toegewezenProducten[0].redenWijziging = '13';
    b.client.toegewezenProducten[0].einddatum = b.client.toegewezenProducten[0].ingangsdatum;
    expect(regels(b)).to.deep.equal([]);
    b.client.toegewezenProducten[0].redenWijziging = '02';
    b.client.toegewezenProducten[0].einddatum = d('2026-06-30');
    b.client.toegewezenProducten[1].product = { categorie: '44' };
    expect(regels(b)).to.deep.equal([]);
    delete b.client.toegewezenProducten[1].product;
    b.client.toegewezenProducten[1].budget = 1000n;
    b.client.toegewezenProducten[1].einddatum = d('2026-12-31');
    expect(regels(b)).to.deep.equal([`TR302 ${TP(2)}`]);
  });

  it('TR315: rejects a VorigReferentieNummer used twice in a declaratie', function () {
    const credit = (rn: string, vorig: string): Prestatie => prestatie(rn, { productReferentie: { referentieNummer: rn, vorigReferentieNummer: vorig }, ingediendBedrag: { bedrag: 5000n, debetCredit: 'C' } });
    const dec = declaratie('JW323', [{ bsn: '999900006', prestaties: [credit('RN2', 'RN0'), credit('RN3', 'RN1')] }]);
    expect(regels(dec)).to.deep.equal([]);
    dec.declaratie.clienten[0].prestaties[1].productReferentie.vorigReferentieNummer = 'RN0';
    expect(regels(dec)).to.deep.equal([`TR315 ${PR(1, 2)}`]);
  });

  it('TR316: rejects a credit of a debet prestatie from the same message, in either order', function () {
    const credit = prestatie('RN2', { productReferentie: { referentieNummer: 'RN2', vorigReferentieNummer: 'RN1' }, ingediendBedrag: { bedrag: 5000n, debetCredit: 'C' } });
    const dec = declaratie('JW323', [
      { bsn: '999900006', prestaties: [credit] },
      { bsn: '999900018', prestaties: [prestatie('RN9', { toewijzingNummer: 5 })] },
    ]);
    expect(regels(dec)).to.deep.equal([]);
    dec.declaratie.clienten[1].prestaties[0].productReferentie.referentieNummer = 'RN1';
    expect(regels(dec)).to.deep.equal([`TR316 ${PR(1, 1)}`]);
  });

  it('TR335: rejects a ProductPeriode ending more than 5 years before the DeclaratieDagtekening', function () {
    const oud = (eind: string) => prestatie('RN1', { productPeriode: { begindatum: d('2021-05-01'), einddatum: d(eind) } });
    expect(regels(declaratie('JW323', [{ bsn: '999900006', prestaties: [oud('2021-05-06')] }]))).to.deep.equal([]);
    expect(regels(declaratie('JW323', [{ bsn: '999900006', prestaties: [oud('2021-05-05')] }]))).to.deep.equal([`TR335 ${PR(1, 1)}/ProductPeriode/Einddatum`]);
  });

  it('TR342: rejects an answer that returns a granted prestatie, or prestaties or a grant after rejecting it whole', function () {
    const a = kopie(voorbeeldBericht('JW325', true)) as Bericht325;
    a.declaratieAntwoord!.clienten![0].prestaties[0].retourCodes = ['0200'];
    expect(regels(a)).to.deep.equal(['TR342 /Bericht/DeclaratieAntwoord/Clienten/Client[1]/Prestaties/Prestatie[1]']);
    const afgekeurd = kopie(voorbeeldBericht('JW325', true)) as Bericht325;
    afgekeurd.declaratieAntwoord!.retourCodes = ['0001'];
    delete afgekeurd.declaratieAntwoord!.clienten;
    afgekeurd.declaratieAntwoord!.totaalToegekendBedrag.totaalBedrag = 0n;
    expect(regels(afgekeurd)).to.deep.equal([]);
    afgekeurd.declaratieAntwoord!.totaalToegekendBedrag.totaalBedrag = 100n;
    expect(regels(afgekeurd)).to.deep.equal(['TR342 /Bericht/DeclaratieAntwoord']);
    const metPrestaties = kopie(voorbeeldBericht('JW325', true)) as Bericht325;
    metPrestaties.declaratieAntwoord!.retourCodes = ['0001'];
    metPrestaties.declaratieAntwoord!.totaalToegekendBedrag.totaalBedrag = 0n;
    expect(regels(metPrestaties)).to.deep.equal(['TR342 /Bericht/DeclaratieAntwoord']);
  });

  it('TR342: rejects an answer whose returned prestaties do not explain TotaalIngediendBedrag minus TotaalToegekendBedrag', function () {
    const a = kopie(voorbeeldBericht('JW325', true)) as Bericht325;
    expect(regels(a)).to.deep.equal([]);
    a.declaratieAntwoord!.totaalToegekendBedrag.totaalBedrag = 4000n;
    expect(meldingen(a)).to.deep.equal([{
      pad: '/Bericht/DeclaratieAntwoord', regel: 'TR342', retourcode: '0001',
      tekst: 'Som van de afgewezen prestaties (5000 C) is niet TotaalIngediendBedrag min TotaalToegekendBedrag (4000 C)',
    }]);
  });

  it('TR352/TR353: rejects a VOW without existing products to keep or change, or without anything to change', function () {
    const w = kopie(voorbeeldBericht('JW317', false)) as Bericht317;
    const te = w.client.verzoek.teWijzigenProducten!;
    delete w.client.verzoek.teWijzigenProducten;
    w.client.verzoek.ongewijzigdeProducten = [{ toewijzingNummer: 1 }];
    expect(regels(w)).to.deep.equal(['TR353 /Bericht/Client/Verzoek']);
    w.client.verzoek = { ...w.client.verzoek, nieuweProducten: [{ product: { categorie: '45' }, gewensteIngangsdatum: d('2026-06-01') }] };
    expect(regels(w)).to.deep.equal([]);
    delete w.client.verzoek.ongewijzigdeProducten;
    expect(regels(w)).to.deep.equal(['TR352 /Bericht/Client/Verzoek']);
    w.client.verzoek.teWijzigenProducten = te;
    expect(regels(w)).to.deep.equal([]);
  });

  it('TR358: rejects a TotaalIngediendBedrag that is not debet minus credit with its own sign', function () {
    const credit = prestatie('RN2', { productReferentie: { referentieNummer: 'RN2', vorigReferentieNummer: 'RN0' }, ingediendBedrag: { bedrag: 8000n, debetCredit: 'C' } });
    const dec = declaratie('JW323', [{ bsn: '999900006', prestaties: [prestatie('RN1'), credit] }]);
    expect(dec.declaratie.totaalIngediendBedrag).to.deep.equal({ totaalBedrag: 3000n, debetCredit: 'C' });
    expect(regels(dec)).to.deep.equal([]);
    dec.declaratie.totaalIngediendBedrag.debetCredit = 'D';
    expect(regels(dec)).to.deep.equal(['TR358 /Bericht/Declaratie']);
    dec.declaratie.totaalIngediendBedrag = { totaalBedrag: 13000n, debetCredit: 'D' };
    expect(regels(dec)).to.deep.equal(['TR358 /Bericht/Declaratie']);
  });

  it('TR377/TR409: Woonplaatsbeginsel present exactly when RedenAfwijzingVerzoek is 8 (iJw)', function () {
    const a = kopie(voorbeeldBericht('JW319', true)) as Bericht319;
    expect(regels(a)).to.deep.equal([]);
    delete a.antwoord.woonplaatsbeginsel;
    expect(regels(a)).to.deep.equal(['TR377 /Bericht/Antwoord']);
    a.antwoord.redenAfwijzingVerzoek = '3';
    expect(regels(a)).to.deep.equal([]);
    a.antwoord.woonplaatsbeginsel = { gemeente: '0479' };
    expect(regels(a)).to.deep.equal(['TR409 /Bericht/Antwoord']);
  });

  it('TR380: rejects a NieuwProduct whose GewensteIngangsdatum does not lie after the dagtekening of the VOW', function () {
    const w = kopie(voorbeeldBericht('JW317', true)) as Bericht317;
    w.client.verzoek.nieuweProducten![0].gewensteIngangsdatum = d('2026-05-07');
    // A TeWijzigenProduct may start in the past at the original Ingangsdatum (TR357): not TR380's.
    w.client.verzoek.teWijzigenProducten![0].gewensteIngangsdatum = d('2026-01-01');
    expect(regels(w)).to.deep.equal([]);
    w.client.verzoek.nieuweProducten![0].gewensteIngangsdatum = d('2026-05-06');
    expect(regels(w)).to.deep.equal(['TR380 /Bericht/Client/Verzoek/NieuweProducten/NieuwProduct[1]/GewensteIngangsdatum']);
  });

  it('TR383/TR386: rejects a repeated ReferentieAanbieder and overlapping requests for the same product in a VOT', function () {
    const v = kopie(voorbeeldBericht('JW315', true)) as Bericht315;
    const p = v.client.aangevraagdeProducten[0];
    v.client.aangevraagdeProducten.push({ ...p, referentieAanbieder: 'VOT-3', toewijzingIngangsdatum: d('2027-01-01'), toewijzingEinddatum: d('2027-06-30') });
    expect(regels(v)).to.deep.equal([]);
    v.client.aangevraagdeProducten[2].referentieAanbieder = 'VOT-1';
    // ReferentieAanbieder is also the logical key of the class (TR101).
    expect(regels(v)).to.deep.equal(['TR101 /Bericht/Client/AangevraagdeProducten/AangevraagdProduct[3]', 'TR383 /Bericht/Client/AangevraagdeProducten/AangevraagdProduct[3]']);
    v.client.aangevraagdeProducten[2].referentieAanbieder = 'VOT-3';
    v.client.aangevraagdeProducten[2].toewijzingIngangsdatum = d('2026-12-31');
    expect(regels(v)).to.deep.equal(['TR386 /Bericht/Client/AangevraagdeProducten/AangevraagdProduct[3]']);
  });

  it('TR410: rejects overlapping NieuwProducten for the same product in a VOW', function () {
    const w = kopie(voorbeeldBericht('WMO317', true)) as Bericht317;
    const n = w.client.verzoek.nieuweProducten![0];
    w.client.verzoek.nieuweProducten!.push({ ...n, gewensteIngangsdatum: d('2027-01-01'), einddatum: d('2027-03-31') });
    expect(regels(w)).to.deep.equal([]);
    w.client.verzoek.nieuweProducten![2].gewensteIngangsdatum = d('2026-12-01');
    expect(regels(w)).to.deep.equal(['TR410 /Bericht/Client/Verzoek/NieuweProducten/NieuwProduct[3]']);
  });

  it('TR416: rejects a second debet for the same period, product and toewijzing', function () {
    const dec = declaratie('JW323', [{ bsn: '999900006', prestaties: [prestatie('RN1'), prestatie('RN2', { productPeriode: { begindatum: d('2026-03-01'), einddatum: d('2026-03-31') } })] }]);
    expect(regels(dec)).to.deep.equal([]);
    dec.declaratie.clienten[0].prestaties[1].productPeriode = { begindatum: d('2026-04-01'), einddatum: d('2026-04-30') };
    expect(regels(dec)).to.deep.equal([`TR416 ${PR(1, 2)}`]);
  });
});

describe('in-message rules: streaming and reference data', function () {
  it('checks a streamed declaratie of many clients with findings in document order', function () {
    const clienten = Array.from({ length: 500 }, (_, i) => ({ bsn: '999900006', prestaties: [prestatie(`RN${i}`, { toewijzingNummer: i })] }));
    clienten[0].bsn = '999900018';
    const dec = declaratie('JW323', clienten);
    dec.declaratie.totaalIngediendBedrag.totaalBedrag += 1n;
    const m = meldingen(dec);
    expect(m[0]).to.include({ regel: 'TR358', pad: '/Bericht/Declaratie' });
    // Client 2 is the first with Bsn 999900006, so clients 3..500 repeat it.
    expect(m.slice(1).map((x) => `${x.regel} ${x.pad}`)).to.deep.equal(Array.from({ length: 498 }, (_, i) => `TR101 /Bericht/Declaratie/Clienten/Client[${i + 3}]`));
  });

  it('ignores a streamed record that cannot be mapped (the schema level rejects it)', function () {
    const controle = inBerichtControle('JW323');
    const kapot: XmlElement = { naam: 'Client', ns: '', kinderen: [{ naam: 'Bsn', ns: '', kinderen: [], tekst: '999900006', regel: 1 }, { naam: 'Prestaties', ns: '', kinderen: [{ naam: 'Prestatie', ns: '', kinderen: [], tekst: '', regel: 2 }], tekst: '', regel: 2 }], tekst: '', regel: 1 };
    expect(() => controle.record(kapot)).not.to.throw();
  });

  it('describes every retourcode of WJ001 and every in-message rule of technische-regels.csv', function () {
    vereisReferentie(this);
    const rc = readFileSync(join(ISTANDAARDEN_DIR, 'codelijsten/retourcodes-WJ001.csv'), 'utf8').trim().split('\n').slice(1);
    for (const regel of rc) {
      const [code, , betekenis] = regel.split(',');
      expect(RETOURCODES[code], code).to.equal(regel.split(',').slice(2).join(','));
      expect(betekenis).to.be.a('string');
    }
    const tr = readFileSync(join(ISTANDAARDEN_DIR, 'technische-regels.csv'), 'utf8').trim().split('\n').slice(1)
      .map((r) => r.split(',')).filter((r) => r[1] === 'bericht');
    expect(tr.length).to.equal(22);
    for (const [regel, , retourcode, berichten] of tr) {
      expect(IN_BERICHT_REGELS[regel], regel).to.include({ retourcode });
      expect(IN_BERICHT_REGELS[regel].berichten).to.deep.equal(berichten.split(' '));
    }
  });
});
