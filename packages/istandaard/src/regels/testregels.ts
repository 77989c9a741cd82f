/**
 * Test-only helpers (not exported from the package): the findings of a message by both paths the
 * in-message check has, the typed model and the streamed tree, which must agree.
 */
import type { Melding } from '@plafond/core';
import { expect } from 'chai';
import type { Bericht } from '../model/berichten';
import { boom } from '../model/testhulp';
import { serialiseer } from '../serialize/schrijf';
import { kind } from '../xml/node';
import { controleerBericht, inBerichtControle, type ControleOpties } from './controle';

/** Runs the tree path the way the parser does: 323/325 clients streamed to record() and detached. */
export function viaBoom(bericht: Bericht, opties: ControleOpties = {}): Melding[] {
  const root = boom(serialiseer(bericht));
  const controle = inBerichtControle(bericht.type, opties);
  const blok = kind(root, 'Declaratie') ?? kind(root, 'DeclaratieAntwoord');
  const clienten = blok && kind(blok, 'Clienten');
  if (clienten) {
    for (const c of clienten.kinderen) controle.record(c);
    clienten.kinderen = [];
  }
  return controle.einde(root);
}

/** Findings of a message; the model path and the streamed tree path must agree. */
export function meldingen(bericht: Bericht, opties: ControleOpties = {}): Melding[] {
  const uitModel = controleerBericht(bericht, opties);
  expect(viaBoom(bericht, opties), 'boom- en modelpad').to.deep.equal(uitModel);
  return uitModel;
}

/** `regel pad` of every finding. */
export function regels(bericht: Bericht, opties: ControleOpties = {}): string[] {
  return meldingen(bericht, opties).map((m) => `${m.regel} ${m.pad}`);
}
