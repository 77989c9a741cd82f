import { userInfo } from 'node:os';
import { datum, leesConfig, vandaag, type Datum } from '@plafond/core';
import { verzoekIdOpReferentie, type DataSource } from '@plafond/db';
import { beantwoordVerzoek, kenVerzoekToe, REDENEN_AFWIJZING, type Beslisser, type RedenAfwijzing } from '@plafond/werkvoorraad';
import { UsageError, type Command } from '../command';
import { cliDatabase } from '../database';

/** Who decides on the command line: `--door`, else the logged-in OS user. */
export function beslisserVan(values: Record<string, unknown>): Beslisser {
  const reden = typeof values.reden === 'string' ? values.reden : '';
  if (!reden.trim()) throw new UsageError('--reden is verplicht: de audit trail legt vast waarom');
  const door = typeof values.door === 'string' && values.door.trim() ? values.door.trim() : `cli:${userInfo().username}`;
  const peildatum: Datum = typeof values.peildatum === 'string' ? datum(values.peildatum) : vandaag();
  return { door, reden, peildatum };
}

async function verzoekId(ds: DataSource, id: string | undefined, values: Record<string, unknown>): Promise<string> {
  if (id !== undefined) {
    if (!/^\d{1,18}$/.test(id)) throw new UsageError(`'${id}' is geen verzoek-id`);
    return id;
  }
  if (typeof values.agb !== 'string' || typeof values.referentie !== 'string') throw new UsageError('geef een verzoek-id, of --agb met --referentie');
  const gevonden = await verzoekIdOpReferentie(ds, values.agb, values.referentie);
  if (!gevonden) throw new UsageError(`geen verzoek ${values.referentie} van aanbieder ${values.agb}`);
  return gevonden;
}

export const verzoek: Command = {
  name: 'verzoek',
  summary: 'een verzoek om toewijzing of wijziging beantwoorden: toekennen (301), afwijzen of in onderzoek (319)',
  usage: 'plafond verzoek toekennen|afwijzen|onderzoek (ID | --agb AGB --referentie REF) --reden TEKST [opties]',
  help: [
    'Beantwoordt een verzoek uit de werkvoorraad. Het bericht gaat naar de mailbox van de aanbieder; het besluit',
    'komt in de audit trail met wie, wanneer en waarom.',
    '  toekennen   JW301/WMO301 met de ReferentieAanbieder van het verzoek (TR379); de toewijzing wordt geregistreerd',
    '  afwijzen    JW319/WMO319 met VerzoekAntwoord 1 en --reden-afwijzing',
    '  onderzoek   JW319/WMO319 met VerzoekAntwoord 2 (één keer, TR360; daarna binnen 8 weken toekennen of afwijzen)',
    '  ID                 het verzoek-id uit de werkvoorraad',
    '  --agb, --referentie  of: de aanbieder en de ReferentieAanbieder van het verzoek',
    '  --reden            waarom (verplicht)',
    '  --door             wie beslist (standaard: cli:<gebruiker>)',
    `  --reden-afwijzing  RedenAfwijzingVerzoek ${REDENEN_AFWIJZING.join(', ')} (8 = Woonplaatsbeginsel)`,
    '  --woonplaats       bij reden 8 in de Jeugdwet: CBS-code van de verantwoordelijke gemeente (TR377)',
    '  --postcode, --huisnummer  adres van de client bij een eerste toewijzing (een VOT draagt geen adres)',
    '  --peildatum        dagtekening van het antwoord (standaard vandaag)',
    'Database: DATABASE_URL, of de ingebouwde PostgreSQL in PLAFOND_HOME (zie plafond db).',
  ],
  options: {
    door: { type: 'string' }, reden: { type: 'string' }, 'reden-afwijzing': { type: 'string' }, woonplaats: { type: 'string' },
    postcode: { type: 'string' }, huisnummer: { type: 'string' }, peildatum: { type: 'string' }, agb: { type: 'string' }, referentie: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    const [actie, id, ...rest] = positionals;
    if (!['toekennen', 'afwijzen', 'onderzoek'].includes(actie ?? '')) throw new UsageError('kies toekennen, afwijzen of onderzoek');
    if (rest.length) throw new UsageError(`onverwacht argument: ${rest.join(' ')}`);
    const beslisser = beslisserVan(values);
    const reden = values['reden-afwijzing'];
    if (actie === 'afwijzen' && (typeof reden !== 'string' || !REDENEN_AFWIJZING.includes(reden as RedenAfwijzing))) {
      throw new UsageError(`--reden-afwijzing is verplicht: ${REDENEN_AFWIJZING.join(', ')}`);
    }
    let adres: { postcode: string; huisnummer: number } | undefined;
    if (values.postcode !== undefined || values.huisnummer !== undefined) {
      if (typeof values.postcode !== 'string' || typeof values.huisnummer !== 'string' || !/^\d{1,5}$/.test(values.huisnummer)) {
        throw new UsageError('--postcode en --huisnummer horen samen (huisnummer als getal)');
      }
      adres = { postcode: values.postcode, huisnummer: Number(values.huisnummer) };
    }
    const db = await cliDatabase({ blijvend: true });
    try {
      const deps = { dataSource: db.dataSource, config: leesConfig() };
      const vid = await verzoekId(db.dataSource, id, values);
      const u = actie === 'toekennen'
        ? await kenVerzoekToe(deps, vid, beslisser, { adres })
        : await beantwoordVerzoek(deps, vid, actie === 'onderzoek'
          ? { soort: 'onderzoek' }
          : { soort: 'afwijzen', reden: reden as RedenAfwijzing, ...(typeof values.woonplaats === 'string' && { woonplaatsGemeente: values.woonplaats }) }, beslisser);
      const nummers = u.toewijzingNummers.length ? `, toewijzing ${u.toewijzingNummers.join(', ')}` : '';
      io.out(`verzoek ${u.verzoekId} ${u.status}: ${u.berichttype} (bericht ${u.berichtId}) in de mailbox${nummers}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
