import { expect } from 'chai';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maakTestDatabase, type TestDatabase } from '@plafond/db';
import { aanbiedersCsv, genereerMaand, genereerRegio, plafondsCsv, tarievenCsv } from '@plafond/fixtures';
import { serialiseer, type Bericht305, type Bericht323 } from '@plafond/istandaard';
import { opname } from './opname';
import { main } from './main';

/**
 * What the system sends must pass its own in-message check: every outgoing message of a generated month
 * (forwarded toewijzingen, retourberichten, declaratie-antwoorden) through `plafond check`.
 */
describe('plafond check on everything the system sends', function () {
  this.timeout(300_000);
  let db: TestDatabase;
  let dir: string;
  const oudeUrl = process.env.DATABASE_URL;

  before(async () => {
    db = await maakTestDatabase();
    process.env.DATABASE_URL = db.url;
    dir = await mkdtemp(join(tmpdir(), 'plafond-uitgaand-'));
  });
  after(async () => {
    if (oudeUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = oudeUrl;
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds nothing in any outgoing message of a generated month, rejections included', async () => {
    const regio = genereerRegio({ seed: 11, aanbieders: 12, clienten: 600, maanden: 2 });
    const invoer = join(dir, 'in');
    const uit = join(dir, 'uit');
    await mkdir(invoer, { recursive: true });
    await writeFile(join(invoer, 'aanbieders.csv'), aanbiedersCsv(regio));
    await writeFile(join(invoer, 'tarieven.csv'), tarievenCsv(regio));
    await writeFile(join(invoer, 'plafonds.csv'), plafondsCsv(regio));
    const berichten = [0, 1].flatMap((m) => genereerMaand(regio, m).berichten);
    // Rejections are answered too: a declaratie failing an in-message rule (TR358) is answered whole,
    // and a start with a Bsn failing the elfproef gets a 306 echoing it (no CS002 on a retour).
    const dec = berichten.find((b) => b.model.type === 'JW323')!;
    (dec.model as Bericht323).declaratie.totaalIngediendBedrag.totaalBedrag += 1n;
    const start = berichten.find((b) => b.model.type.endsWith('305'))!;
    (start.model as Bericht305).client.bsn = '999900007';
    for (const b of berichten) await writeFile(join(invoer, b.bestandsnaam), serialiseer(b.model));
    expect(await main(['verwerk', '--in', invoer, '--out', uit], opname())).to.equal(0);
    const verwerking = JSON.parse(await readFile(join(uit, 'verwerking.json'), 'utf8')) as { file: string; outcome: string; retourcodes: string[] }[];
    const afgewezen = verwerking.filter((v) => v.outcome === 'afgewezen').map((v) => v.file);
    expect(afgewezen).to.include.members([dec.bestandsnaam, start.bestandsnaam]);

    const bestanden = (await readdir(uit)).filter((f) => f.endsWith('.xml')).map((f) => join(uit, f));
    const io = opname();
    expect(await main(['check', '--json', ...bestanden], io)).to.equal(0);
    const uitslagen = io.uit.trim().split('\n').map((l) => JSON.parse(l) as { file: string; bericht: string; geldig: boolean; meldingen: unknown[] });
    expect(uitslagen).to.have.length(bestanden.length);
    const soorten = new Set(uitslagen.map((u) => u.bericht.replace(/^(JW|WMO)/, '')));
    // The month exercises every kind the system sends: forwarded 301s, 306/308 answers and 325s.
    for (const s of ['301', '306', '308', '325']) expect([...soorten], s).to.include(s);
    expect(uitslagen.filter((u) => !u.geldig).map((u) => `${u.bericht} ${JSON.stringify(u.meldingen)}`)).to.deep.equal([]);
  });
});
