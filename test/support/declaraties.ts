/**
 * Test support: a small JW323 world — an aanbieder with a regional tariff, toewijzingen inserted
 * directly, and declaraties built with the typed models and the project's serializer.
 */
import { datum, type Datum } from '@plafond/core';
import { sqlRijen, upsertAanbieders, upsertTarieven, type DataSource } from '@plafond/db';
import { serialiseer, type Bericht323, type DeclaratieClient, type Prestatie } from '@plafond/istandaard';

export const AGB = '12345678';
export const GEMEENTE = '0479';
export const CONFIG = { pseudoniemSleutel: 'testsleutel-'.repeat(3), lateTermijnMaanden: 3 };

export async function toewijzing(ds: DataSource, nummer: string, bsn: string, opts: { code?: string; ingang?: string; eind?: string | null; volume?: number; frequentie?: string } = {}) {
  const [{ id: clientId }] = await sqlRijen<{ id: string }>(
    ds, `INSERT INTO client (bsn, pseudoniem) VALUES ($1, $2) ON CONFLICT (bsn) DO UPDATE SET bsn = excluded.bsn RETURNING id::text`, [bsn, `P${bsn}`]);
  await sqlRijen(
    ds,
    `INSERT INTO toewijzing (toewijzing_nummer, gemeente_code, domein, aanbieder_id, client_id, productcategorie, productcode, toewijzingsdatum,
       ingangsdatum, einddatum, omvang_volume, omvang_eenheid, omvang_frequentie, variant)
     SELECT $1, $2, 'JW', a.id, $3, '45', $4, '2026-01-01', $5, $6, $7, '04', $8, 'specifiek' FROM aanbieder a WHERE a.agb_code = $9`,
    [nummer, GEMEENTE, clientId, opts.code ?? '45A03', opts.ingang ?? '2026-01-01', opts.eind === undefined ? '2026-12-31' : opts.eind, opts.volume ?? 10, opts.frequentie ?? '4', AGB],
  );
}

export function prestatie(ref: string, nummer: number, volume: number, opts: Partial<Prestatie> & { begin?: Datum; eind?: Datum; dc?: 'D' | 'C'; tarief?: bigint } = {}): Prestatie {
  const tarief = opts.tarief ?? 6500n;
  return {
    productReferentie: { referentieNummer: ref, vorigReferentieNummer: opts.productReferentie?.vorigReferentieNummer },
    toewijzingNummer: nummer, productCategorie: '45', productCode: '45A03',
    productPeriode: { begindatum: opts.begin ?? datum('2026-03-01'), einddatum: opts.eind ?? datum('2026-03-31') },
    geleverdVolume: volume, eenheid: '04', productTarief: tarief,
    ingediendBedrag: { bedrag: tarief * BigInt(volume), debetCredit: opts.dc ?? 'D' },
  } as Prestatie;
}

export function declaratie(id: string, nummer: string, clienten: DeclaratieClient[], totaal?: bigint): string {
  const som = clienten.flatMap((c) => c.prestaties).reduce((t, p) => t + (p.ingediendBedrag.debetCredit === 'D' ? p.ingediendBedrag.bedrag : -p.ingediendBedrag.bedrag), 0n);
  const t = totaal ?? som;
  const b: Bericht323 = {
    domein: 'JW', type: 'JW323',
    header: { afzender: AGB, ontvanger: GEMEENTE, berichtIdentificatie: { identificatie: id, dagtekening: datum('2026-04-03') }, xsdVersie: { basisschemaXsdVersie: '1.0.0', berichtXsdVersie: '1.0.0' } },
    declaratie: {
      declaratieNummer: nummer, declaratiePeriode: { begindatum: datum('2026-03-01'), einddatum: datum('2026-03-31') }, declaratieDagtekening: datum('2026-04-03'),
      totaalIngediendBedrag: { totaalBedrag: t < 0n ? -t : t, debetCredit: t < 0n ? 'C' : 'D' }, clienten,
    },
  } as Bericht323;
  return serialiseer(b);
}


/** The aanbieder (AGB) with the regional tariff 45A03 at 65.00 per uur from 2026. */
export async function basisStamdata(ds: DataSource): Promise<void> {
  await upsertAanbieders(ds, [{ agbCode: AGB, naam: 'Jeugdzorg Test BV' }]);
  await upsertTarieven(ds, [{ domein: 'JW', productcategorie: '45', productcode: '45A03', eenheid: '04', bedragCents: 6500n, ingangsdatum: datum('2026-01-01'), einddatum: null, agbCode: null }]);
}
