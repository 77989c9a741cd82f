import PDFDocument from 'pdfkit';
import { formatEuroNl } from './nl';
import { datumTekst } from './packs';
import type { Cents } from '@plafond/core';

/** What the written warning of the bestedingsruimte procedure (Contractstandaarden Wmo art. 1.5) says. */
export interface WaarschuwingsbriefInvoer {
  kenmerk: string;
  datum: string;
  aanbieder: { agb: string; naam: string; adres?: string[] };
  domein: 'jeugd' | 'wmo';
  jaar: number;
  peildatum: string;
  /** Why the procedure opened: the threshold share was reached early in the year, or an overrun is expected. */
  aanleiding: 'drempel' | 'overbesteding';
  drempelPct: number;
  plafond: Cents;
  realisatie: Cents;
  onderhandenWerk: Cents;
  prognose: Cents;
  /** uitnutting in percent with two decimals, as in uitnutting.json. */
  uitnutting: string;
  verwachteUitputting: string | null;
  /** The date by which the consultation must take place (two weeks). */
  overlegUiterlijk: string;
  afzender: { naam: string; functie: string; organisatie: string };
}

const DOMEIN = { jeugd: 'jeugdhulp (Jeugdwet)', wmo: 'maatschappelijke ondersteuning (Wmo)' } as const;

/**
 * The written warning to the aanbieder as a PDF (pdfkit, standard fonts, A4): the figures, the 70 % threshold or
 * the expected overrun, and the term for the consultation. Returns the bytes to store with the procedure step.
 */
export function waarschuwingsbrief(inv: WaarschuwingsbriefInvoer): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 64, bottom: 64, left: 72, right: 72 }, info: { Title: `Waarschuwing bestedingsruimte ${inv.aanbieder.naam} ${inv.jaar}`, Author: inv.afzender.organisatie, Subject: 'Bestedingsruimte' } });
  const delen: Buffer[] = [];
  doc.on('data', (b: Buffer) => delen.push(b));
  const klaar = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(delen)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(13).fillColor('#1F4E79').text(inv.afzender.organisatie);
  doc.font('Helvetica').fontSize(9).fillColor('#595959').text('Regionale backoffice Jeugd en Wmo — Zaanstreek-Waterland');
  doc.moveDown(2);
  doc.fillColor('black').fontSize(10.5).font('Helvetica');
  doc.text(inv.aanbieder.naam);
  for (const r of inv.aanbieder.adres ?? []) doc.text(r);
  doc.text(`AGB-code ${inv.aanbieder.agb}`);
  doc.moveDown(1.5);
  const kv = (k: string, v: string) => doc.font('Helvetica-Bold').text(`${k}: `, { continued: true }).font('Helvetica').text(v);
  kv('Datum', datumTekst(inv.datum));
  kv('Kenmerk', inv.kenmerk);
  kv('Onderwerp', `Schriftelijke waarschuwing bestedingsruimte ${inv.jaar} — ${DOMEIN[inv.domein]}`);
  doc.moveDown(1.5);

  doc.text('Geachte heer, mevrouw,');
  doc.moveDown(0.8);
  const reden = inv.aanleiding === 'drempel'
    ? `Op ${datumTekst(inv.peildatum)} heeft u ${inv.uitnutting.replace('.', ',')}% van uw budgetplafond ${inv.jaar} voor ${DOMEIN[inv.domein]} benut (realisatie plus onderhanden werk), terwijl minder dan ${inv.drempelPct}% van het jaar is verstreken. Daarmee is de drempel van ${inv.drempelPct}% bereikt.`
    : `Op ${datumTekst(inv.peildatum)} verwachten wij dat uw declaraties voor ${DOMEIN[inv.domein]} in ${inv.jaar} uw budgetplafond overschrijden: de prognose voor het jaareinde is ${formatEuroNl(inv.prognose)} tegen een plafond van ${formatEuroNl(inv.plafond)}.`;
  doc.text(`Met deze brief waarschuwen wij u, zoals de contractafspraken over de bestedingsruimte (artikel 1.5 Contractstandaarden) voorschrijven. ${reden}`, { align: 'justify' });
  doc.moveDown(0.8);

  doc.font('Helvetica-Bold').text('De cijfers op de peildatum');
  doc.moveDown(0.3);
  const rijen: [string, string][] = [
    ['Budgetplafond', formatEuroNl(inv.plafond)],
    ['Realisatie (toegekende declaraties)', formatEuroNl(inv.realisatie)],
    ['Onderhanden werk (uw laatste opgave)', formatEuroNl(inv.onderhandenWerk)],
    ['Uitnutting', `${inv.uitnutting.replace('.', ',')}%`],
    ['Prognose jaareinde', formatEuroNl(inv.prognose)],
    ['Plafond naar verwachting bereikt op', inv.verwachteUitputting ? datumTekst(inv.verwachteUitputting) : 'niet in dit jaar'],
  ];
  const x0 = doc.page.margins.left;
  const breedte = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  for (const [k, v] of rijen) {
    const y = doc.y;
    doc.font('Helvetica').text(k, x0, y, { width: breedte * 0.6 });
    doc.font('Helvetica-Bold').text(v, x0 + breedte * 0.6, y, { width: breedte * 0.4, align: 'right' });
    doc.moveTo(x0, doc.y + 2).lineTo(x0 + breedte, doc.y + 2).lineWidth(0.3).strokeColor('#BFBFBF').stroke();
    doc.y += 5;
  }
  doc.x = x0;
  doc.moveDown(0.8);
  doc.font('Helvetica').text(
    `Wij nodigen u uit voor een overleg over de resterende bestedingsruimte. Dat overleg vindt binnen twee weken plaats, uiterlijk op ${datumTekst(inv.overlegUiterlijk)}. Binnen twee weken na het overleg nemen wij een besluit over het vervolg. Tot dat besluit blijven wij uw declaraties binnen de wettelijke termijn beantwoorden; crisiszorg wordt altijd vergoed.`,
    { align: 'justify' },
  );
  doc.moveDown(0.8);
  doc.text('Neemt u voor het maken van een afspraak contact op met uw contractmanager. Vermeld daarbij het kenmerk van deze brief.', { align: 'justify' });
  doc.moveDown(1.5);
  doc.text('Met vriendelijke groet,');
  doc.moveDown(2);
  doc.text(inv.afzender.naam);
  doc.fillColor('#595959').text(inv.afzender.functie);
  doc.text(inv.afzender.organisatie);
  doc.end();
  return klaar;
}
