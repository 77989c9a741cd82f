import { GeenToegang, ValidatieFout, type Datum } from '@plafond/core';
import type { DataSource } from '@plafond/db';
import { betalingWerkboek, contractmanagerWerkboek, gemeenteWerkboek, regioWerkboek, type Pack } from './werkboeken';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What a download asks for; the caller has already checked the user's role and scope. */
export interface RapportVraag {
  jaar?: number;
  agb?: string;
  gemeente?: string;
  periode?: string;
  peildatum?: Datum;
  /** The gemeenten the user may see, or null for all. A report with other gemeenten's figures is refused. */
  gemeenten?: readonly string[] | null;
}

export interface RapportBestand {
  bestandsnaam: string;
  contentType: string;
  inhoud: Buffer;
}

function nodig<T>(w: T | undefined, wat: string): T {
  if (w === undefined || w === '') throw new ValidatieFout(`${wat} ontbreekt`);
  return w;
}

/**
 * One maker per pack (`contractmanager`, `gemeente`, `regio`, `betaling`) for a download: the workbook as bytes with
 * its file name. A user bound to gemeenten only gets the gemeente pack of one of them (the others hold other
 * gemeenten' figures); that check is repeated here so a maker cannot leak by being wired without it.
 */
export function rapportMakers(ds: DataSource): Record<'contractmanager' | 'gemeente' | 'regio' | 'betaling', (v: RapportVraag) => Promise<RapportBestand>> {
  const binnen = (v: RapportVraag, soort: string) => {
    if (v.gemeenten && (soort !== 'gemeente' || !v.gemeente || !v.gemeenten.includes(v.gemeente))) throw new GeenToegang(`rapport ${soort} valt buiten uw gemeenten`);
  };
  const bestand = async (p: Pick<Pack<unknown>, 'werkboek' | 'bestandsnaam'>): Promise<RapportBestand> =>
    ({ bestandsnaam: p.bestandsnaam, contentType: XLSX, inhoud: Buffer.from(await p.werkboek.xlsx.writeBuffer() as ArrayBuffer) });
  return {
    contractmanager: async (v) => { binnen(v, 'contractmanager'); return bestand(await contractmanagerWerkboek(ds, { jaar: nodig(v.jaar, 'jaar'), agb: nodig(v.agb, 'AGB-code'), peildatum: v.peildatum })); },
    gemeente: async (v) => { binnen(v, 'gemeente'); return bestand(await gemeenteWerkboek(ds, { jaar: nodig(v.jaar, 'jaar'), gemeente: nodig(v.gemeente, 'gemeente'), peildatum: v.peildatum })); },
    regio: async (v) => { binnen(v, 'regio'); return bestand(await regioWerkboek(ds, { jaar: nodig(v.jaar, 'jaar'), peildatum: v.peildatum })); },
    betaling: async (v) => { binnen(v, 'betaling'); return bestand(await betalingWerkboek(ds, nodig(v.periode, 'periode'))); },
  };
}
