import type { Datum, Melding } from '@plafond/core';
import {
  berichtTypeVanNamespace, controleerBericht, declaratieClient, declaratieKop, inBerichtControle, IN_BERICHT_REGELS, kind, naarModel, parseBericht, type Bericht,
  type Bericht323, type BerichtType, type DeclaratieClient, type DeclaratieKop, type InBerichtControle, type XmlElement,
} from '@plafond/istandaard';

/** The header fields read from a message, as far as they could be read (also from an invalid one). */
export interface GelezenKop {
  berichttype: BerichtType | null;
  berichtcode: number | null;
  afzender: string | null;
  ontvanger: string | null;
  identificatie: string | null;
  dagtekening: string | null;
  basisschemaXsdVersie: string | null;
  berichtXsdVersie: string | null;
}

/** A message read, checked at level 1 (schema) and 2 (in-message rules) and mapped to the typed model. */
export interface GelezenBericht {
  kop: GelezenKop;
  schemaGeldig: boolean;
  /** Well-formedness and schema findings (level 1). */
  schemaMeldingen: Melding[];
  /** In-message rule findings (level 2); only when the schema is valid. */
  regelMeldingen: Melding[];
  /** The typed message for every kind except the declaraties (323), when valid. */
  model: Bericht | null;
  /** For a 323: its head and its clients, when valid. */
  declaratie: { kop: DeclaratieKop; clienten: DeclaratieClient[] } | null;
}

function tekst(el: XmlElement | undefined): string | null {
  const t = el?.tekst.trim();
  return t ? t : null;
}

/** Reads the header leniently: an invalid message is still answered when its header can be read. */
function leesKop(root: XmlElement | null, type: BerichtType | null): GelezenKop {
  const header = root ? kind(root, 'Header') : undefined;
  const id = header ? kind(header, 'BerichtIdentificatie') : undefined;
  const xsd = header ? kind(header, 'XsdVersie') : undefined;
  const code = tekst(header && kind(header, 'BerichtCode'));
  return {
    berichttype: type,
    berichtcode: code && /^\d{1,3}$/.test(code) ? Number(code) : null,
    afzender: tekst(header && kind(header, 'Afzender')),
    ontvanger: tekst(header && kind(header, 'Ontvanger')),
    identificatie: tekst(id && kind(id, 'Identificatie')),
    dagtekening: tekst(id && kind(id, 'Dagtekening')),
    basisschemaXsdVersie: tekst(xsd && kind(xsd, 'BasisschemaXsdVersie')),
    berichtXsdVersie: tekst(xsd && kind(xsd, 'BerichtXsdVersie')),
  };
}

/**
 * The findings that reject the message at level 2. TR319 is in the in-message check because it needs
 * only the message, but the standard decides it per prestatie (9319): the declaratie rules do that.
 */
function berichtniveau(meldingen: Melding[]): Melding[] {
  return meldingen.filter((m) => IN_BERICHT_REGELS[m.regel]?.niveau !== 'berichtoverstijgend');
}

/**
 * Parses a message in one streaming pass: schema validation, the in-message rules and the mapping to the
 * typed model. The clients of a declaratie are mapped as they stream by, so the tree never holds them.
 * `verwerkingsdatum` is the processing date TR135 measures the Dagtekening against.
 */
export async function leesBericht(inhoud: Uint8Array, verwerkingsdatum?: Datum): Promise<GelezenBericht> {
  const opties = { verwerkingsdatum };
  let controle: InBerichtControle | null = null;
  const clienten: DeclaratieClient[] = [];
  const uitkomst = await parseBericht(inhoud, {
    onRecord: (record, root) => {
      // A declaratie's clients are mapped once and checked on the typed model below; other streamed
      // records (a 325's) go to the streaming rule check.
      if (root.kinderen.some((k) => k.naam === 'Declaratie')) {
        clienten.push(declaratieClient(record));
        return;
      }
      const type = berichtTypeVanNamespace(root.ns);
      controle ??= type ? inBerichtControle(type, opties) : null;
      controle?.record(record);
    },
  });
  const kop = leesKop(uitkomst.root, uitkomst.berichtType);
  const leeg = { kop, schemaGeldig: false, schemaMeldingen: uitkomst.schemaMeldingen, regelMeldingen: [], model: null, declaratie: null };
  if (!uitkomst.schemaGeldig || !uitkomst.root || !uitkomst.berichtType) return leeg;
  if (uitkomst.berichtType.endsWith('323')) {
    const dk = declaratieKop(uitkomst.root);
    const bericht = { domein: dk.domein, type: dk.type, header: dk.header, declaratie: { ...dk.declaratie, clienten } } as Bericht323;
    return { kop, schemaGeldig: true, schemaMeldingen: [], regelMeldingen: berichtniveau(controleerBericht(bericht, opties)), model: null, declaratie: { kop: dk, clienten } };
  }
  controle ??= inBerichtControle(uitkomst.berichtType, opties);
  return { kop, schemaGeldig: true, schemaMeldingen: [], regelMeldingen: berichtniveau(controle.einde(uitkomst.root)), model: naarModel(uitkomst.root), declaratie: null };
}
