/**
 * Test-only helpers for the handler tests: a fresh migrated database with one aanbieder, running a message
 * through the processor end to end, and typed sample messages (adapted from the istandaard package's test models).
 */
import { datum } from '@plafond/core';
import {
  mailboxBericht, maakTestDatabase, slaOntvangenBerichtOp, sqlRijen, upsertAanbieders, type DataSource, type TestDatabase,
} from '@plafond/db';
import {
  serialiseer, type Bericht, type Bericht301, type Bericht305, type Bericht307, type Bericht315, type Bericht317, type Client301, type Header,
  type StartProduct, type StopProduct, type ToegewezenProduct, type AangevraagdProduct, type Verzoek,
} from '@plafond/istandaard';
import { processBericht, type VerwerkUitkomst } from '@plafond/worker-berichten';

export const AGB = '12345678';
export const GEMEENTE = '0479';
export const PEILDATUM = datum('2026-05-10');
const CONFIG = { pseudoniemSleutel: 'x'.repeat(32), lateTermijnMaanden: 3 };
const d = (s: string) => datum(s);

export interface Verwerkt {
  u: VerwerkUitkomst;
  /** The answer (or forwarded copy) in the aanbieder's mailbox, as sent. */
  antwoord: string | null;
}

/** A fresh database with the aanbieder, and a way to run messages through the processor. */
export class Omgeving {
  private constructor(readonly db: TestDatabase, readonly aanbiederId: number) {}

  static async maak(): Promise<Omgeving> {
    const db = await maakTestDatabase();
    await upsertAanbieders(db.dataSource, [{ agbCode: AGB, naam: 'Zorg Test BV' }]);
    const [{ id }] = await sqlRijen<{ id: number }>(db.dataSource, `SELECT id FROM aanbieder WHERE agb_code = $1`, [AGB]);
    return new Omgeving(db, id);
  }

  get ds(): DataSource {
    return this.db.dataSource;
  }

  async verwerk(bericht: Bericht | string): Promise<Verwerkt> {
    const xml = typeof bericht === 'string' ? bericht : serialiseer(bericht);
    const b = await slaOntvangenBerichtOp(this.ds, { inhoud: Buffer.from(xml), bestandsnaam: 't.xml' });
    const u = await processBericht({ berichtId: b.id, correlationId: b.correlationId }, { dataSource: this.ds, config: CONFIG, peildatum: PEILDATUM });
    const antwoord = u.antwoordId ? (await mailboxBericht(this.ds, this.aanbiederId, u.antwoordId))!.toString('utf8') : null;
    return { u, antwoord };
  }

  async rijen<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return sqlRijen<R>(this.ds, sql, params);
  }

  drop(): Promise<void> {
    return this.db.drop();
  }
}

export function header(vanGemeente: boolean, identificatie: string, dagtekening = '2026-05-06'): Header {
  return {
    afzender: vanGemeente ? GEMEENTE : AGB,
    ontvanger: vanGemeente ? AGB : GEMEENTE,
    berichtIdentificatie: { identificatie, dagtekening: d(dagtekening) },
    xsdVersie: { basisschemaXsdVersie: '1.0.0', berichtXsdVersie: '1.0.0' },
  };
}

export function toegewezenProduct(nummer: number, opties: Partial<ToegewezenProduct> = {}): ToegewezenProduct {
  return {
    toewijzingNummer: nummer,
    product: { categorie: '45', code: '45A03' },
    toewijzingsdatum: d('2026-01-15'),
    toewijzingstijd: '10:15:00',
    ingangsdatum: d('2026-02-01'),
    einddatum: d('2026-12-31'),
    omvang: { volume: 4, eenheid: '04', frequentie: '2' },
    ...opties,
  };
}

export function client301(bsn: string, producten: ToegewezenProduct[]): Client301 {
  return {
    bsn,
    geboortedatum: { datum: d('2012-03-04') },
    geslacht: '1',
    naam: { geslachtsnaam: { achternaam: 'Jansen' }, voorletters: 'J', naamGebruik: '1' },
    contactgegevens: [{ soort: '01', adres: { huis: { huisnummer: 1 }, postcode: '1501AB', landCode: 'NL' } }],
    toegewezenProducten: producten,
  };
}

export function toewijzingBericht(id: string, client: Client301, domein: 'JW' | 'WMO' = 'JW'): Bericht301 {
  return { domein, type: `${domein}301`, header: header(true, id), client };
}

const kort = (bsn: string) => ({
  bsn, geboortedatum: { datum: d('2012-03-04') }, geslacht: '1' as const, naam: { geslachtsnaam: { achternaam: 'Jansen' }, voorletters: 'J' },
});

export function startProduct(nummer: number | undefined, begindatum: string, opties: Partial<StartProduct> = {}): StartProduct {
  return { ...(nummer !== undefined && { toewijzingNummer: nummer }), begindatum: d(begindatum), statusAanlevering: '1', ...opties };
}

export function startBericht(id: string, bsn: string, producten: StartProduct[], domein: 'JW' | 'WMO' = 'JW'): Bericht305 {
  return { domein, type: `${domein}305`, header: header(false, id), client: { ...kort(bsn), startProducten: producten } };
}

export function stopProduct(nummer: number, begindatum: string, einddatum: string, opties: Partial<StopProduct> = {}): StopProduct {
  return { toewijzingNummer: nummer, begindatum: d(begindatum), redenBeeindiging: '31', einddatum: d(einddatum), statusAanlevering: '1', ...opties };
}

export function stopBericht(id: string, bsn: string, producten: StopProduct[]): Bericht307 {
  return { domein: 'JW', type: 'JW307', header: header(false, id), client: { ...kort(bsn), stopProducten: producten } };
}

export function aangevraagdProduct(ref: string, opties: Partial<AangevraagdProduct> = {}): AangevraagdProduct {
  return {
    referentieAanbieder: ref, product: { categorie: '45', code: '45A03' }, toewijzingIngangsdatum: d('2026-06-01'),
    toewijzingEinddatum: d('2026-12-31'), omvang: { volume: 2, eenheid: '04', frequentie: '2' },
    verwijzer: { type: '02', naam: 'Huisarts' }, ...opties,
  };
}

export function votBericht(id: string, bsn: string, producten: AangevraagdProduct[], domein: 'JW' | 'WMO' = 'JW'): Bericht315 {
  return { domein, type: `${domein}315`, header: header(false, id), client: { ...kort(bsn), aangevraagdeProducten: producten } };
}

export function vowBericht(id: string, bsn: string, verzoek: Verzoek): Bericht317 {
  return { domein: 'JW', type: 'JW317', header: header(false, id), client: { bsn, verzoek } };
}
