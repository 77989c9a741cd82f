import { aanbiederOpAgb, apiSleutels, maakApiSleutel, roteerApiSleutel, trekApiSleutelIn } from '@plafond/db';
import { UsageError, type Command } from '../command';
import { cliDatabase } from '../database';

const ACTIES = ['uitgeven', 'roteer', 'intrekken', 'lijst'];

/** `plafond apisleutel`: API keys of aanbieders for the intake (issued, rotated, revoked; stored hashed). */
export const apisleutel: Command = {
  name: 'apisleutel',
  summary: 'API-sleutels van aanbieders voor de intake: uitgeven, roteren, intrekken, tonen',
  usage: 'plafond apisleutel uitgeven --agb AGB [--omschrijving TEKST] | roteer --sleutel ID [--overlap-uren N] | intrekken --sleutel ID | lijst [--agb AGB]',
  help: [
    '  uitgeven    een nieuwe sleutel voor de aanbieder; de sleutel wordt één keer getoond, alleen een hash wordt bewaard',
    '  roteer      een nieuwe sleutel in plaats van --sleutel; de oude blijft --overlap-uren geldig (standaard 0: meteen ingetrokken)',
    '  intrekken   de sleutel --sleutel werkt per direct niet meer',
    '  lijst       de sleutels (zonder geheim), van één aanbieder met --agb',
    'Een aanbieder gebruikt de sleutel als `Authorization: Bearer plk_…`, of als wachtwoord bij HTTP Basic met de AGB-code.',
    'Elke handeling staat in de audit trail.',
  ],
  options: { agb: { type: 'string' }, omschrijving: { type: 'string' }, sleutel: { type: 'string' }, 'overlap-uren': { type: 'string' } },
  async run({ values, positionals }, io) {
    const actie = positionals[0];
    if (!ACTIES.includes(actie)) throw new UsageError(`kies een van: ${ACTIES.join(', ')}`);
    const tekst = (naam: string) => (typeof values[naam] === 'string' ? (values[naam] as string) : undefined);
    const agb = tekst('agb');
    const sleutelId = tekst('sleutel');
    if (agb !== undefined && !/^\d{8}$/.test(agb)) throw new UsageError('--agb moet een AGB-code van 8 cijfers zijn');
    if ((actie === 'roteer' || actie === 'intrekken') && !sleutelId) throw new UsageError(`--sleutel is verplicht bij ${actie}`);
    if (actie === 'uitgeven' && !agb) throw new UsageError('--agb is verplicht bij uitgeven');
    const overlapTekst = tekst('overlap-uren');
    if (overlapTekst !== undefined && !/^\d{1,4}$/.test(overlapTekst)) throw new UsageError('--overlap-uren moet een geheel aantal uren zijn (0 tot 9999)');
    const db = await cliDatabase({ blijvend: true });
    try {
      const ds = db.dataSource;
      if (actie === 'uitgeven') {
        if (!(await aanbiederOpAgb(ds, agb!))) {
          io.err(`aanbieder ${agb} bestaat niet\n`);
          return 1;
        }
        const k = await maakApiSleutel(ds, { agbCode: agb!, omschrijving: tekst('omschrijving') ?? null, actor: 'cli' });
        io.out(`API-sleutel ${k.sleutelId} uitgegeven voor ${k.agbCode}; sleutel (wordt niet opnieuw getoond): ${k.sleutel}\n`);
      } else if (actie === 'roteer') {
        const k = await roteerApiSleutel(ds, sleutelId!, { actor: 'cli', overlapUren: overlapTekst === undefined ? 0 : Number(overlapTekst) });
        if (!k) {
          io.err(`API-sleutel ${sleutelId} bestaat niet of is niet meer geldig\n`);
          return 1;
        }
        io.out(`API-sleutel ${sleutelId} vervangen door ${k.sleutelId} voor ${k.agbCode}; nieuwe sleutel (wordt niet opnieuw getoond): ${k.sleutel}\n`);
      } else if (actie === 'intrekken') {
        if (!(await trekApiSleutelIn(ds, sleutelId!, 'cli'))) {
          io.err(`API-sleutel ${sleutelId} bestaat niet of is al ingetrokken\n`);
          return 1;
        }
        io.out(`API-sleutel ${sleutelId} ingetrokken\n`);
      } else {
        for (const k of await apiSleutels(ds, agb)) {
          const staat = k.ingetrokkenOp ? `ingetrokken ${k.ingetrokkenOp.toISOString()}` : k.geldigTot ? `geldig tot ${k.geldigTot.toISOString()}` : 'actief';
          io.out(`${k.sleutelId}  ${k.agbCode}  ${staat}  aangemaakt ${k.aangemaaktOp.toISOString()}  laatst gebruikt ${k.laatstGebruiktOp?.toISOString() ?? '-'}${k.omschrijving ? `  ${k.omschrijving}` : ''}\n`);
        }
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};
