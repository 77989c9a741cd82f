import { berichtTypeVanNamespace, domeinVan, kind, type BerichtType, type XmlElement } from '../xml/node';
import type {
  Bericht, DeclaratieAntwoordClient, DeclaratieAntwoordKop, DeclaratieClient, DeclaratieKop,
} from './berichten';
import * as K from './klassen';
import { klasse, leesKlasse, type Klasse } from './structuur';

/** The message type of a parsed `Bericht` root, from its namespace. */
export function typeVanRoot(root: XmlElement): BerichtType {
  const type = berichtTypeVanNamespace(root.ns);
  if (!type || root.naam !== 'Bericht') throw new RangeError(`geen iJw/iWmo 3.2 bericht: {${root.ns}}${root.naam}`);
  return type;
}

/**
 * Maps a schema-valid message tree to its typed model. For 323/325 trees whose clients were
 * streamed away, the model has what is left; use `declaratieKop`/`declaratieClient` there.
 */
export function naarModel(root: XmlElement): Bericht {
  const type = typeVanRoot(root);
  const velden = leesKlasse(K.ROOTS[K.soortVan(type)] as Klasse<object>, root);
  return { domein: domeinVan(type), type, ...velden } as Bericht;
}

/** The fields of a `Declaratie` before its `Clienten`. */
const declaratieKopKlasse = klasse('bericht', K.declaratieKopVelden);

/** Header and declaratie fields before `Clienten` of a JW323/WMO323 tree (clients may be detached). */
export function declaratieKop(root: XmlElement): DeclaratieKop {
  const type = typeVanRoot(root);
  if (K.soortVan(type) !== '323') throw new RangeError(`${type} is geen declaratie`);
  const declaratieEl = kind(root, 'Declaratie');
  if (!declaratieEl) throw new RangeError('Declaratie ontbreekt');
  return {
    domein: domeinVan(type),
    type: type as DeclaratieKop['type'],
    header: leesKlasse(K.header, kind(root, 'Header')!),
    declaratie: leesKlasse(declaratieKopKlasse, declaratieEl),
  };
}

/** Header and DeclaratieAntwoord fields (without clients) of a JW325/WMO325 tree. */
export function declaratieAntwoordKop(root: XmlElement): DeclaratieAntwoordKop {
  const type = typeVanRoot(root);
  if (K.soortVan(type) !== '325') throw new RangeError(`${type} is geen declaratie-antwoord`);
  const antwoordEl = kind(root, 'DeclaratieAntwoord');
  const kop: DeclaratieAntwoordKop = {
    domein: domeinVan(type),
    type: type as DeclaratieAntwoordKop['type'],
    header: leesKlasse(K.header325, kind(root, 'Header')!),
  };
  if (antwoordEl) {
    const { clienten: _weg, ...rest } = leesKlasse(K.declaratieAntwoord, {
      ...antwoordEl,
      kinderen: antwoordEl.kinderen.filter((k) => k.naam !== 'Clienten'),
    });
    kop.declaratieAntwoord = rest;
  }
  return kop;
}

/** One `Client` record element of a 323 → typed client with its prestaties. */
export function declaratieClient(el: XmlElement): DeclaratieClient {
  return leesKlasse(K.declaratieClient, el);
}

/** One `Client` record element of a 325 → typed client with its prestaties and retourcodes. */
export function declaratieAntwoordClient(el: XmlElement): DeclaratieAntwoordClient {
  return leesKlasse(K.declaratieAntwoordClient, el);
}
