/**
 * Code lists the master-data import checks against. Written out here (not read from the
 * iStandaarden reference data at run time) so the import works without that directory.
 */

/** JZ020 productcategorieën Jeugd (iJw 3.2): 31–38 (2015) and 40–55; there is no 39. */
export const PRODUCTCATEGORIEEN_JW: ReadonlySet<string> = new Set([
  '31', '32', '33', '34', '35', '36', '37', '38',
  '40', '41', '42', '43', '44', '45', '46', '47', '48', '49', '50', '51', '52', '53', '54', '55',
]);

/** WMO020 productcategorieën Wmo (iWmo 3.2): 01–18. */
export const PRODUCTCATEGORIEEN_WMO: ReadonlySet<string> = new Set(
  Array.from({ length: 18 }, (_, i) => String(i + 1).padStart(2, '0')),
);

/** WJ756 eenheden: minuut, uur, etmaal, dagdeel, stuks (output), euro's, stuks (inspanning). */
export const EENHEDEN: ReadonlySet<string> = new Set(['01', '04', '14', '16', '82', '83', '84']);

export interface ZwGemeente {
  cbsCode: string;
  naam: string;
  /** Exclusive end: the first day the gemeente no longer exists. */
  geldigTot: string | null;
}

/** The gemeenten of Zaanstreek-Waterland, including Beemster (merged into Purmerend on 2022-01-01). */
export const GEMEENTEN_ZW: readonly ZwGemeente[] = [
  { cbsCode: '0385', naam: 'Edam-Volendam', geldigTot: null },
  { cbsCode: '0415', naam: 'Landsmeer', geldigTot: null },
  { cbsCode: '0431', naam: 'Oostzaan', geldigTot: null },
  { cbsCode: '0439', naam: 'Purmerend', geldigTot: null },
  { cbsCode: '0852', naam: 'Waterland', geldigTot: null },
  { cbsCode: '0880', naam: 'Wormerland', geldigTot: null },
  { cbsCode: '0479', naam: 'Zaanstad', geldigTot: null },
  { cbsCode: '0370', naam: 'Beemster', geldigTot: '2022-01-01' },
];
