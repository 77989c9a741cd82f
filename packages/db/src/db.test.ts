import { expect } from 'chai';
import { createHash, randomUUID, scryptSync } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datum, type Datum } from '@plafond/core';
import {
  aanbiederOpAgb, auditVan, budgetplafonds, controleerGebruiker, gemeenten, maakGebruiker, maakTestDatabase, migreer,
  openDatabase, plafondMutaties, schrijfAudit, sqlRijen, tariefOpDatum, upsertAanbieders, upsertBudgetplafonds,
  upsertTarieven, voerSqlUit, wijzigBudgetplafond, bevestigMailbox, mailbox, openBericht, rondBerichtAf, inTransactie, migraties, type Afronding,
  meldAan, resetWachtwoord, MAX_MISLUKTE_POGINGEN, databaseStatus, openGedeeldeDatabase, stopDatabase, type DataSource, type NieuwePrestatie, type TestDatabase,
} from './index';
import { alleEntities } from './entities';

async function expectReject(p: Promise<unknown>, bericht: RegExp): Promise<void> {
  const fout = await p.then(() => null, (e: unknown) => e as Error);
  expect(fout, 'verwacht een fout').to.be.instanceOf(Error);
  expect(fout!.message).to.match(bericht);
}

async function foutcode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string; driverError?: { code?: string } }).code ?? (e as { driverError?: { code?: string } }).driverError?.code ?? 'onbekend';
  }
  throw new Error('verwachtte een databasefout');
}

async function bericht(ds: DataSource, afzender: string, identificatie: string, berichttype = 'JW323', duplicaatVan: string | null = null): Promise<string> {
  const inhoud = Buffer.from(`<Bericht>${identificatie}</Bericht>`);
  const [r] = await sqlRijen<{ id: string }>(
    ds,
    `INSERT INTO bericht (richting, berichttype, afzender, ontvanger, identificatie, status, correlation_id, inhoud, sha256, duplicaat_van)
     VALUES ('in', $1, $2, '0479', $3, 'ontvangen', $4, $5, $6, $7) RETURNING id`,
    [berichttype, afzender, identificatie, randomUUID(), inhoud, createHash('sha256').update(inhoud).digest('hex'), duplicaatVan],
  );
  return r.id;
}

async function declaratie(ds: DataSource, aanbiederId: number, nummer: string): Promise<string> {
  const berichtId = await bericht(ds, '12345678', `D-${nummer}-${randomUUID().slice(0, 8)}`);
  const [r] = await sqlRijen<{ id: string }>(
    ds,
    `INSERT INTO declaratie (bericht_id, aanbieder_id, gemeente_code, domein, declaratie_nummer, periode_begin, periode_eind,
       dagtekening, totaal_ingediend_cents, ingediend_debet_credit)
     VALUES ($1, $2, '0479', 'JW', $3, '2025-01-01', '2025-01-31', '2025-02-03', 1000, 'D') RETURNING id`,
    [berichtId, aanbiederId, nummer],
  );
  return r.id;
}

/** Processes a stored incoming message the way the processor does: open (drawing ids), then close in one statement. */
async function rondAf(ds: DataSource, berichtId: string, delen: (ids: { antwoordId: string; declaratieId: string }) => Partial<Afronding>): Promise<{ antwoordId: string; declaratieId: string }> {
  return inTransactie(ds, async (tx) => {
    const o = await openBericht(tx, berichtId, { agbCode: '12345678', kop: null, antwoordIdentificatie: true, declaratie: true });
    const ids = { antwoordId: o!.antwoordId!, declaratieId: o!.declaratieId! };
    await rondBerichtAf(tx, berichtId, { kop: null, status: 'verwerkt', uitkomst: {}, ...delen(ids) });
    return ids;
  }, { slot: 12345678 });
}

describe('@plafond/db against PostgreSQL', function () {
  let tdb: TestDatabase;
  let ds: DataSource;
  let aanbiederId: number;

  before(async function () {
    tdb = await maakTestDatabase();
    ds = tdb.dataSource;
    await upsertAanbieders(ds, [{ agbCode: '12345678', naam: 'Zorg BV' }, { agbCode: '87654321', naam: 'Hulp BV' }]);
    aanbiederId = (await aanbiederOpAgb(ds, '12345678'))!.id;
  });
  after(async () => tdb?.drop());

  describe('migrations', () => {
    it('apply on a fresh database and running them again applies nothing', async () => {
      const tabellen = await sqlRijen<{ tablename: string }>(ds, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
      expect(tabellen.map((t) => t.tablename)).to.include.members(['aanbieder', 'tarief', 'budgetplafond_mutatie', `prestatie_${new Date().getFullYear()}`, 'prestatie_default', 'prestatie_referentie', 'audit_log']);
      expect(await migreer(ds)).to.deep.equal([]);
      expect(await migreer(ds)).to.deep.equal([]);
      const [{ n }] = await sqlRijen<{ n: number }>(ds, 'SELECT count(*)::int AS n FROM schema_migraties');
      expect(n).to.equal(migraties.length);
    });

    it('map every entity column onto a column the migrations created', async () => {
      for (const e of alleEntities) {
        const meta = ds.getMetadata(e);
        const kolommen = meta.columns.map((c) => `"${c.databaseName}"`).join(', ');
        await ds.query(`SELECT ${kolommen} FROM "${meta.tableName}" LIMIT 0`);
      }
    });

    it('seed the ZW gemeenten with Beemster ending on 2022-01-01', async () => {
      const lijst = await gemeenten(ds);
      expect(lijst).to.have.length(8);
      expect(lijst.find((g) => g.cbsCode === '0370')).to.deep.equal({ cbsCode: '0370', naam: 'Beemster', geldigVan: null, geldigTot: '2022-01-01' });
    });
  });

  describe('append-only tables', () => {
    it('reject UPDATE and DELETE on audit_log', async () => {
      const a = await schrijfAudit(ds, { actor: 'test', action: 'proef', entity: 'aanbieder', entityId: '1', details: { bedragCents: 123n } });
      expect(a.details).to.deep.equal({ bedragCents: '123' });
      expect(await foutcode(ds.query(`UPDATE audit_log SET actor = 'x' WHERE id = $1`, [a.id]))).to.equal('23000');
      expect(await foutcode(ds.query('DELETE FROM audit_log WHERE id = $1', [a.id]))).to.equal('23000');
      expect((await auditVan(ds, 'aanbieder', '1'))[0].actor).to.equal('test');
    });

    it('audit trail (issue 16): records who, when, what, before and after, and refuses UPDATE, DELETE and TRUNCATE, also of a whole table', async () => {
      const a = await schrijfAudit(ds, { actor: 'beheerder', action: 'plafond.wijzig', entity: 'budgetplafond', entityId: '7', voor: { bedragCents: 100n }, na: { bedragCents: 150n } });
      expect(a).to.include({ actor: 'beheerder', action: 'plafond.wijzig', entity: 'budgetplafond', entityId: '7' });
      expect(a.at).to.be.instanceOf(Date);
      expect({ voor: a.voor, na: a.na }).to.deep.equal({ voor: { bedragCents: '100' }, na: { bedragCents: '150' } });
      expect(await foutcode(ds.query(`UPDATE audit_log SET na = '{}'::jsonb`))).to.equal('23000');
      expect(await foutcode(ds.query('DELETE FROM audit_log'))).to.equal('23000');
      expect(await foutcode(ds.query('TRUNCATE audit_log'))).to.equal('23000');
      // Inside a transaction as well: the refusal is the database's, not the application's.
      expect(await foutcode(ds.transaction((m) => m.query(`UPDATE audit_log SET actor = 'x' WHERE id = $1`, [a.id])))).to.equal('23000');
      expect((await auditVan(ds, 'budgetplafond', '7')).map((r) => [r.actor, r.voor, r.na])).to.deep.equal([['beheerder', { bedragCents: '100' }, { bedragCents: '150' }]]);
      // A BSN is refused in what changed, too.
      expect(await foutcode(schrijfAudit(ds, { actor: 'x', action: 'y', entity: 'client', na: { sleutel: '999900006' } }))).to.not.equal(null);
    });

    it('reject UPDATE and DELETE on budgetplafond_mutatie', async () => {
      await upsertBudgetplafonds(ds, [{ jaar: 2024, agbCode: '87654321', domein: 'WMO', gemeenteCode: null, bedragCents: 500n }],
        { reden: 'import', door: 'test', datum: datum('2024-01-01') });
      expect(await foutcode(ds.query('UPDATE budgetplafond_mutatie SET reden = $1', ['x']))).to.equal('23000');
      expect(await foutcode(ds.query('DELETE FROM budgetplafond_mutatie'))).to.equal('23000');
    });

    it('refuse an audit entry that carries a BSN', async () => {
      let fout: unknown;
      try {
        await schrijfAudit(ds, { actor: 't', action: 'a', entity: 'client', details: { client: '999900006' } });
      } catch (e) {
        fout = e;
      }
      expect(fout).to.have.property('name', 'ValidatieFout');
    });
  });

  describe('uniqueness rules of the standard', () => {
    it('TR056: the same BerichtIdentificatie from the same afzender and berichtsoort is refused, unless recorded as a duplicate', async () => {
      const eerste = await bericht(ds, '12345678', 'B-001');
      expect(await foutcode(bericht(ds, '12345678', 'B-001'))).to.equal('23505');
      await bericht(ds, '12345678', 'B-001', 'JW305');
      await bericht(ds, '87654321', 'B-001');
      await bericht(ds, '12345678', 'B-001', 'JW323', eerste);
    });

    it('TR333: the same DeclaratieNummer twice for one aanbieder and domein is refused', async () => {
      await declaratie(ds, aanbiederId, 'DECL-1');
      expect(await foutcode(declaratie(ds, aanbiederId, 'DECL-1'))).to.equal('23505');
    });

    it('TR314: a ReferentieNummer is unique per aanbieder and domein across partitions and declaraties', async () => {
      const nieuw = (ref: string, begin: Datum, retourcodes: string[] = []): NieuwePrestatie => ({
        clientId: null, toewijzingId: null, toewijzingNummer: '1', referentieNummer: ref, vorigReferentieNummer: null, productcategorie: '45',
        productcode: '45A01', periodeBegin: begin, periodeEind: begin, volume: 10, eenheid: '04', tarief: 100n, ingediend: 1000n, debetCredit: 'D',
        toegekend: retourcodes.length ? null : 1000n, beslissing: retourcodes.length ? 'afgewezen' : 'toegekend', retourcodes,
      });
      const boek = async (nummer: string, prestaties: NieuwePrestatie[]) => rondAf(ds, await bericht(ds, '12345678', `D-${nummer}`), ({ declaratieId }) => ({
        declaratie: {
          id: declaratieId, prestaties,
          declaratie: {
            aanbiederId, gemeente: '0479', domein: 'JW', declaratieNummer: nummer, periodeBegin: datum('2025-01-01'), periodeEind: datum('2025-01-31'),
            dagtekening: datum('2025-02-03'), totaalIngediend: 1000n, ingediendDebetCredit: 'D', totaalToegekend: 1000n, toegekendDebetCredit: 'D', status: 'beantwoord',
          },
        },
      }));
      await boek('DECL-2', [nieuw('REF-1', datum('2025-01-01'))]);
      expect(await foutcode(boek('DECL-3', [nieuw('REF-1', datum('2011-12-01'))]))).to.equal('23505');
      // The duplicate itself, rejected with 8021, can be stored for the record.
      await boek('DECL-4', [nieuw('REF-1', datum('2011-12-01'), ['8021'])]);
      const [{ n }] = await sqlRijen<{ n: number }>(ds, `SELECT count(*)::int AS n FROM prestatie WHERE referentie_nummer = 'REF-1'`);
      expect(n).to.equal(2);
      const tabel = async () => (await sqlRijen<{ tabel: string }>(ds,
        `SELECT tableoid::regclass::text AS tabel FROM prestatie WHERE referentie_nummer = 'REF-1' AND periode_begin = '2011-12-01'`)).map((r) => r.tabel);
      // A year long past has no partition, so its rows wait in the default partition.
      expect(await tabel()).to.deep.equal(['prestatie_default']);
      // Adding the year's partition moves them; adding it again changes nothing.
      const [{ nieuw: gemaakt }] = await sqlRijen<{ nieuw: boolean }>(ds, 'SELECT prestatie_partitie(2011) AS nieuw');
      const [{ nieuw: nogmaals }] = await sqlRijen<{ nieuw: boolean }>(ds, 'SELECT prestatie_partitie(2011) AS nieuw');
      expect([gemaakt, nogmaals]).to.deep.equal([true, false]);
      expect(await tabel()).to.deep.equal(['prestatie_2011']);
      expect(await foutcode(boek('DECL-5', [nieuw('REF-1', datum('2011-11-01'))]))).to.equal('23505');
    });
  });

  describe('references of a prestatie (checked once per statement)', () => {
    const prestatie = (declaratieId: string, extra: { clientId?: string; toewijzingId?: string; gemeente?: string } = {}) =>
      ds.query(
        `INSERT INTO prestatie (declaratie_id, aanbieder_id, domein, gemeente_code, client_id, toewijzing_id, referentie_nummer, productcategorie,
           periode_begin, periode_eind, volume, eenheid, ingediend_cents, debet_credit, beslissing)
         VALUES ($1, $2, 'JW', $3, $4, $5, $6, '45', '2025-01-01', '2025-01-31', 1, '04', 100, 'D', 'afgewezen')`,
        [declaratieId, aanbiederId, extra.gemeente ?? '0479', extra.clientId ?? null, extra.toewijzingId ?? null, `REF-V-${randomUUID()}`],
      );

    it('refuse a prestatie whose declaratie, client or toewijzing does not exist, or whose declaratie has another gemeente', async () => {
      const d = await declaratie(ds, aanbiederId, `DECL-V-${randomUUID().slice(0, 8)}`);
      await prestatie(d);
      expect(await foutcode(prestatie('999999999'))).to.equal('23503');
      expect(await foutcode(prestatie(d, { gemeente: '0439' }))).to.equal('23503');
      expect(await foutcode(prestatie(d, { clientId: '999999999' }))).to.equal('23503');
      expect(await foutcode(prestatie(d, { toewijzingId: '999999999' }))).to.equal('23503');
      expect(await foutcode(ds.query(`UPDATE prestatie SET client_id = 999999999 WHERE declaratie_id = $1`, [d]))).to.equal('23503');
    });

    it('refuse deleting a declaratie or a client, and changing their keys, so no prestatie loses what it refers to', async () => {
      const d = await declaratie(ds, aanbiederId, `DECL-W-${randomUUID().slice(0, 8)}`);
      const [{ id: clientId }] = await sqlRijen<{ id: string }>(ds, `INSERT INTO client (bsn, pseudoniem) VALUES ('999911112', 'P-W') RETURNING id::text AS id`);
      expect(await foutcode(ds.query('DELETE FROM declaratie WHERE id = $1', [d]))).to.equal('23000');
      expect(await foutcode(ds.query(`UPDATE declaratie SET gemeente_code = '0439' WHERE id = $1`, [d]))).to.equal('23000');
      expect(await foutcode(ds.query('DELETE FROM client WHERE id = $1', [clientId]))).to.equal('23000');
      expect(await foutcode(ds.query('UPDATE client SET id = id + 1000000 WHERE id = $1', [clientId]))).to.equal('23000');
      await ds.query(`UPDATE declaratie SET status = 'beantwoord' WHERE id = $1`, [d]);
    });
  });

  describe('tarieven', () => {
    it('refuse two tariffs with overlapping validity for the same product and aanbieder', async () => {
      await upsertTarieven(ds, [{ domein: 'JW', productcategorie: '45', productcode: '45A01', eenheid: '04', bedragCents: 8000n, ingangsdatum: datum('2025-01-01'), einddatum: null, agbCode: null }]);
      let fout: unknown;
      try {
        await upsertTarieven(ds, [{ domein: 'JW', productcategorie: '45', productcode: '45A01', eenheid: '04', bedragCents: 8100n, ingangsdatum: datum('2025-06-01'), einddatum: null, agbCode: null }]);
      } catch (e) {
        fout = e;
      }
      expect(fout).to.have.property('name', 'Conflict');
    });

    it("find the aanbieder's own tariff before the regional one, each only within its validity", async () => {
      await upsertTarieven(ds, [
        { domein: 'JW', productcategorie: '45', productcode: '45A01', eenheid: '04', bedragCents: 8500n, ingangsdatum: datum('2025-03-01'), einddatum: datum('2025-12-31'), agbCode: '12345678' },
        { domein: 'JW', productcategorie: '45', productcode: '45A01', eenheid: '04', bedragCents: 7500n, ingangsdatum: datum('2024-01-01'), einddatum: datum('2024-12-31'), agbCode: null },
      ]);
      const vraag = { domein: 'JW' as const, productcategorie: '45', productcode: '45A01', agbCode: '12345678' };
      expect((await tariefOpDatum(ds, { ...vraag, datum: datum('2025-03-01') }))?.bedragCents).to.equal(8500n);
      expect((await tariefOpDatum(ds, { ...vraag, datum: datum('2025-02-28') }))?.bedragCents).to.equal(8000n);
      expect((await tariefOpDatum(ds, { ...vraag, agbCode: '87654321', datum: datum('2025-03-01') }))?.bedragCents).to.equal(8000n);
      expect((await tariefOpDatum(ds, { ...vraag, datum: datum('2024-06-30') }))?.bedragCents).to.equal(7500n);
      expect(await tariefOpDatum(ds, { ...vraag, datum: datum('2023-12-31') })).to.equal(null);
    });
  });

  describe('budgetplafonds', () => {
    it('record creation and every change as a mutation, and nothing for an unchanged amount', async () => {
      const ctx = { reden: 'import', door: 'admin', datum: datum('2025-01-01') };
      const p = { jaar: 2025, agbCode: '12345678', domein: 'JW' as const, gemeenteCode: '0479', bedragCents: 100_000_00n };
      expect(await upsertBudgetplafonds(ds, [p], ctx)).to.deep.equal({ nieuw: 1, gewijzigd: 0, ongewijzigd: 0 });
      expect(await upsertBudgetplafonds(ds, [p], ctx)).to.deep.equal({ nieuw: 0, gewijzigd: 0, ongewijzigd: 1 });
      const [plafond] = await budgetplafonds(ds, { jaar: 2025, agbCode: '12345678' });
      const gewijzigd = await wijzigBudgetplafond(ds, plafond.id, 120_000_00n, { reden: 'herverdeling', door: 'cm', datum: datum('2025-07-01') });
      expect(gewijzigd.bedragCents).to.equal(120_000_00n);
      const mutaties = await plafondMutaties(ds, plafond.id);
      expect(mutaties.map((m) => [m.bedragOudCents, m.bedragNieuwCents, m.reden, m.datum])).to.deep.equal([
        [null, 100_000_00n, 'import', '2025-01-01'],
        [100_000_00n, 120_000_00n, 'herverdeling', '2025-07-01'],
      ]);
      const audit = await auditVan(ds, 'budgetplafond', String(plafond.id));
      expect(audit[0].details).to.include({ bedragOudCents: '10000000', bedragNieuwCents: '12000000' });
    });
  });

  describe('mailbox', () => {
    it('acknowledges an outgoing message only for the aanbieder it is addressed to', async () => {
      const ander = (await aanbiederOpAgb(ds, '87654321'))!.id;
      const { antwoordId: id } = await rondAf(ds, await bericht(ds, '12345678', 'MB-1'), ({ antwoordId }) => ({
        antwoord: {
          id: antwoordId, inhoud: '<Bericht/>', aanbiederId, correlationId: randomUUID(),
          kop: { berichttype: 'JW325', berichtcode: null, afzender: '0479', ontvanger: '12345678', identificatie: 'PL-MB-1', dagtekening: datum('2025-02-05') },
        },
      }));
      expect(await bevestigMailbox(ds, ander, id)).to.equal(false);
      expect((await mailbox(ds, aanbiederId)).map((m) => m.id)).to.include(id);
      expect(await bevestigMailbox(ds, aanbiederId, id)).to.equal(true);
      expect((await mailbox(ds, aanbiederId)).map((m) => m.id)).to.not.include(id);
      const [{ status }] = await sqlRijen<{ status: string }>(ds, 'SELECT status FROM bericht WHERE id = $1', [id]);
      expect(status).to.equal('opgehaald');
    });
  });

  describe('gebruikers', () => {
    it('store an argon2id hash and accept only the right password', async () => {
      await maakGebruiker(ds, { username: 'zaanstad', rol: 'gemeente', gemeenten: ['0479', '0439'], wachtwoord: 'geheim-123' });
      expect(await controleerGebruiker(ds, 'zaanstad', 'fout')).to.equal(null);
      expect(await controleerGebruiker(ds, 'onbekend', 'geheim-123')).to.equal(null);
      expect(await controleerGebruiker(ds, 'zaanstad', 'geheim-123')).to.deep.include({ rol: 'gemeente', gemeenten: ['0439', '0479'] });
      const [{ password_hash }] = await sqlRijen<{ password_hash: string }>(ds, `SELECT password_hash FROM app_user WHERE username = 'zaanstad'`);
      expect(password_hash).to.match(/^\$argon2id\$/).and.not.include('geheim');
    });

    it('keep a scrypt hash of before argon2id working and rehash it at the next sign-in', async () => {
      const [{ id }] = await sqlRijen<{ id: number }>(ds, `INSERT INTO app_user (username, rol, agb_code, password_hash) VALUES ('oud', 'aanbieder', '12345678', $1) RETURNING id`,
        ['scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA$' + scryptSync('oud-geheim', Buffer.from('saltsaltsaltsalt'), 32, { N: 16384, r: 8, p: 1 }).toString('base64url')]);
      expect(await controleerGebruiker(ds, 'oud', 'oud-geheim')).to.include({ id, rol: 'aanbieder' });
      const [{ password_hash }] = await sqlRijen<{ password_hash: string }>(ds, 'SELECT password_hash FROM app_user WHERE id = $1', [id]);
      expect(password_hash).to.match(/^\$argon2id\$/);
      expect(await controleerGebruiker(ds, 'oud', 'oud-geheim')).to.include({ id });
    });

    it('refuse an existing name, a gemeente user without gemeenten and an unknown CBS code', async () => {
      await maakGebruiker(ds, { username: 'dubbel', rol: 'backoffice', wachtwoord: 'x' });
      await expectReject(maakGebruiker(ds, { username: 'dubbel', rol: 'contractmanager', wachtwoord: 'y' }), /gebruiker 'dubbel' bestaat al/);
      await expectReject(maakGebruiker(ds, { username: 'leeg', rol: 'gemeente', wachtwoord: 'y' }), /minstens één gemeente/);
      await expectReject(maakGebruiker(ds, { username: 'vreemd', rol: 'gemeente', gemeenten: ['9999'], wachtwoord: 'y' }), /gemeente 9999 bestaat niet/);
    });

    it('lock an account after five failed sign-ins, refuse even the right password then, and audit each attempt', async () => {
      const g = await maakGebruiker(ds, { username: 'cm-slot', rol: 'contractmanager', wachtwoord: 'goed' });
      for (let n = 1; n < MAX_MISLUKTE_POGINGEN; n++) expect(await meldAan(ds, 'cm-slot', 'fout', { ip: '127.0.0.1' })).to.deep.equal({ uitkomst: 'onjuist' });
      expect((await meldAan(ds, 'cm-slot', 'fout')).uitkomst).to.equal('geblokkeerd');
      expect((await meldAan(ds, 'cm-slot', 'goed')).uitkomst).to.equal('geblokkeerd');
      const acties = (await auditVan(ds, 'app_user', String(g.id))).map((a) => a.action);
      expect(acties.filter((a) => a === 'aanmelden.mislukt')).to.have.length(MAX_MISLUKTE_POGINGEN);
      expect(acties).to.include.members(['gebruiker.geblokkeerd', 'aanmelden.geweigerd']);
      await resetWachtwoord(ds, 'cm-slot', 'nieuw', 'beheerder');
      expect((await meldAan(ds, 'cm-slot', 'goed')).uitkomst).to.equal('onjuist');
      expect(await meldAan(ds, 'cm-slot', 'nieuw')).to.deep.include({ uitkomst: 'aangemeld' });
      expect((await auditVan(ds, 'app_user', String(g.id))).map((a) => a.action)).to.include.members(['gebruiker.wachtwoord-gereset', 'aangemeld']);
    });

    it('take about as long for an unknown user as for a wrong password (no timing oracle)', async () => {
      await controleerGebruiker(ds, 'bestaat-niet', 'x');
      const meet = async (naam: string) => {
        const t = process.hrtime.bigint();
        for (let i = 0; i < 5; i++) await controleerGebruiker(ds, naam, 'fout-wachtwoord');
        return Number(process.hrtime.bigint() - t) / 5e6;
      };
      const onbekend = await meet('bestaat-niet');
      const bekend = await meet('zaanstad');
      // Both run one argon2id verification; without it an unknown name answered in well under a millisecond.
      expect(onbekend).to.be.greaterThan(bekend / 5);
      expect(onbekend).to.be.lessThan(bekend * 5);
    });
  });

  describe('sql/uitnutting-per-domein.sql', () => {
    it('sums granted prestaties per gemeente, domein and month against the plafond', async () => {
      const rijen = await voerSqlUit<{ gemeente_code: string | null; domein: string; maand: string; toegekend_cents: string; cumulatief_cents: string; plafond_cents: string | null }>(
        ds, 'uitnutting-per-domein', { jaar: 2025, agb_code: '12345678' });
      const jan = rijen.find((r) => r.gemeente_code === '0479' && r.domein === 'JW' && r.maand === '2025-01')!;
      expect(jan.toegekend_cents).to.equal('1000');
      expect(jan.plafond_cents).to.equal('12000000');
      const dec = rijen.find((r) => r.gemeente_code === '0479' && r.domein === 'JW' && r.maand === '2025-12')!;
      expect(dec.cumulatief_cents).to.equal('1000');
      expect(rijen.filter((r) => r.gemeente_code === '0479' && r.domein === 'JW')).to.have.length(12);
    });
  });
});

describe('openDatabase with embedded PostgreSQL', function () {
  this.timeout(120_000);
  it('starts a private server, answers select 1 on the migrated schema and stops', async () => {
    const begin = performance.now();
    const db = await openDatabase({ embedded: true });
    const gestart = performance.now() - begin;
    try {
      expect(db.embedded).to.equal(true);
      const [{ een }] = await sqlRijen<{ een: number }>(db.dataSource, 'SELECT 1 AS een');
      expect(een).to.equal(1);
      expect(await gemeenten(db.dataSource)).to.have.length(8);
    } finally {
      await db.close();
    }
    process.stdout.write(`      embedded PostgreSQL: initdb + start + migrate in ${Math.round(gestart)} ms\n`);
  });
});

describe('openGedeeldeDatabase: the automatic server stays while another user has it', function () {
  this.timeout(180_000);
  let home: string;
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'plafond-home-db-'));
  });
  after(async () => {
    await stopDatabase(home);
    await rm(home, { recursive: true, force: true });
  });

  it('a second user of the same command is not stopped by the first one closing; the last one stops it', async () => {
    const a = await openGedeeldeDatabase({ home, door: 'import' });
    const b = await openGedeeldeDatabase({ home, door: 'import' });
    expect(a.embedded).to.equal(true);
    expect(b.embedded).to.equal(false);
    await a.close();
    expect((await databaseStatus(home)).actief, 'draait nog voor b').to.equal(true);
    const [{ een }] = await sqlRijen<{ een: number }>(b.dataSource, 'SELECT 1 AS een');
    expect(een).to.equal(1);
    await b.close();
    expect((await databaseStatus(home)).actief, 'gestopt na de laatste').to.equal(false);
    expect(await readdir(join(home, 'gebruikers'))).to.deep.equal([]);
  });
});
