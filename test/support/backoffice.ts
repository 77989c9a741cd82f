/**
 * Test support: a small generated region processed through the real pipeline into a fresh database,
 * one user per role (the gemeente user bound to Zaanstad only), and the intake and back office running
 * on free loopback ports — what `plafond serve --demo` starts, for the route × role and browser tests.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leesConfig, maakLogger } from '@plafond/core';
import { maakGebruiker, maakTestDatabase, sqlRijen, type GebruikerRol, type TestDatabase } from '@plafond/db';
import { aanbiedersCsv, genereerMaand, genereerRegio, plafondsCsv, STANDAARD_OPTIES, tarievenCsv } from '@plafond/fixtures';
import { serialiseer } from '@plafond/istandaard';
import { importeerStamdataUit, verwerkBerichten } from '@plafond/cli';
import { maakDbIntakeDeps, maakVerwerker, startIntake, type IntakeServer } from '@plafond/intake';
import { standaardUitnutting, startBackoffice, type BackofficeServer } from '@plafond/backoffice';
import { bewaking, standaardPeildatum, wijzigPlafond } from '@plafond/bewaking';

export const JAAR = 2026;
/** The gemeente of the gemeente user, and one it must never see. */
export const EIGEN_GEMEENTE = '0479';
export const ANDERE_GEMEENTE = '0439';
export const PSEUDONIEM_SLEUTEL = 'test-pseudoniemsleutel-'.repeat(2);

export interface Login {
  rol: GebruikerRol;
  naam: string;
  wachtwoord: string;
}

export interface BackofficeWereld {
  db: TestDatabase;
  intake: IntakeServer;
  backoffice: BackofficeServer;
  logins: Record<GebruikerRol, Login>;
  /** An aanbieder with prestaties in both EIGEN_GEMEENTE and ANDERE_GEMEENTE. */
  agb: string;
  /** A declaratie id. */
  declaratieId: string;
  sluit(): Promise<void>;
}

export async function maakBackofficeWereld(o: { clienten?: number; maanden?: number; aanbieders?: number } = {}): Promise<BackofficeWereld> {
  const db = await maakTestDatabase();
  const config = leesConfig({ PLAFOND_PSEUDONIEM_SLEUTEL: PSEUDONIEM_SLEUTEL, LOG_LEVEL: 'silent', INTAKE_PORT: '0', BACKOFFICE_PORT: '0', NODE_ENV: 'test' });
  const ds = db.dataSource;
  const regio = genereerRegio({ ...STANDAARD_OPTIES, clienten: o.clienten ?? 150, maanden: o.maanden ?? 3, aanbieders: o.aanbieders ?? 5 });
  const werk = await mkdtemp(join(tmpdir(), 'plafond-bo-test-'));
  try {
    await writeFile(join(werk, 'aanbieders.csv'), aanbiedersCsv(regio));
    await writeFile(join(werk, 'tarieven.csv'), tarievenCsv(regio));
    await writeFile(join(werk, 'plafonds.csv'), plafondsCsv(regio));
    await importeerStamdataUit(ds, werk);
  } finally {
    await rm(werk, { recursive: true, force: true });
  }
  for (let m = 0; m < (o.maanden ?? 3); m++) {
    const maand = genereerMaand(regio, m);
    await verwerkBerichten(ds, maand.berichten.map((b) => ({ naam: b.bestandsnaam, inhoud: Buffer.from(serialiseer(b.model)) })), { config });
  }
  const [beide] = await sqlRijen<{ agb_code: string }>(
    ds,
    `SELECT a.agb_code FROM prestatie p JOIN aanbieder a ON a.id = p.aanbieder_id
      GROUP BY a.agb_code HAVING bool_or(p.gemeente_code = $1) AND bool_or(p.gemeente_code = $2) ORDER BY count(*) DESC LIMIT 1`,
    [EIGEN_GEMEENTE, ANDERE_GEMEENTE],
  );
  if (!beide) throw new Error('testregio: geen aanbieder met prestaties in beide gemeenten');
  const [{ id: declaratieId }] = await sqlRijen<{ id: string }>(ds, 'SELECT id::text FROM declaratie ORDER BY id LIMIT 1');
  const rollen: { rol: GebruikerRol; gemeenten?: string[]; agb?: string }[] = [
    { rol: 'backoffice' }, { rol: 'contractmanager' }, { rol: 'gemeente', gemeenten: [EIGEN_GEMEENTE] }, { rol: 'beheer' }, { rol: 'aanbieder', agb: beide.agb_code },
  ];
  const logins = {} as Record<GebruikerRol, Login>;
  for (const r of rollen) {
    const naam = r.agb ?? `test-${r.rol}`;
    const wachtwoord = `wachtwoord-${r.rol}-${Math.random().toString(36).slice(2)}`;
    await maakGebruiker(ds, { username: naam, rol: r.rol, wachtwoord, gemeenten: r.gemeenten, agbCode: r.agb ?? null });
    logins[r.rol] = { rol: r.rol, naam, wachtwoord };
  }
  const logger = maakLogger({ level: 'silent' });
  const verwerker = maakVerwerker(config, ds, logger);
  const intake = await startIntake(config, maakDbIntakeDeps(ds, verwerker.verwerk), { logger, host: '127.0.0.1' });
  const backoffice = await startBackoffice(config, { ds, databaseUrl: db.url, uitnutting: standaardUitnutting(ds), logger, host: '127.0.0.1', aanmeldLimiet: 1000 });
  return {
    db, intake, backoffice, logins, agb: beide.agb_code, declaratieId,
    async sluit() {
      await Promise.all([intake.close(), backoffice.close()]);
      await verwerker.sluit();
      await db.drop();
    },
  };
}

/**
 * Makes a herverdelingsvoorstel certain: in a gemeente where two aanbieders have a jeugd plafond of their own (the
 * generated plafonds are split per gemeente), the first one's plafond is set to half its prognose (overbesteding) and
 * the second one's to three times its prognose (onderbesteding), through recorded mutations.
 */
export async function maakHerverdelingScenario(w: BackofficeWereld): Promise<{ peildatum: string; gemeente: string; ontvanger: { agb: string; prognose: bigint }; gever: { agb: string; prognose: bigint } }> {
  const ds = w.db.dataSource;
  const peildatum = (await standaardPeildatum(ds))!;
  const eigen = await sqlRijen<{ agb: string; gemeente: string; bedrag: string }>(ds,
    `SELECT a.agb_code AS agb, p.gemeente_code AS gemeente, p.bedrag_cents::text AS bedrag FROM budgetplafond p JOIN aanbieder a ON a.id = p.aanbieder_id
      WHERE p.jaar = $1 AND p.domein = 'JW' AND p.gemeente_code IS NOT NULL AND p.budgetlijn_id IS NULL ORDER BY p.gemeente_code, a.agb_code`, [JAAR]);
  const alle = (await bewaking(ds, { jaar: JAAR, peildatum })).filter((r) => r.domein === 'JW' && r.prognose > 1_000_00n && eigen.some((e) => e.agb === r.agb && e.gemeente === r.gemeente));
  const gemeente = [...new Set(alle.map((r) => r.gemeente))].find((g) => alle.filter((r) => r.gemeente === g).length >= 2);
  if (!gemeente) throw new Error('geen gemeente met twee aanbieders met een eigen jeugdplafond en een prognose');
  const [ontvanger, gever] = alle.filter((r) => r.gemeente === gemeente);
  const zet = async (agb: string, doel: bigint) => {
    const nu = BigInt(eigen.find((e) => e.agb === agb && e.gemeente === gemeente)!.bedrag);
    await wijzigPlafond(ds, { jaar: JAAR, agbCode: agb, domein: 'JW', gemeenteCode: gemeente, mutatie: doel - nu, reden: 'testopzet herverdeling', door: 'test', datum: peildatum });
  };
  await zet(ontvanger.agb, (ontvanger.prognose / 2n / 100n) * 100n);
  await zet(gever.agb, gever.prognose * 3n);
  return { peildatum, gemeente, ontvanger, gever };
}

/** A cookie jar of one: the session cookie of the back office. */
export class Sessie {
  cookie?: string;

  constructor(readonly basis: string) {}

  async verzoek(pad: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('Cookie', this.cookie);
    const res = await fetch(this.basis + pad, { ...init, headers, redirect: 'manual' });
    const zet = res.headers.get('set-cookie');
    if (zet) this.cookie = zet.split(';')[0];
    return res;
  }

  async meldAan(login: { naam: string; wachtwoord: string }): Promise<Response> {
    return this.verzoek('/api/sessie', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ gebruikersnaam: login.naam, wachtwoord: login.wachtwoord }) });
  }

  /** The CSRF token of this session, as every page carries it. */
  async csrf(pad = '/inloggen'): Promise<string> {
    const html = await (await this.verzoek(pad)).text();
    const m = /name="csrf-token" content="([^"]+)"/.exec(html) ?? /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error(`geen CSRF-token op ${pad}`);
    return m[1];
  }
}
