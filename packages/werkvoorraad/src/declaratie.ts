import { NietGevonden, ValidatieFout, type Cents } from '@plafond/core';
import { declaratieVoorBesluit, inTransactie, schrijfAudit } from '@plafond/db';
import { beantwoordAangehouden, type AangehoudenBesluitSoort } from '@plafond/worker-berichten';
import type { Beslisser, WerkvoorraadDeps } from './verzoek';

/** The back office's decision on a held declaratie: per prestatie (ReferentieNummer), or one for all held. */
export type DeclaratieBesluit = { alle: AangehoudenBesluitSoort } | { perPrestatie: Record<string, AangehoudenBesluitSoort> };

export interface DeclaratieBesluitUitkomst {
  declaratieId: string;
  declaratieNummer: string;
  toegekend: string[];
  afgewezen: string[];
  nogAangehouden: string[];
  /** The 325 in the aanbieder's mailbox once nothing is held any more. */
  antwoordId: string | null;
  totaalToegekend: { bedrag: Cents; debetCredit: 'D' | 'C' } | null;
}

function controleer(besluit: DeclaratieBesluit, b: Beslisser): void {
  const meldingen = [
    ...(!b.door?.trim() ? [{ pad: 'door', regel: 'AUDIT', tekst: 'wie beslist is verplicht' }] : []),
    ...(!b.reden?.trim() ? [{ pad: 'reden', regel: 'AUDIT', tekst: 'een reden is verplicht (de audit trail legt vast waarom)' }] : []),
  ];
  const soorten = 'alle' in besluit ? [besluit.alle] : Object.values(besluit.perPrestatie);
  if ('perPrestatie' in besluit && soorten.length === 0) meldingen.push({ pad: 'besluiten', regel: 'BESLUIT', tekst: 'geen enkele prestatie genoemd' });
  for (const s of soorten) {
    if (s !== 'toekennen' && s !== 'afwijzen') meldingen.push({ pad: 'besluiten', regel: 'BESLUIT', tekst: `besluit '${String(s)}' is geen toekennen of afwijzen` });
  }
  if (meldingen.length) throw new ValidatieFout('besluit onvolledig', meldingen);
}

/**
 * Decides the held prestaties of a declaratie (grant or refuse each, or all at once). Once none is held the
 * declaratie is answered with the JW325/WMO325 it would have had if decided at once; the prestaties are
 * updated in place (the budget figures move with them) and the decision is in the audit trail with who,
 * when and why — all in one transaction on the aanbieder's slot, as the processor decides.
 */
export async function besluitDeclaratie(deps: WerkvoorraadDeps, declaratieId: string, besluit: DeclaratieBesluit, b: Beslisser): Promise<DeclaratieBesluitUitkomst> {
  controleer(besluit, b);
  const eerst = await declaratieVoorBesluit(deps.dataSource, declaratieId);
  if (!eerst) throw new NietGevonden(`declaratie ${declaratieId} bestaat niet`);
  return inTransactie(deps.dataSource, async (tx) => {
    const d = (await declaratieVoorBesluit(tx, declaratieId))!;
    const besluiten = new Map<string, AangehoudenBesluitSoort>(
      'alle' in besluit
        ? d.prestaties.filter((p) => p.beslissing === 'aangehouden').map((p) => [p.referentieNummer, besluit.alle])
        : Object.entries(besluit.perPrestatie),
    );
    const u = await beantwoordAangehouden(tx, d, besluiten, { peildatum: b.peildatum });
    await schrijfAudit(tx, {
      actor: b.door, action: 'declaratie.besluit', entity: 'declaratie', entityId: d.id,
      details: {
        reden: b.reden, peildatum: b.peildatum, declaratieNummer: d.declaratieNummer, toegekend: u.toegekend, afgewezen: u.afgewezen,
        nogAangehouden: u.nogAangehouden, antwoord: u.antwoordId,
      },
    });
    return { declaratieId: d.id, declaratieNummer: d.declaratieNummer, ...u };
  }, { slot: Number(eerst.agbCode) });
}
