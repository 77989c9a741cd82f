import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BERICHTCODES } from '../model/klassen';
import { ISTANDAARDEN_DIR, vereisReferentie } from '../model/testhulp';
import type { BerichtType } from '../xml/node';
import { berichtSchema, isComplex, type ElementDecl } from './compile';
import { checkSimple, type SimpleType } from './simple';

/** The declaration of class `klasse` in a message: the first complex element of that name, breadth first. */
function klasseDecl(type: BerichtType, klasse: string): ElementDecl {
  const rij: ElementDecl[] = [berichtSchema(type).root];
  for (let i = 0; i < rij.length; i++) {
    const d = rij[i];
    if (!isComplex(d.type)) continue;
    if (d.naam === klasse && i > 0) return d;
    rij.push(...d.type.particles);
  }
  throw new Error(`${type}: geen klasse ${klasse}`);
}

function kind(d: ElementDecl, naam: string): ElementDecl {
  if (!isComplex(d.type)) throw new Error(`${d.naam} is enkelvoudig`);
  const k = d.type.particles.find((p) => p.naam === naam);
  if (!k) throw new Error(`${d.naam} heeft geen ${naam}`);
  return k;
}

const geldig = (t: SimpleType, v: string) => checkSimple(t, v, 'x').length === 0;

/**
 * Per restriction code: values the schema must refuse and (where the rule allows one) a value it accepts.
 * A length or value limit is also checked on the facet itself, so a refusal for another reason proves nothing.
 */
function bewijs(code: string, tekst: string, t: SimpleType, berichtCode: string): void {
  const lengte = /Maximale lengte (\d+) positie/.exec(tekst);
  const waarde = /Maximale waarde (\d+)/.exec(tekst);
  const cijfers = /Vullen met (\d+) cijfers/.exec(tekst);
  if (lengte) {
    expect(t.maxLength, code).to.equal(Number(lengte[1]));
  } else if (waarde) {
    expect(t.maxInclusive, code).to.equal(BigInt(waarde[1]));
    expect(geldig(t, String(BigInt(waarde[1]) + 1n)), code).to.equal(false);
  } else if (code === 'RS001') {
    expect(t.minInclusive, code).to.equal(0n);
    expect(geldig(t, '-1'), code).to.equal(false);
  } else if (code === 'RS031' || code === 'RS033') {
    for (const v of ['', ' ', '\t\n']) expect(geldig(t, v), `${code} ${JSON.stringify(v)}`).to.equal(false);
  } else if (code === 'RS032') {
    expect(geldig(t, '2026-01-01'), code).to.equal(true);
    for (const v of ['2026-01-01Z', '2026-01-01+01:00']) expect(geldig(t, v), `${code} ${v}`).to.equal(false);
  } else if (code === 'RS034') {
    expect(geldig(t, '13:59:41'), code).to.equal(true);
    for (const v of ['13:59:41Z', '13:59:41+01:00']) expect(geldig(t, v), `${code} ${v}`).to.equal(false);
  } else if (cijfers) {
    const n = Number(cijfers[1]);
    expect(geldig(t, '1'.repeat(n)), code).to.equal(true);
    for (const v of ['1'.repeat(n - 1), '1'.repeat(n + 1), `${'1'.repeat(n - 1)}a`]) expect(geldig(t, v), `${code} ${v}`).to.equal(false);
  } else if (code === 'RS045') {
    expect(geldig(t, 'AB'), code).to.equal(true);
    for (const v of ['A B', 'A.B']) expect(geldig(t, v), `${code} ${v}`).to.equal(false);
  } else if (code === 'RS046') {
    expect(geldig(t, '0751234567'), code).to.equal(true);
    for (const v of ['075-1234567', '075 1234567', '+31751234567']) expect(geldig(t, v), `${code} ${v}`).to.equal(false);
  } else if (code === 'RS047') {
    expect(geldig(t, berichtCode), code).to.equal(true);
    expect(geldig(t, berichtCode === '999' ? '998' : '999'), code).to.equal(false);
  } else if (code === 'RS048') {
    expect(geldig(t, '1.0.0'), code).to.equal(true);
    for (const v of ['1.0', '1.0.0.1', '01.0.0', 'a.b.c']) expect(geldig(t, v), `${code} ${v}`).to.equal(false);
  } else {
    throw new Error(`onbekende restrictie ${code}: ${tekst}`);
  }
}

describe('regelrapport: every restriction (RS) is enforced by the schema', function () {
  it('refuses what each RS rule forbids on the element the regelrapport names, in iJw and iWmo', function () {
    vereisReferentie(this);
    const rijen = readFileSync(join(ISTANDAARDEN_DIR, 'regelrapport-ijw-3.2-cd-cs-rs.csv'), 'utf8').split(/\r?\n/).slice(1)
      .map((r) => r.split(';')).filter((r) => r[8] === 'Restrictie');
    expect(rijen.length).to.equal(386);
    let bewezen = 0;
    const nietInWmo = new Set<string>();
    for (const [bericht, klasse, e1, e2, e3, , , tekst, , code] of rijen) {
      // "JW Retour" is the part every retourbericht adds: its header and its RetourCodes.
      const soorten = bericht === 'JW Retour' ? ['306', '316', '320'] : [bericht.slice(2)];
      for (const soort of soorten) {
        for (const domein of ['JW', 'WMO'] as const) {
          const type = `${domein}${soort}` as BerichtType;
          const delen = [e1, e2, e3].filter(Boolean).map((e) => e.split('\\')[0]);
          // iWmo differs: WMO315 has no GezagsdragerBekend, WMO319 no class Woonplaatsbeginsel.
          if (domein === 'WMO' && (delen[0] === 'GezagsdragerBekend' || klasse === 'Woonplaatsbeginsel')) {
            nietInWmo.add(`${soort} ${klasse} ${delen.join('/')}`);
            continue;
          }
          let d = klasseDecl(type, klasse);
          for (const deel of delen) d = kind(d, deel);
          expect(isComplex(d.type), `${type} ${klasse} ${e1} ${e2} ${e3}`).to.equal(false);
          bewijs(code, tekst, d.type as SimpleType, BERICHTCODES[type]);
          bewezen++;
        }
      }
    }
    expect(bewezen).to.equal(798);
    expect([...nietInWmo].sort()).to.deep.equal(['315 Client GezagsdragerBekend', '319 Woonplaatsbeginsel Gemeente']);
  });
});
