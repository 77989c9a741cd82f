import { leesConfig } from '@plafond/core';
import { declaratieIdOpNummer } from '@plafond/db';
import { besluitDeclaratie, type DeclaratieBesluit } from '@plafond/werkvoorraad';
import { UsageError, type Command } from '../command';
import { cliDatabase } from '../database';
import { beslisserVan } from './verzoek';

export const declaratie: Command = {
  name: 'declaratie',
  summary: 'aangehouden prestaties van een declaratie beslissen; daarna gaat het 325-antwoord uit',
  usage: 'plafond declaratie besluit (ID | --agb AGB --nummer DECLARATIENUMMER) (--alle toekennen|afwijzen | --prestatie REF=toekennen|afwijzen ...) --reden TEKST',
  help: [
    'Beslist de prestaties die het plafondbeleid "aanhouden" vasthield. Zodra niets meer is aangehouden gaat de',
    'JW325/WMO325 naar de mailbox van de aanbieder: hetzelfde antwoord als bij direct beslissen. Afgewezen',
    'prestaties krijgen retourcode 9369. Het besluit komt in de audit trail met wie, wanneer en waarom.',
    '  ID                  het declaratie-id uit de werkvoorraad',
    '  --agb, --nummer     of: de aanbieder en het DeclaratieNummer',
    '  --alle              één besluit voor alle aangehouden prestaties',
    '  --prestatie REF=B   besluit per prestatie (ReferentieNummer), herhaalbaar',
    '  --reden             waarom (verplicht);  --door  wie (standaard cli:<gebruiker>)',
    '  --peildatum         dagtekening van het antwoord (standaard vandaag)',
  ],
  options: {
    alle: { type: 'string' }, prestatie: { type: 'string', multiple: true }, reden: { type: 'string' }, door: { type: 'string' },
    peildatum: { type: 'string' }, agb: { type: 'string' }, nummer: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    const [actie, id, ...rest] = positionals;
    if (actie !== 'besluit') throw new UsageError("alleen 'besluit' bestaat");
    if (rest.length) throw new UsageError(`onverwacht argument: ${rest.join(' ')}`);
    const beslisser = beslisserVan(values);
    const perPrestatie = (values.prestatie as string[] | undefined) ?? [];
    let besluit: DeclaratieBesluit;
    const soort = (s: string) => {
      if (s !== 'toekennen' && s !== 'afwijzen') throw new UsageError(`'${s}' is geen toekennen of afwijzen`);
      return s;
    };
    if (typeof values.alle === 'string' && !perPrestatie.length) besluit = { alle: soort(values.alle) };
    else if (values.alle === undefined && perPrestatie.length) {
      besluit = {
        perPrestatie: Object.fromEntries(perPrestatie.map((p) => {
          const m = /^([^=]+)=(.+)$/.exec(p);
          if (!m) throw new UsageError(`--prestatie ${p}: schrijf REFERENTIENUMMER=toekennen of =afwijzen`);
          return [m[1], soort(m[2])];
        })),
      };
    } else throw new UsageError('geef --alle of een of meer --prestatie');
    const db = await cliDatabase({ blijvend: true });
    try {
      let did: string | null = id ?? null;
      if (did === null) {
        if (typeof values.agb !== 'string' || typeof values.nummer !== 'string') throw new UsageError('geef een declaratie-id, of --agb met --nummer');
        did = await declaratieIdOpNummer(db.dataSource, values.agb, values.nummer);
        if (!did) throw new UsageError(`geen declaratie ${values.nummer} van aanbieder ${values.agb}`);
      } else if (!/^\d{1,18}$/.test(did)) throw new UsageError(`'${did}' is geen declaratie-id`);
      const u = await besluitDeclaratie({ dataSource: db.dataSource, config: leesConfig() }, did, besluit, beslisser);
      io.out(`declaratie ${u.declaratieNummer}: toegekend ${u.toegekend.join(', ') || '-'}; afgewezen ${u.afgewezen.join(', ') || '-'}` +
        (u.antwoordId ? `; 325 (bericht ${u.antwoordId}) in de mailbox, toegekend ${u.totaalToegekend!.bedrag} cent\n` : `; nog aangehouden: ${u.nogAangehouden.join(', ')}\n`));
      return 0;
    } finally {
      await db.close();
    }
  },
};
