/** The columns of an OHW file, in exactly this order on the first sheet (header in row 1). */
export const OHW_KOLOMMEN = [
  'gemeente', 'toewijzingnummer', 'bsn', 'productcategorie', 'productcode', 'periode', 'volume', 'eenheid', 'bedrag_eur', 'toelichting',
] as const;

export type OhwKolom = (typeof OHW_KOLOMMEN)[number];

/** The column the feedback workbook adds after the original ones; an upload of a corrected feedback workbook may keep it. */
export const FOUTEN_KOLOM = 'fouten';

/** One data row as read from the file: its row number as a spreadsheet shows it (header = 1) and its cells as text. */
export interface OhwInvoerRij {
  regel: number;
  cellen: Record<OhwKolom, string>;
}

/** A file's rows, header checked. */
export interface OhwTabel {
  rijen: OhwInvoerRij[];
}

/** The limits a file is read under; anything beyond refuses the whole file. */
export interface OhwLimieten {
  /** Size of the file as received. */
  maxBytes: number;
  /** Data rows (the header not counted). */
  maxRijen: number;
  /** Columns in use on the first sheet. */
  maxKolommen: number;
  /** xlsx: all entries of the zip together, unpacked. */
  maxUitgepakt: number;
  /** xlsx: entries in the zip. */
  maxEntries: number;
  /** xlsx: unpacked / packed size of an entry larger than 1 MiB unpacked (a zip bomb packs far tighter than a sheet). */
  maxRatio: number;
}

/** A provider's OHW is a few thousand rows; a national hub's biggest aanbieder stays far below these. */
export const STANDAARD_LIMIETEN: OhwLimieten = {
  maxBytes: 20 * 1024 * 1024,
  maxRijen: 100_000,
  maxKolommen: 30,
  maxUitgepakt: 256 * 1024 * 1024,
  maxEntries: 500,
  maxRatio: 100,
};
