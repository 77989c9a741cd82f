import { expect } from 'chai';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkBestand } from '../check';
import { parseBericht, type ParseUitkomst } from './parse-bericht';

const KOP = `<?xml version="1.0" encoding="UTF-8"?>
<jw323:Bericht xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema" xmlns:jw323="http://www.istandaarden.nl/ijw/3_2/jw323/schema">`;

function xmlFout(u: ParseUitkomst): string {
  expect(u.welgevormd, 'welgevormd').to.equal(false);
  expect(u.schemaGeldig).to.equal(false);
  const m = u.schemaMeldingen.find((x) => x.regel === 'XML');
  expect(m, JSON.stringify(u.schemaMeldingen)).to.not.equal(undefined);
  expect(m!.retourcode).to.equal('0001');
  return m!.tekst;
}

/** Samples the resident set size while `werk` runs; returns the peak in MB. */
async function piekGeheugen(werk: () => Promise<void>): Promise<number> {
  let piek = process.memoryUsage().rss;
  const t = setInterval(() => {
    piek = Math.max(piek, process.memoryUsage().rss);
  }, 20);
  try {
    await werk();
  } finally {
    clearInterval(t);
  }
  return Math.max(piek, process.memoryUsage().rss) / 1024 / 1024;
}

function willekeurigeBytes(seed: number, n: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

describe('hostile input', function () {
  this.timeout(60_000);

  it('rejects billion-laughs entity expansion at the DOCTYPE, without expanding anything', async () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;">]>
<lolz>&lol9;</lolz>`;
    expect(xmlFout(await parseBericht(xml))).to.match(/DOCTYPE/);
  });

  it('rejects an external entity (SYSTEM file:///etc/passwd) and never reads it', async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${KOP}&xxe;</jw323:Bericht>`;
    const u = await parseBericht(xml);
    expect(xmlFout(u)).to.match(/DOCTYPE/);
    expect(JSON.stringify(u)).to.not.include('root:x:0');
  });

  it('rejects an entity reference that is not one of the five predefined ones', async () => {
    expect(xmlFout(await parseBericht(`${KOP}&xxe;</jw323:Bericht>`))).to.match(/onbekende entiteit &xxe;/);
  });

  it('stops 200k-deep nesting at the depth limit', async () => {
    const xml = KOP + '<a>'.repeat(200_000) + '</a>'.repeat(200_000) + '</jw323:Bericht>';
    const t0 = Date.now();
    expect(xmlFout(await parseBericht(xml))).to.match(/nesting dieper dan 64/);
    expect(Date.now() - t0).to.be.below(5000);
  });

  it('rejects a 300 MB file by its size: at once from disk, and by counting bytes when streamed', async function () {
    const dir = mkdtempSync(join(tmpdir(), 'plafond-groot-'));
    const pad = join(dir, 'groot.xml');
    try {
      const client = `<jw323:Client><jw323:Bsn>999900006</jw323:Bsn></jw323:Client>\n`.repeat(16_000);
      const out = createWriteStream(pad);
      out.write(`${KOP}<jw323:Header/><jw323:Declaratie><jw323:Clienten>`);
      for (let n = 0; n < 300 * 1024 * 1024; n += client.length) {
        if (!out.write(client)) await new Promise<void>((r) => out.once('drain', () => r()));
      }
      await new Promise<void>((r) => out.end('</jw323:Clienten></jw323:Declaratie></jw323:Bericht>', r));

      const t0 = Date.now();
      const r = await checkBestand(pad);
      expect(Date.now() - t0).to.be.below(1000);
      expect(r.schema).to.equal('fout');
      expect(r.meldingen[0].tekst).to.match(/groter dan 209715200 bytes/);

      let u: ParseUitkomst | undefined;
      const piek = await piekGeheugen(async () => {
        u = await parseBericht(createReadStream(pad, { highWaterMark: 256 * 1024 }));
      });
      expect(xmlFout(u!)).to.match(/groter dan 209715200 bytes/);
      expect(u!.bytes).to.be.below(210 * 1024 * 1024);
      expect(piek).to.be.below(512);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers random bytes with a finding, never a crash or hang', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const bytes = willekeurigeBytes(seed, 64 * 1024);
      if (seed % 3 === 0) bytes.write(KOP, 0);
      xmlFout(await parseBericht(bytes));
    }
  });

  it('answers every truncation of a valid message with a well-formedness finding', async () => {
    const xml = Buffer.from(`${KOP}<jw323:Header><jw323:BerichtCode>490</jw323:BerichtCode></jw323:Header><!-- x --><jw323:Declaratie/></jw323:Bericht>`);
    for (let n = 0; n < xml.length - 1; n += 7) xmlFout(await parseBericht(xml.subarray(0, n)));
  });

  it('rejects text, attributes and names beyond their limits', async () => {
    expect(xmlFout(await parseBericht(`${KOP}<a>${'x'.repeat(2000)}</a></jw323:Bericht>`, { limieten: { maxTextLength: 1000 } }))).to.match(/langer dan/);
    const attrs = Array.from({ length: 70 }, (_, i) => ` a${i}="1"`).join('');
    expect(xmlFout(await parseBericht(`${KOP}<a${attrs}/></jw323:Bericht>`))).to.match(/meer dan 64 attributen/);
    expect(xmlFout(await parseBericht(`${KOP}<${'n'.repeat(300)}/></jw323:Bericht>`))).to.match(/naam langer dan 256/);
    expect(xmlFout(await parseBericht(`${KOP}<a b="${'v'.repeat(70_000)}"/></jw323:Bericht>`))).to.match(/attribuutwaarde langer dan/);
  });
});
