import { isDatum, type Datum, type Melding } from '@plafond/core';
import {
  isSoort, type Bericht, type DeclaratieAntwoordClient, type DeclaratieAntwoordKop, type DeclaratieClient,
} from '../model/berichten';
import { soortVan } from '../model/klassen';
import {
  declaratieAntwoordClient, declaratieAntwoordKop, declaratieClient, declaratieKop, naarModel,
} from '../model/naar-model';
import { kind, kinderen, type BerichtType, type XmlElement } from '../xml/node';
import { IN_BERICHT_REGELS } from './referentie';
import { DeclaratieControle } from './declaratie';
import { Bevindingen } from './hulp';
import { controleerKleinBericht } from './klein';

/**
 * In-message checks of one message as it is parsed. For 323/325 the parser hands every `Client`
 * record element to `record()` and detaches it; `einde(root)` then sees the rest of the tree.
 * For the other kinds `record` is not called and `einde(root)` sees the whole tree.
 */
export interface InBerichtControle {
  record(el: XmlElement): void;
  /** A record already mapped to its model (`parseBericht`'s `onClient`), instead of `record`. */
  client(c: DeclaratieClient | DeclaratieAntwoordClient): void;
  einde(root: XmlElement): Melding[];
}

export interface ControleOpties {
  /**
   * The processing date, for TR135 (a Dagtekening in the future is refused with 8848). Absent: the
   * message is not judged against a processing date (a generated message checked before it is sent).
   */
  verwerkingsdatum?: Datum;
}

const DAGTEKENING = '/Bericht/Header/BerichtIdentificatie/Dagtekening';
/** The messages TR135 names: the heenberichten and the declaratie-antwoord. */
const MET_TR135 = new Set(IN_BERICHT_REGELS.TR135.berichten);

/**
 * TR135: the Dagtekening exists and does not lie in the future. A Dagtekening that is no date fails the
 * schema first; `checkBericht` then adds this finding too, so the refusal carries 8848 either way.
 */
export function dagtekeningControle(type: BerichtType, dagtekening: string, verwerkingsdatum: Datum | undefined): Melding[] {
  if (!MET_TR135.has(soortVan(type))) return [];
  const regel = IN_BERICHT_REGELS.TR135;
  if (!isDatum(dagtekening)) return [{ pad: DAGTEKENING, regel: 'TR135', tekst: `Dagtekening '${dagtekening}' is geen bestaande datum`, retourcode: regel.retourcode }];
  if (verwerkingsdatum !== undefined && dagtekening > verwerkingsdatum) {
    return [{ pad: DAGTEKENING, regel: 'TR135', tekst: `Dagtekening ${dagtekening} ligt na de verwerkingsdatum ${verwerkingsdatum}`, retourcode: regel.retourcode }];
  }
  return [];
}

/** The in-message rule checker for a (schema-valid) message of this type. */
export function inBerichtControle(type: BerichtType, opties: ControleOpties = {}): InBerichtControle {
  const soort = soortVan(type);
  if (soort !== '323' && soort !== '325') {
    return {
      record() {
        throw new RangeError(`${type} heeft geen gestreamde records`);
      },
      client() {
        throw new RangeError(`${type} heeft geen gestreamde records`);
      },
      einde: (root) => controleerBericht(naarModel(root), opties),
    };
  }
  const controle = new DeclaratieControle(soort);
  const leesClient = soort === '323' ? declaratieClient : declaratieAntwoordClient;
  let gestreamd = false;
  return {
    record(el) {
      gestreamd = true;
      try {
        controle.client(leesClient(el));
      } catch {
        // The parser may hand over a record before the schema verdict. Only a schema-invalid
        // record fails to map; its message is rejected on that level and einde() is not reached.
      }
    },
    client(c) {
      gestreamd = true;
      try {
        controle.client(c);
      } catch {
        // As in record(): what does not check is left out, as it always was.
      }
    },
    einde(root) {
      // A tree that was not streamed still carries its clients.
      if (!gestreamd) {
        const blok = kind(root, soort === '323' ? 'Declaratie' : 'DeclaratieAntwoord');
        const clienten = blok && kind(blok, 'Clienten');
        if (clienten) for (const el of kinderen(clienten, 'Client')) controle.client(leesClient(el));
      }
      const kop = soort === '323' ? declaratieKop(root) : declaratieAntwoordKop(root);
      return dagtekeningControle(type, kop.header.berichtIdentificatie.dagtekening, opties.verwerkingsdatum).concat(controle.einde(kop));
    },
  };
}

/** The same in-message rules on a typed model (for the back office and generated messages). */
export function controleerBericht(bericht: Bericht, opties: ControleOpties = {}): Melding[] {
  const tr135 = dagtekeningControle(bericht.type, bericht.header.berichtIdentificatie.dagtekening, opties.verwerkingsdatum);
  if (isSoort(bericht, '323')) {
    const { clienten, ...declaratie } = bericht.declaratie;
    const controle = new DeclaratieControle('323');
    for (const c of clienten) controle.client(c);
    return tr135.concat(controle.einde({ domein: bericht.domein, type: bericht.type, header: bericht.header, declaratie }));
  }
  if (isSoort(bericht, '325')) {
    const controle = new DeclaratieControle('325');
    const kop: DeclaratieAntwoordKop = { domein: bericht.domein, type: bericht.type, header: bericht.header };
    if (bericht.declaratieAntwoord) {
      const { clienten, ...rest } = bericht.declaratieAntwoord;
      for (const c of clienten ?? []) controle.client(c);
      kop.declaratieAntwoord = rest;
    }
    return tr135.concat(controle.einde(kop));
  }
  const b = new Bevindingen();
  controleerKleinBericht(bericht, b);
  return tr135.concat(b.lijst);
}
