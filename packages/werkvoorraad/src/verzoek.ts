import { addDays, Conflict, NietGevonden, ValidatieFout, type Datum, type PlafondConfig } from '@plafond/core';
import {
  inTransactie, laatsteToewijzingsbericht, legVerzoekAntwoordVast, nieuwUitgaandId, schrijfAudit, toewijzingenVanClient, verstuurBericht,
  verzoekBesloten, verzoekVoorBesluit, volgendToewijzingNummer, type DataSource, type ToewijzingRij, type VerzoekVoorBesluit,
} from '@plafond/db';
import {
  serialiseer, type AangevraagdProduct, type Bericht301, type Bericht315, type Bericht317, type Bericht319, type Client301, type ToegewezenProduct,
} from '@plafond/istandaard';
import { EIGEN_XSD_VERSIE, leesBericht, verwerkNieuwBericht } from '@plafond/worker-berichten';

/** What the decisions need: the database and the processor's configuration. */
export interface WerkvoorraadDeps {
  dataSource: DataSource;
  config: Pick<PlafondConfig, 'pseudoniemSleutel' | 'lateTermijnMaanden'>;
}

/** Who decides, when (the dagtekening of what is sent) and why: every decision is in the audit trail with them. */
export interface Beslisser {
  door: string;
  reden: string;
  peildatum: Datum;
}

/** RedenWijziging 12: geïnitieerd door de aanbieder (na verzoek om wijziging). */
const REDEN_NA_VOW = '12';

function controleerBeslisser(b: Beslisser): void {
  const meldingen = [
    ...(!b.door?.trim() ? [{ pad: 'door', regel: 'AUDIT', tekst: 'wie beslist is verplicht' }] : []),
    ...(!b.reden?.trim() ? [{ pad: 'reden', regel: 'AUDIT', tekst: 'een reden is verplicht (de audit trail legt vast waarom)' }] : []),
  ];
  if (meldingen.length) throw new ValidatieFout('besluit onvolledig', meldingen);
}

async function openVerzoek(deps: WerkvoorraadDeps, id: string): Promise<VerzoekVoorBesluit> {
  const v = await verzoekVoorBesluit(deps.dataSource, id);
  if (!v) throw new NietGevonden(`verzoek ${id} bestaat niet`);
  if (v.status !== 'ontvangen' && v.status !== 'in_onderzoek') throw new Conflict(`verzoek ${id} is al beantwoord (${v.status})`);
  return v;
}

function nu(): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date());
}

/** The client's address for a first toewijzing: a VOT carries none, and a 301 needs one (or a telephone number). */
export interface ClientAdres {
  postcode: string;
  huisnummer: number;
}

/**
 * The client of the 301: the data of the client's last 301 when there is one, else what the VOT said with
 * the address the back office gives (from the gemeente's records).
 */
async function clientVoor301(deps: WerkvoorraadDeps, v: VerzoekVoorBesluit, bsn: string, vot: Bericht315 | null, adres?: ClientAdres): Promise<Omit<Client301, 'toegewezenProducten'>> {
  const eerder = await laatsteToewijzingsbericht(deps.dataSource, v.clientId);
  if (eerder) {
    const model = (await leesBericht(eerder)).model as Bericht301 | null;
    if (model) {
      const { toegewezenProducten: _p, ...client } = model.client;
      return client;
    }
  }
  if (!vot) throw new Conflict(`verzoek ${v.id}: geen eerdere toewijzing van de client om naam en adres uit over te nemen`);
  if (!adres) {
    throw new ValidatieFout(`verzoek ${v.id}: de client heeft nog geen toewijzing; geef het adres (postcode en huisnummer) mee voor de toewijzing`, [
      { pad: 'adres', regel: 'CONTACT', tekst: 'postcode en huisnummer van de client zijn nodig voor een eerste toewijzing' },
    ]);
  }
  const postcode = adres.postcode.replace(/\s+/g, '').toUpperCase();
  if (!/^[1-9]\d{3}[A-Z]{2}$/.test(postcode) || !Number.isInteger(adres.huisnummer) || adres.huisnummer < 1 || adres.huisnummer > 99999) {
    throw new ValidatieFout('adres ongeldig', [{ pad: 'adres', regel: 'CONTACT', tekst: 'postcode als 1234AB en een huisnummer van 1 tot 99999' }]);
  }
  const c = vot.client;
  return {
    bsn, geboortedatum: c.geboortedatum, geslacht: c.geslacht, naam: { ...c.naam, naamGebruik: '1' },
    // A Dutch postcode (checked above): CD rule of the regelrapport — LandCode is filled when Postcode is.
    contactgegevens: [{ soort: '01', adres: { huis: { huisnummer: adres.huisnummer }, postcode, landCode: 'NL' } }],
  } as Omit<Client301, 'toegewezenProducten'>;
}

function productVanVot(p: AangevraagdProduct, nummer: string, ref: string, peildatum: Datum): ToegewezenProduct {
  return {
    toewijzingNummer: Number(nummer), referentieAanbieder: ref, ...(p.product && { product: p.product }), toewijzingsdatum: peildatum, toewijzingstijd: nu(),
    ingangsdatum: p.toewijzingIngangsdatum, ...(p.toewijzingEinddatum && { einddatum: p.toewijzingEinddatum }),
    ...(p.omvang && { omvang: p.omvang }), ...(p.budget !== undefined && { budget: p.budget }),
  } as ToegewezenProduct;
}

function bestaandProduct(t: ToewijzingRij, wijzig: Partial<ToegewezenProduct>, peildatum: Datum): ToegewezenProduct {
  return {
    toewijzingNummer: Number(t.toewijzingNummer), ...(t.referentieAanbieder !== null && { referentieAanbieder: t.referentieAanbieder }),
    ...(t.productcategorie !== null && { product: { categorie: t.productcategorie, ...(t.productcode !== null && { code: t.productcode }) } }),
    toewijzingsdatum: peildatum, toewijzingstijd: nu(), ingangsdatum: t.ingangsdatum, ...(t.einddatum !== null && { einddatum: t.einddatum }),
    ...(t.omvang && { omvang: t.omvang }), ...(t.budget !== null && { budget: t.budget }), ...wijzig,
  } as ToegewezenProduct;
}

/**
 * The ToegewezenProducten honouring a VOW (TR379: each carries the VOW's ReferentieAanbieder): a product to
 * change keeps its number when only its einddatum or budget changes (a wijziging, RedenWijziging 12);
 * another volume ends it the day before the gewenste ingangsdatum and grants a new toewijzing from then
 * (a toewijzing may only change einddatum and budget, TR332). New products get new numbers.
 */
async function productenVanVow(deps: WerkvoorraadDeps, v: VerzoekVoorBesluit, vow: Bericht317, peildatum: Datum): Promise<ToegewezenProduct[]> {
  const verzoek = vow.client.verzoek;
  const ref = v.referentieAanbieder;
  const huidig = new Map((await toewijzingenVanClient(deps.dataSource, { gemeente: v.gemeente, domein: v.domein, aanbiederId: v.aanbiederId, bsn: vow.client.bsn }))
    .map((t) => [t.toewijzingNummer, t]));
  const uit: ToegewezenProduct[] = [];
  for (const w of verzoek.teWijzigenProducten ?? []) {
    const t = huidig.get(String(w.toewijzingNummer));
    if (!t) throw new Conflict(`verzoek ${v.id}: toewijzing ${w.toewijzingNummer} bestaat niet meer`);
    const omvangAnders = w.omvang !== undefined && (w.omvang.volume !== t.omvang?.volume || w.omvang.eenheid !== t.omvang?.eenheid || w.omvang.frequentie !== t.omvang?.frequentie);
    if (!omvangAnders) {
      uit.push(bestaandProduct(t, {
        referentieAanbieder: ref, redenWijziging: REDEN_NA_VOW,
        ...(w.einddatum !== undefined ? { einddatum: w.einddatum } : {}), ...(w.budget !== undefined ? { budget: w.budget } : {}),
      }, peildatum));
      continue;
    }
    const einde = addDays(w.gewensteIngangsdatum, -1);
    if (einde < t.ingangsdatum) throw new Conflict(`verzoek ${v.id}: gewenste ingangsdatum ${w.gewensteIngangsdatum} ligt niet na de ingangsdatum van toewijzing ${t.toewijzingNummer}`);
    uit.push(bestaandProduct(t, { referentieAanbieder: ref, redenWijziging: REDEN_NA_VOW, einddatum: einde }, peildatum));
    const nummer = await volgendToewijzingNummer(deps.dataSource);
    uit.push({
      ...bestaandProduct(t, {}, peildatum), toewijzingNummer: Number(nummer), referentieAanbieder: ref, ingangsdatum: w.gewensteIngangsdatum,
      omvang: w.omvang!, ...(w.einddatum !== undefined ? { einddatum: w.einddatum } : {}), ...(w.budget !== undefined ? { budget: w.budget } : {}),
    } as ToegewezenProduct);
  }
  for (const n of verzoek.nieuweProducten ?? []) {
    const nummer = await volgendToewijzingNummer(deps.dataSource);
    uit.push({
      toewijzingNummer: Number(nummer), referentieAanbieder: ref, ...(n.product && { product: n.product }), toewijzingsdatum: peildatum, toewijzingstijd: nu(),
      ingangsdatum: n.gewensteIngangsdatum, ...(n.einddatum && { einddatum: n.einddatum }), ...(n.omvang && { omvang: n.omvang }),
      ...(n.budget !== undefined && { budget: n.budget }),
    } as ToegewezenProduct);
  }
  if (!uit.length) throw new Conflict(`verzoek ${v.id} vraagt geen wijziging of nieuw product; wijs het af of laat het ongewijzigd`);
  return uit;
}

export interface VerzoekUitkomst {
  verzoekId: string;
  status: 'gehonoreerd' | 'afgewezen' | 'in_onderzoek';
  /** The message in the aanbieder's mailbox (the 301 copy, or the 319). */
  berichtId: string;
  berichttype: string;
  toewijzingNummers: string[];
}

/**
 * Honours a verzoek (315/317): a JW301/WMO301 from the gemeente, through the same pipeline as a toewijzing
 * from a gemeente's case system — registered in the toewijzingen and forwarded into the aanbieder's
 * mailbox, with the verzoek's ReferentieAanbieder (TR379). The decision is recorded, with who and why, in
 * the same transaction; a toewijzing the registry refuses undoes all of it.
 */
export async function kenVerzoekToe(deps: WerkvoorraadDeps, verzoekId: string, b: Beslisser, opties: { adres?: ClientAdres } = {}): Promise<VerzoekUitkomst> {
  controleerBeslisser(b);
  const v = await openVerzoek(deps, verzoekId);
  const gelezen = await leesBericht(v.inhoud);
  if (!gelezen.model) throw new Error(`verzoek ${v.id}: het opgeslagen bericht is niet leesbaar`);
  let producten: ToegewezenProduct[];
  let bsn: string;
  let vot: Bericht315 | null = null;
  if (v.soort === 'VOT') {
    vot = gelezen.model as Bericht315;
    bsn = vot.client.bsn;
    const aangevraagd = vot.client.aangevraagdeProducten.find((p) => p.referentieAanbieder === v.referentieAanbieder);
    if (!aangevraagd) throw new Error(`verzoek ${v.id}: AangevraagdProduct ${v.referentieAanbieder} niet in het bericht`);
    producten = [productVanVot(aangevraagd, await volgendToewijzingNummer(deps.dataSource), v.referentieAanbieder, b.peildatum)];
  } else {
    const vow = gelezen.model as Bericht317;
    bsn = vow.client.bsn;
    producten = await productenVanVow(deps, v, vow, b.peildatum);
  }
  const client = await clientVoor301(deps, v, bsn, vot, opties.adres);
  const id = await nieuwUitgaandId(deps.dataSource);
  const bericht: Bericht301 = {
    domein: v.domein, type: `${v.domein}301`,
    header: { afzender: v.gemeente, ontvanger: v.agbCode, berichtIdentificatie: { identificatie: id.identificatie, dagtekening: b.peildatum }, xsdVersie: EIGEN_XSD_VERSIE },
    client: { ...client, bsn, toegewezenProducten: producten },
  } as Bericht301;
  const inhoud = Buffer.from(serialiseer(bericht));
  const gelezen301 = await leesBericht(inhoud);
  if (!gelezen301.schemaGeldig || gelezen301.regelMeldingen.length) {
    const m = [...gelezen301.schemaMeldingen, ...gelezen301.regelMeldingen];
    throw new ValidatieFout(`de toewijzing voor verzoek ${v.id} is geen geldig ${bericht.type}: ${m.map((x) => `${x.pad}: ${x.tekst}`).join('; ')}`, m);
  }
  let uitkomst: VerzoekUitkomst | undefined;
  await verwerkNieuwBericht(
    { inhoud, bestandsnaam: `werkvoorraad-verzoek-${v.id}.xml`, correlationId: v.correlationId },
    gelezen301,
    { dataSource: deps.dataSource, config: deps.config, peildatum: b.peildatum },
    async (tx, u) => {
      if (u.status !== 'verwerkt' || !u.antwoordId) {
        throw new Conflict(`de toewijzing voor verzoek ${v.id} is geweigerd: ${u.meldingen.map((m) => `${m.retourcode ?? ''} ${m.tekst}`).join('; ')}`);
      }
      if (await verzoekBesloten(tx, v.id)) throw new Conflict(`verzoek ${v.id} is intussen al beantwoord`);
      await legVerzoekAntwoordVast(tx, v.id, { status: 'gehonoreerd', berichtId: u.antwoordId });
      const nummers = producten.map((p) => String(p.toewijzingNummer));
      await schrijfAudit(tx, {
        actor: b.door, action: 'verzoek.toekennen', entity: 'verzoek', entityId: v.id,
        details: { reden: b.reden, peildatum: b.peildatum, bericht: u.antwoordId, berichttype: bericht.type, toewijzingNummers: nummers, referentieAanbieder: v.referentieAanbieder },
      });
      uitkomst = { verzoekId: v.id, status: 'gehonoreerd', berichtId: u.antwoordId, berichttype: bericht.type, toewijzingNummers: nummers };
    },
  );
  return uitkomst!;
}

/** RedenAfwijzingVerzoek (WJ759) 1–9; 8 is Woonplaatsbeginsel. */
export const REDENEN_AFWIJZING = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
export type RedenAfwijzing = (typeof REDENEN_AFWIJZING)[number];
/** The meaning of each RedenAfwijzingVerzoek (code list WJ759), as the screens show it. */
export const REDEN_AFWIJZING_TEKST: Readonly<Record<RedenAfwijzing, string>> = {
  1: 'Geen wijziging maar nieuwe aanvraag', 2: 'Past niet binnen budget', 3: 'Geen contract', 4: 'Past niet binnen contract', 5: 'Andere gemeente',
  6: 'Stapeling', 7: 'Zorginhoudelijke afkeur', 8: 'Woonplaatsbeginsel', 9: 'Leeftijdsgrens is bereikt',
};

/**
 * Answers a verzoek with a JW319/WMO319 into the aanbieder's mailbox: refused (VerzoekAntwoord 1 with its
 * RedenAfwijzingVerzoek; in iJw reason 8 carries the Woonplaatsbeginsel class with the gemeente that is
 * responsible, TR377, and no other reason does, TR409; iWmo has no such class), or "in onderzoek"
 * (VerzoekAntwoord 2, only as the first answer: TR360/TR365; the final answer follows within 8 weeks).
 */
export async function beantwoordVerzoek(
  deps: WerkvoorraadDeps,
  verzoekId: string,
  antwoord: { soort: 'afwijzen'; reden: RedenAfwijzing; woonplaatsGemeente?: string } | { soort: 'onderzoek' },
  b: Beslisser,
): Promise<VerzoekUitkomst> {
  controleerBeslisser(b);
  const eerst = await openVerzoek(deps, verzoekId);
  if (antwoord.soort === 'afwijzen') {
    const meldingen = [];
    if (!REDENEN_AFWIJZING.includes(antwoord.reden)) meldingen.push({ pad: 'redenAfwijzing', regel: 'WJ759', tekst: `RedenAfwijzingVerzoek ${String(antwoord.reden)} bestaat niet (1 t/m 9)` });
    if (eerst.domein === 'JW' && antwoord.reden === '8' && !/^\d{4}$/.test(antwoord.woonplaatsGemeente ?? '')) {
      meldingen.push({ pad: 'woonplaatsGemeente', regel: 'TR377', tekst: 'bij reden 8 (Woonplaatsbeginsel) hoort de gemeentecode (4 cijfers) van de verantwoordelijke gemeente' });
    }
    if (antwoord.woonplaatsGemeente !== undefined && (eerst.domein !== 'JW' || antwoord.reden !== '8')) {
      meldingen.push({ pad: 'woonplaatsGemeente', regel: eerst.domein === 'JW' ? 'TR409' : 'WMO319', tekst: eerst.domein === 'JW' ? 'Woonplaatsbeginsel alleen bij reden 8' : 'iWmo kent geen Woonplaatsbeginsel' });
    }
    if (meldingen.length) throw new ValidatieFout('afwijzing onvolledig', meldingen);
  }
  return inTransactie(deps.dataSource, async (tx) => {
    const v = await verzoekVoorBesluit(tx, verzoekId);
    if (!v || (v.status !== 'ontvangen' && v.status !== 'in_onderzoek')) throw new Conflict(`verzoek ${verzoekId} is intussen al beantwoord`);
    if (antwoord.soort === 'onderzoek' && v.status === 'in_onderzoek') {
      throw new Conflict(`verzoek ${v.id} is al in onderzoek; "in onderzoek" mag maar één keer (TR360): ken toe of wijs af`);
    }
    const id = await nieuwUitgaandId(tx);
    const type = `${v.domein}319` as const;
    const bericht: Bericht319 = {
      domein: v.domein, type,
      header: { afzender: v.gemeente, ontvanger: v.agbCode, berichtIdentificatie: { identificatie: id.identificatie, dagtekening: b.peildatum }, xsdVersie: EIGEN_XSD_VERSIE },
      antwoord: antwoord.soort === 'onderzoek'
        ? { referentieAanbieder: v.referentieAanbieder, verzoekAntwoord: '2' }
        : {
          referentieAanbieder: v.referentieAanbieder, verzoekAntwoord: '1', redenAfwijzingVerzoek: antwoord.reden,
          ...(v.domein === 'JW' && antwoord.reden === '8' && { woonplaatsbeginsel: { gemeente: antwoord.woonplaatsGemeente! } }),
        },
    } as Bericht319;
    const xml = serialiseer(bericht);
    await verstuurBericht(tx, {
      id: id.id, inhoud: xml, aanbiederId: v.aanbiederId, correlationId: v.correlationId,
      kop: { berichttype: type, berichtcode: null, afzender: v.gemeente, ontvanger: v.agbCode, identificatie: id.identificatie, dagtekening: b.peildatum },
    }, v.berichtId);
    const status = antwoord.soort === 'onderzoek' ? 'in_onderzoek' : 'afgewezen';
    await legVerzoekAntwoordVast(tx, v.id, { status, berichtId: id.id });
    await schrijfAudit(tx, {
      actor: b.door, action: antwoord.soort === 'onderzoek' ? 'verzoek.onderzoek' : 'verzoek.afwijzen', entity: 'verzoek', entityId: v.id,
      details: {
        reden: b.reden, peildatum: b.peildatum, bericht: id.id, berichttype: type, referentieAanbieder: v.referentieAanbieder,
        ...(antwoord.soort === 'afwijzen' && { redenAfwijzingVerzoek: antwoord.reden, ...(antwoord.woonplaatsGemeente && { woonplaatsGemeente: antwoord.woonplaatsGemeente }) }),
      },
    });
    return { verzoekId: v.id, status, berichtId: id.id, berichttype: type, toewijzingNummers: [] };
  }, { slot: Number(eerst.agbCode) });
}

