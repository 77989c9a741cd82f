import type { Melding } from '@plafond/core';
import { isSoort, type Bericht, type DeclaratieAntwoordKop } from '../model/berichten';
import { soortVan } from '../model/klassen';
import {
  declaratieAntwoordClient, declaratieAntwoordKop, declaratieClient, declaratieKop, naarModel,
} from '../model/naar-model';
import { kind, kinderen, type BerichtType, type XmlElement } from '../xml/node';
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
  einde(root: XmlElement): Melding[];
}

/** The in-message rule checker for a (schema-valid) message of this type. */
export function inBerichtControle(type: BerichtType): InBerichtControle {
  const soort = soortVan(type);
  if (soort !== '323' && soort !== '325') {
    return {
      record() {
        throw new RangeError(`${type} heeft geen gestreamde records`);
      },
      einde: (root) => controleerBericht(naarModel(root)),
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
    einde(root) {
      // A tree that was not streamed still carries its clients.
      if (!gestreamd) {
        const blok = kind(root, soort === '323' ? 'Declaratie' : 'DeclaratieAntwoord');
        const clienten = blok && kind(blok, 'Clienten');
        if (clienten) for (const el of kinderen(clienten, 'Client')) controle.client(leesClient(el));
      }
      return controle.einde(soort === '323' ? declaratieKop(root) : declaratieAntwoordKop(root));
    },
  };
}

/** The same in-message rules on a typed model (for the back office and generated messages). */
export function controleerBericht(bericht: Bericht): Melding[] {
  if (isSoort(bericht, '323')) {
    const { clienten, ...declaratie } = bericht.declaratie;
    const controle = new DeclaratieControle('323');
    for (const c of clienten) controle.client(c);
    return controle.einde({ domein: bericht.domein, type: bericht.type, header: bericht.header, declaratie });
  }
  if (isSoort(bericht, '325')) {
    const controle = new DeclaratieControle('325');
    const kop: DeclaratieAntwoordKop = { domein: bericht.domein, type: bericht.type, header: bericht.header };
    if (bericht.declaratieAntwoord) {
      const { clienten, ...rest } = bericht.declaratieAntwoord;
      for (const c of clienten ?? []) controle.client(c);
      kop.declaratieAntwoord = rest;
    }
    return controle.einde(kop);
  }
  const b = new Bevindingen();
  controleerKleinBericht(bericht, b);
  return b.lijst;
}
