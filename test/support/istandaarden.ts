/**
 * Test support shared by every package: where the official iStandaarden reference data is, and
 * validation of a document against the official XSD with libxml2's xmllint.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ISTANDAARDEN_DIR = process.env.ISTANDAARDEN_DIR ?? resolve(import.meta.dirname, '../../../shared/istandaarden');

/** Skips the calling suite or test visibly when the reference data is not there. */
export function vereisIstandaarden(ctx: Mocha.Context): void {
  if (!existsSync(ISTANDAARDEN_DIR)) {
    process.stdout.write(`    (overgeslagen: iStandaarden-referentie niet gevonden in ${ISTANDAARDEN_DIR}; zet ISTANDAARDEN_DIR)\n`);
    ctx.skip();
  }
}

/** The official XSD of a message type; WMO302/WMO308/WMO318, which have none, use the derived XSDs. */
export function officieleXsd(type: string): string {
  if (type.startsWith('JW')) return join(ISTANDAARDEN_DIR, 'ijw-3.2/xsd', `${type}.xsd`);
  const officieel = join(ISTANDAARDEN_DIR, 'iwmo-3.2/xsd', `${type}.xsd`);
  return existsSync(officieel) ? officieel : join(ISTANDAARDEN_DIR, 'iwmo-3.2/xsd-afgeleid', `${type}.xsd`);
}

/** Validates a document with xmllint against the official XSD: '' when valid, else xmllint's errors. */
export function xsdFouten(type: string, xml: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'plafond-xsd-'));
  const bestand = join(dir, `${type}.xml`);
  writeFileSync(bestand, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', officieleXsd(type), bestand], { stdio: 'pipe' });
    return '';
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
