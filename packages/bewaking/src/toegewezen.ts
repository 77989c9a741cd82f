import { daysInMonth, fromParts, Money, toCents, type Cents, type Datum } from '@plafond/core';
import { clipPeriode, dagenInPeriode, EENHEID, eenheidFactor, toegestaanVolume, type Frequentie, type GeslotenPeriode } from '@plafond/declaratie';

/** A toewijzing as far as what it allows is concerned. */
export interface ToewijzingOmvang {
  ingangsdatum: Datum;
  einddatum: Datum | null;
  omvang: { volume: number; eenheid: string; frequentie: string } | null;
  budget: Cents | null;
  /** Withdrawn (status ingetrokken, or RedenWijziging 13 verwijderd): it allows nothing. */
  vervallen: boolean;
}

/** The contract tariff valid on a day (aanbieder's own before the regional one), or undefined. */
export type TariefOpDatum = (d: Datum) => { bedrag: Cents; eenheid: string } | undefined;

/** What a toewijzing allows in each month of one year, and its instroom figures. */
export interface ToegewezenJaar {
  /** 12 entries, January first. */
  perMaand: Cents[];
  /** The month (1–12) of the ingangsdatum when it lies in this year, else null. */
  instroomMaand: number | null;
  /** What it allows from its ingangsdatum month to the year end (0 when it did not start this year). */
  instroomBedrag: Cents;
  /** What it allows in one whole month: the pace at which it adds cost. */
  maandbedrag: Cents;
}

const maandPeriode = (jaar: number, maand: number): GeslotenPeriode => ({ begindatum: fromParts(jaar, maand, 1), einddatum: fromParts(jaar, maand, daysInMonth(jaar, maand)) });

/**
 * The amount of a volume (in the toewijzing's eenheid) at a tariff: eenheid 83 is the amount in euros itself; minutes
 * on an hourly tariff are a sixtieth (TR341's conversion, the other way round for hours on a minute tariff).
 */
function bedragVan(volume: Money, eenheid: string, tarief: { bedrag: Cents; eenheid: string } | undefined): Money | null {
  if (eenheid === EENHEID.euros && !tarief) return volume.mul(100);
  if (!tarief) return null;
  const factor = eenheidFactor(eenheid, tarief.eenheid);
  if (factor !== undefined) return volume.mul(tarief.bedrag.toString()).div(factor);
  const omgekeerd = eenheidFactor(tarief.eenheid, eenheid);
  return omgekeerd !== undefined ? volume.mul(omgekeerd).mul(tarief.bedrag.toString()) : null;
}

/**
 * What a toewijzing allows per month of `jaar`: volume × the frequency units of the month inside the looptijd × the
 * tariff valid at the month's first day of care (`toegestaanVolume` for days and months; a week volume pro rata by
 * the days of the month, so the weeks two months share are not counted twice over the year; a total volume or a
 * budget spread over the looptijd by days — an open-ended one over its first calendar year). Withdrawn toewijzingen
 * allow nothing; ended ones nothing after their einddatum. Each month rounded once to whole cents.
 */
export function toegewezenInJaar(t: ToewijzingOmvang, jaar: number, tarief: TariefOpDatum): ToegewezenJaar {
  const perMaand: Cents[] = Array.from({ length: 12 }, () => 0n);
  const ingangJaar = Number(t.ingangsdatum.slice(0, 4));
  const instroomMaand = ingangJaar === jaar ? Number(t.ingangsdatum.slice(5, 7)) : null;
  const leeg = { perMaand, instroomMaand: t.vervallen ? null : instroomMaand, instroomBedrag: 0n, maandbedrag: 0n };
  if (t.vervallen || (!t.omvang && t.budget === null)) return leeg;
  const looptijd = { begindatum: t.ingangsdatum, einddatum: t.einddatum ?? undefined };
  // The span a total volume or a budget is spread over.
  const spreiding: GeslotenPeriode = { begindatum: t.ingangsdatum, einddatum: t.einddatum ?? fromParts(ingangJaar, 12, 31) };
  const spreidDagen = dagenInPeriode(spreiding);
  const maandDeel = (p: GeslotenPeriode, totaal: Money) => totaal.mul(dagenInPeriode(p)).div(spreidDagen);

  const bedragIn = (p: GeslotenPeriode, heel: boolean): Money | null => {
    if (t.omvang) {
      const f = t.omvang.frequentie as Frequentie;
      const volume = f === '2'
        ? new Money(t.omvang.volume).mul(dagenInPeriode(p)).div(7)
        : f === '6'
          ? maandDeel(p, new Money(t.omvang.volume))
          : new Money(toegestaanVolume({ volume: t.omvang.volume, eenheid: t.omvang.eenheid, frequentie: f }, heel ? { begindatum: p.begindatum } : looptijd, p));
      return bedragVan(volume, t.omvang.eenheid, tarief(p.begindatum));
    }
    return maandDeel(p, new Money(t.budget!.toString()));
  };

  for (let m = 1; m <= 12; m++) {
    const p = clipPeriode(maandPeriode(jaar, m), looptijd);
    if (!p) continue;
    const b = bedragIn(p, false);
    if (b) perMaand[m - 1] = toCents(b);
  }
  const instroomBedrag = instroomMaand === null ? 0n : perMaand.slice(instroomMaand - 1).reduce((a, b) => a + b, 0n);
  // One whole month of care at the pace of the toewijzing, in the month it starts (or January when it started earlier).
  const eersteMaand = instroomMaand ?? 1;
  const heleMaand = maandPeriode(jaar, eersteMaand);
  const pace = t.omvang && t.omvang.frequentie !== '6' ? bedragIn(heleMaand, true) : bedragIn(heleMaand, false);
  return { perMaand, instroomMaand, instroomBedrag, maandbedrag: pace ? toCents(pace) : 0n };
}
