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

/** Options of a toewijzing row; the defaults give a specifiek JW toewijzing 45A03 of 10 uur per maand for all of 2026. */
export interface ToewijzingOpties {
  domein?: 'JW' | 'WMO';
  gemeente?: string;
  /** AGB-code of the aanbieder it is addressed to (must exist). */
  agb?: string;
  /** null: a generiek toewijzing (no Product). */
  categorie?: string | null;
  /** null: an aspecifiek toewijzing (no ProductCode). */
  code?: string | null;
  ingang?: string;
  eind?: string | null;
  /** null: no Omvang. */
  volume?: number | null;
  eenheid?: string;
  frequentie?: string;
  budget?: bigint;
  redenWijziging?: string;
  bekostiging?: 'inspanning' | 'output' | 'taakgericht';
}

export async function toewijzing(ds: DataSource, nummer: string, bsn: string, opts: ToewijzingOpties = {}) {
  const [{ id: clientId }] = await sqlRijen<{ id: string }>(
    ds, `INSERT INTO client (bsn, pseudoniem) VALUES ($1, $2) ON CONFLICT (bsn) DO UPDATE SET bsn = excluded.bsn RETURNING id::text`, [bsn, `P${bsn}`]);
  const categorie = opts.categorie === undefined ? '45' : opts.categorie;
  const code = categorie === null ? null : opts.code === undefined ? '45A03' : opts.code;
  const variant = categorie === null ? 'generiek' : code === null ? 'aspecifiek' : 'specifiek';
  const volume = opts.volume === undefined ? 10 : opts.volume;
  await sqlRijen(
    ds,
    `INSERT INTO toewijzing (toewijzing_nummer, gemeente_code, domein, aanbieder_id, client_id, productcategorie, productcode, toewijzingsdatum,
       ingangsdatum, einddatum, omvang_volume, omvang_eenheid, omvang_frequentie, variant, budget_cents, reden_wijziging, bekostiging)
     SELECT $1, $2, $10, a.id, $3, $11, $4, '2026-01-01', $5, $6, $7, $12, $8, $13::toewijzing_variant, $14, $15, $16::bekostiging
       FROM aanbieder a WHERE a.agb_code = $9`,
    [nummer, opts.gemeente ?? GEMEENTE, clientId, code, opts.ingang ?? '2026-01-01', opts.eind === undefined ? '2026-12-31' : opts.eind,
      volume, volume === null ? null : (opts.frequentie ?? '4'), opts.agb ?? AGB, opts.domein ?? 'JW', categorie,
      volume === null ? null : (opts.eenheid ?? '04'), variant, opts.budget?.toString() ?? null, opts.redenWijziging ?? null, opts.bekostiging ?? null],
  );
}

/**
 * A prestatie on 45A03 in March 2026 at 65.00 per uur with IngediendBedrag = volume x tarief. `tarief: null`
 * leaves ProductTarief out (eenheid 83); `bedrag` overrides IngediendBedrag; `vorig` is the VorigReferentieNummer.
 */
export function prestatie(
  ref: string, nummer: number, volume: number,
  opts: Partial<Prestatie> & { begin?: Datum; eind?: Datum; dc?: 'D' | 'C'; tarief?: bigint | null; bedrag?: bigint; vorig?: string } = {},
): Prestatie {
  const tarief = opts.tarief === null ? undefined : (opts.tarief ?? 6500n);
  return {
    productReferentie: { referentieNummer: ref, vorigReferentieNummer: opts.vorig ?? opts.productReferentie?.vorigReferentieNummer },
    toewijzingNummer: nummer, productCategorie: opts.productCategorie ?? '45', productCode: opts.productCode ?? '45A03',
    productPeriode: { begindatum: opts.begin ?? datum('2026-03-01'), einddatum: opts.eind ?? datum('2026-03-31') },
    geleverdVolume: volume, eenheid: opts.eenheid ?? '04', ...(tarief !== undefined && { productTarief: tarief }),
    ingediendBedrag: { bedrag: opts.bedrag ?? (tarief ?? 0n) * BigInt(volume), debetCredit: opts.dc ?? 'D' },
  } as Prestatie;
}

/** Options of a declaratie; the defaults: JW to GEMEENTE for March 2026, dated 3 April 2026. */
export interface DeclaratieOpties {
  domein?: 'JW' | 'WMO';
  gemeente?: string;
  periode?: { begindatum: Datum; einddatum: Datum };
  /** Both the message's and the declaratie's dagtekening. */
  dagtekening?: Datum;
}

export function declaratie(id: string, nummer: string, clienten: DeclaratieClient[], totaal?: bigint, opts: DeclaratieOpties = {}): string {
  const som = clienten.flatMap((c) => c.prestaties).reduce((t, p) => t + (p.ingediendBedrag.debetCredit === 'D' ? p.ingediendBedrag.bedrag : -p.ingediendBedrag.bedrag), 0n);
  const t = totaal ?? som;
  const domein = opts.domein ?? 'JW';
  const dagtekening = opts.dagtekening ?? datum('2026-04-03');
  const b: Bericht323 = {
    domein, type: `${domein}323`,
    header: { afzender: AGB, ontvanger: opts.gemeente ?? GEMEENTE, berichtIdentificatie: { identificatie: id, dagtekening }, xsdVersie: { basisschemaXsdVersie: '1.0.0', berichtXsdVersie: '1.0.0' } },
    declaratie: {
      declaratieNummer: nummer, declaratiePeriode: opts.periode ?? { begindatum: datum('2026-03-01'), einddatum: datum('2026-03-31') }, declaratieDagtekening: dagtekening,
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
