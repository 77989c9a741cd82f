/**
 * Privacy (issue 16, item 5; SPEC §7): the demo and the load test run with LOG_LEVEL=debug, and no BSN and no
 * client name of their data appears in any log line, in the report, or in an API answer to an aanbieder —
 * except inside the iStandaarden retourberichten in the aanbieder's own mailbox, which by the standard
 * carry the BSN of the aanbieder's own client (JW325/WMO325 Client/Bsn).
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { genereerRegio, STANDAARD_OPTIES } from '@plafond/fixtures';
import { meetLast } from '../../bench/src/last';
import { ROOT } from '../support/processen';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Every cell of every sheet of a workbook, as text. */
async function werkboekTekst(pad: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(pad);
  const delen: string[] = [];
  wb.eachSheet((ws) => {
    delen.push(ws.name);
    ws.eachRow((rij) => rij.eachCell((cel) => delen.push(cel.text)));
  });
  return delen.join('\n');
}

/** The BSNs and names found in `tekst`, of those given (names as whole words). */
function gevonden(tekst: string, bsns: Iterable<string>, namen: Iterable<string>): string[] {
  const uit: string[] = [];
  for (const b of bsns) if (tekst.includes(b)) uit.push(`BSN ${b}`);
  for (const n of namen) if (new RegExp(`(^|[^\\p{L}])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^\\p{L}]|$)`, 'u').test(tekst)) uit.push(`naam ${n}`);
  return uit;
}

describe('privacy: no BSN or client name in logs, reports or API answers, with LOG_LEVEL=debug (issue 16)', function () {
  this.timeout(300_000);

  it('the demo (300 clienten, 3 maanden) logs and reports no BSN and no client name', async () => {
    const out = await mkdtemp(join(tmpdir(), 'plafond-privacy-'));
    try {
      const args = ['--clienten', '300', '--maanden', '3', '--aanbieders', '20'];
      const uitvoer = await new Promise<{ code: number | null; tekst: string }>((ok) => {
        const k = spawn(process.execPath, ['bin/plafond.mjs', 'demo', ...args, '--out', out], {
          cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'debug', DATABASE_URL: '' },
        });
        let tekst = '';
        k.stdout.on('data', (d: Buffer) => (tekst += d.toString()));
        k.stderr.on('data', (d: Buffer) => (tekst += d.toString()));
        k.on('close', (code) => ok({ code, tekst }));
      });
      expect(uitvoer.code, uitvoer.tekst.slice(-2000)).to.equal(0);
      const regio = genereerRegio({ ...STANDAARD_OPTIES, clienten: 300, aanbieders: 20 });
      expect(regio.clienten).to.have.length.greaterThan(250);
      const bsns = regio.clienten.map((c) => c.bsn);
      // Surnames that are also part of an aanbieder's or gemeente's name are not a client's in that place.
      const openbaar = [...regio.aanbieders.map((a) => a.naam), ...regio.gemeenten.map((g) => g.naam)].join(' ');
      const namen = new Set(regio.clienten.flatMap((c) => [
        `${c.naam.voornamen} ${c.naam.voorvoegsel ? `${c.naam.voorvoegsel} ` : ''}${c.naam.achternaam}`,
        ...(c.naam.achternaam.length >= 4 && !openbaar.includes(c.naam.achternaam) ? [c.naam.achternaam] : []),
      ]));
      expect(gevonden(uitvoer.tekst, bsns, namen), 'in de uitvoer en logregels').to.deep.equal([]);
      const bestanden = await readdir(out);
      expect(bestanden.filter((b) => b.endsWith('.xlsx'))).to.have.length.greaterThan(0);
      for (const b of bestanden) {
        const tekst = b.endsWith('.xlsx') ? await werkboekTekst(join(out, b)) : '';
        expect(tekst.length, b).to.be.greaterThan(100);
        expect(gevonden(tekst, bsns, namen), `in ${b}`).to.deep.equal([]);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('the load test (100 aanbieders) logs no BSN in any intake or worker line, and answers none in JSON', async () => {
    const logRegels: string[] = [];
    const json: string[] = [];
    const xml: string[] = [];
    const r = await meetLast({
      aanbieders: 100, berichtenPerAanbieder: 2, prestatiesPerBericht: 3, workers: 2, maxS: 240, redisUrl: REDIS_URL, log: () => undefined,
      env: { LOG_LEVEL: 'debug' }, logRegels: (t) => logRegels.push(t), antwoorden: (b) => (b.trimStart().startsWith('<') ? xml : json).push(b),
    });
    expect({ verloren: r.verloren, dubbel: r.dubbel, geaccepteerd: r.geaccepteerd }).to.deep.equal({ verloren: 0, dubbel: 0, geaccepteerd: 200 });
    const log = logRegels.join('');
    // Debug logging is on and says something per request: the test looks at real output.
    expect(log).to.contain('"level":"debug"');
    expect(log.split('\n').filter((l) => l.includes('"verzoek"')).length).to.be.greaterThan(100);
    // The load test's clients: 200 BSNs from 330000000 on (see bench/src/last.ts).
    const bsns: string[] = [];
    for (let n = 330_000_000; bsns.length < 200; n++) {
      const s = String(n);
      if ([...s].reduce((t, c, i) => t + Number(c) * (i === 8 ? -1 : 9 - i), 0) % 11 === 0) bsns.push(s);
    }
    expect(gevonden(log, bsns, []), 'in de logregels').to.deep.equal([]);
    expect(json.length).to.be.greaterThan(200);
    expect(gevonden(json.join('\n'), bsns, []), 'in de JSON-antwoorden').to.deep.equal([]);
    // The retourberichten were fetched too; they are iStandaarden messages to the aanbieder about its own
    // clients and may carry their BSN (a 325 lists the clients of rejected prestaties), so they are not checked.
    expect(xml.length).to.be.greaterThan(0);
  });
});
