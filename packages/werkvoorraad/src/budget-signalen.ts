import { formatEuroNl } from '@plafond/core';
import { procedureSignalen, uitnutting, type CijferVraag, type ExtraSignaal, type UitnuttingAntwoord } from '@plafond/bewaking';
import type { SignaalInstellingen } from '@plafond/budget';
import type { DataSource } from '@plafond/db';
import { TERMIJNEN } from './termijnen';
import { SIGNAAL_SOORT, werkvoorraad, type WerkItem, type WerkSoort } from './werkvoorraad';

/** What the items of one kind are, in words (plural form with the count). */
function wat(soort: WerkSoort, n: number): string {
  const een = n === 1;
  switch (soort) {
    case 'declaratie': return `${n} declaratie${een ? '' : 's'} met aangehouden prestaties ${een ? 'wacht' : 'wachten'} op een besluit (termijn ${TERMIJNEN.declaratie.werkdagen} werkdagen)`;
    case 'verzoek': return `${n} verzoek${een ? '' : 'en'} om toewijzing of wijziging ${een ? 'wacht' : 'wachten'} op antwoord (termijn ${TERMIJNEN.verzoek.werkdagen} werkdagen, in onderzoek 8 weken)`;
    case 'toewijzing-zonder-retour': return `${n} toewijzingsbericht${een ? '' : 'en'} van de gemeente ${een ? 'heeft' : 'hebben'} geen retourbericht van de aanbieder (termijn ${TERMIJNEN.retour.werkdagen} werkdagen)`;
    case 'bericht': return `${n} ontvangen bericht${een ? '' : 'en'} ${een ? 'kon' : 'konden'} niet worden verwerkt`;
  }
}

/**
 * The werkvoorraad's overdue and nearly overdue items as budget signals: one per aanbieder × domein × kind, with the
 * count, how many are past their term, the earliest term and (for held declaraties) the amount held. Items of an
 * unknown sender have no aanbieder to show them on and stay in the werkvoorraad only.
 */
export function termijnBudgetSignalen(items: readonly WerkItem[]): ExtraSignaal[] {
  const groepen = new Map<string, WerkItem[]>();
  for (const i of items) {
    if (i.signaal === null || i.agbCode === null) continue;
    const k = `${i.agbCode}|${i.domein ?? ''}|${i.soort}`;
    const groep = groepen.get(k);
    if (groep) groep.push(i);
    else groepen.set(k, [i]);
  }
  const uit: ExtraSignaal[] = [];
  for (const groep of groepen.values()) {
    const eerste = groep[0];
    const laat = groep.filter((i) => i.signaal === 'termijn-verstreken');
    const vroegste = groep.map((i) => i.termijn).sort()[0];
    const meesteDagen = Math.max(...laat.map((i) => -i.werkdagenResterend));
    const delen = [
      laat.length ? `${laat.length} over de termijn (tot ${meesteDagen} werkdag${meesteDagen === 1 ? '' : 'en'} te laat)` : 'de termijn nadert',
      `vroegste termijn ${vroegste}`,
    ];
    if (eerste.soort === 'declaratie') {
      const cents = groep.reduce((t, i) => t + BigInt(String(i.details.aangehoudenCents ?? '0')), 0n);
      delen.push(`${formatEuroNl(cents)} aangehouden`);
    }
    uit.push({
      agb: eerste.agbCode!, domein: eerste.domein, gemeente: groep.every((i) => i.gemeente === eerste.gemeente) ? eerste.gemeente : null,
      soort: SIGNAAL_SOORT[eerste.soort], toelichting: `${wat(eerste.soort, groep.length)}: ${delen.join('; ')}.`,
    });
  }
  return uit;
}

/**
 * `uitnutting` with the signals about the work beside the budget signals: the werkvoorraad's term signals at the
 * peildatum and the overdue steps of the bestedingsruimte procedure. What the back office, the API and
 * `uitnutting.json` show.
 */
export async function uitnuttingMetTermijnen(ds: DataSource, v: CijferVraag, inst?: SignaalInstellingen): Promise<UitnuttingAntwoord> {
  const [items, procedures] = await Promise.all([
    werkvoorraad(ds, { peildatum: v.peildatum }),
    procedureSignalen(ds, { jaar: v.jaar, agbCode: v.agb, peildatum: v.peildatum }),
  ]);
  const extra: ExtraSignaal[] = [
    ...procedures.map((p) => ({ agb: p.agbCode, domein: p.domein, gemeente: null, soort: p.soort, toelichting: p.toelichting })),
    ...termijnBudgetSignalen(items.filter((i) => v.agb === undefined || i.agbCode === v.agb)),
  ];
  return uitnutting(ds, v, inst, extra);
}
