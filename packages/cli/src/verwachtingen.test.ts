import { expect } from 'chai';
import { maakTestDatabase, sqlRijen, type TestDatabase } from '@plafond/db';
import { aanbiedersCsv, genereerMaand, genereerRegio, plafondsCsv, tarievenCsv, type Verwachting } from '@plafond/fixtures';
import { serialiseer } from '@plafond/istandaard';
import { importeerStamdata } from '@plafond/stamdata';
import { CONFIG } from '../../../test/support/declaraties';
import { verwerkBerichten } from './verwerk';

/**
 * The fixtures generator plants business mistakes and says which retourcode each should get; the pipeline
 * must answer exactly those — message by message: the same rejected prestaties, each with its planted code,
 * and no others — or the generator and the rules disagree about the standard.
 */
describe('fixtures: the generator\'s planted mistakes are what the pipeline answers, message by message', function () {
  this.timeout(300_000);
  let db: TestDatabase;

  before(async () => {
    db = await maakTestDatabase();
  });
  after(async () => db?.drop());

  it('rejects exactly the planted prestaties with their codes, and whole messages where a message-level mistake was planted', async () => {
    const regio = genereerRegio({ seed: 11, aanbieders: 12, clienten: 400, maanden: 3 });
    const ds = db.dataSource;
    await importeerStamdata(ds, [
      { naam: 'aanbieders.csv', inhoud: Buffer.from(aanbiedersCsv(regio)) },
      { naam: 'tarieven.csv', inhoud: Buffer.from(tarievenCsv(regio)) },
      { naam: 'plafonds.csv', inhoud: Buffer.from(plafondsCsv(regio)) },
    ], 'test');
    const verwachtingen: Verwachting[] = [];
    const berichten: { naam: string; inhoud: Buffer }[] = [];
    for (let m = 0; m < 3; m++) {
      const maand = genereerMaand(regio, m);
      verwachtingen.push(...maand.verwachtingen);
      for (const b of [...maand.berichten].sort((a, z) => (a.bestandsnaam < z.bestandsnaam ? -1 : 1))) berichten.push({ naam: b.bestandsnaam, inhoud: Buffer.from(serialiseer(b.model)) });
    }
    berichten.sort((a, z) => (a.naam < z.naam ? -1 : a.naam > z.naam ? 1 : 0));
    const uitkomsten = await verwerkBerichten(ds, berichten, { config: CONFIG });
    expect(verwachtingen.filter((v) => v.referentieNummer).length, 'planted prestatie mistakes').to.be.greaterThan(10);

    const afgewezen = await sqlRijen<{ bestandsnaam: string; referentie_nummer: string; retourcodes: string[] }>(
      ds,
      `SELECT b.bestandsnaam, p.referentie_nummer, p.retourcodes FROM prestatie p JOIN declaratie d ON d.id = p.declaratie_id JOIN bericht b ON b.id = d.bericht_id
        WHERE p.beslissing = 'afgewezen'`,
    );
    const werkelijk = new Map<string, Map<string, string[]>>();
    for (const r of afgewezen) {
      if (!werkelijk.has(r.bestandsnaam)) werkelijk.set(r.bestandsnaam, new Map());
      werkelijk.get(r.bestandsnaam)!.set(r.referentie_nummer, r.retourcodes);
    }
    const verschillen: string[] = [];
    const perBericht = new Map<string, Verwachting[]>();
    for (const v of verwachtingen) perBericht.set(v.bestandsnaam, [...(perBericht.get(v.bestandsnaam) ?? []), v]);
    const uitkomstVan = new Map(uitkomsten.map((u) => [u.file, u]));
    for (const b of berichten) {
      const verwacht = perBericht.get(b.naam) ?? [];
      const u = uitkomstVan.get(b.naam)!;
      const berichtCode = verwacht.find((v) => !v.referentieNummer);
      if (berichtCode) {
        if (!u.retourcodes.includes(berichtCode.retourcode)) verschillen.push(`${b.naam}: verwacht ${berichtCode.retourcode} op het bericht, kreeg ${u.retourcodes.join(' ')}`);
        continue;
      }
      const gepland = new Map(verwacht.filter((v) => v.referentieNummer).map((v) => [v.referentieNummer!, v.retourcode]));
      const echt = werkelijk.get(b.naam) ?? new Map<string, string[]>();
      for (const [ref, code] of gepland) {
        const codes = echt.get(ref);
        if (!codes) verschillen.push(`${b.naam} ${ref}: verwacht ${code}, toegekend`);
        else if (!codes.includes(code)) verschillen.push(`${b.naam} ${ref}: verwacht ${code}, kreeg ${codes.join(' ')}`);
      }
      for (const [ref, codes] of echt) if (!gepland.has(ref)) verschillen.push(`${b.naam} ${ref}: niet gepland, afgewezen met ${codes.join(' ')}`);
    }
    expect(verschillen.slice(0, 20), `${verschillen.length} verschillen`).to.deep.equal([]);
  });
});
