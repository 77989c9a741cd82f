import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkBericht, checkBestand, checkRegel } from './check';

const DIR = process.env.ISTANDAARDEN_DIR ?? resolve(import.meta.dirname, '../../../../shared/istandaarden');

function voorbeeld(this: Mocha.Context, pad: string): string {
  const f = join(DIR, pad);
  if (!existsSync(f)) {
    console.log(`    (overgeslagen: ${f} ontbreekt; zet ISTANDAARDEN_DIR)`);
    this.skip();
  }
  return f;
}

describe('check', () => {
  it('reports a valid example with schema ok and its message type', async function () {
    const f = voorbeeld.call(this, 'iwmo-3.2/voorbeelden/WMO323.xml');
    const r = await checkBestand(f);
    expect(r).to.include({ file: f, bericht: 'WMO323', schema: 'ok' });
    expect(r.meldingen.filter((m) => m.regel === 'XSD' || m.regel === 'XML')).to.deep.equal([]);
    // geldig also depends on the in-message rules; it can only be true when no finding was reported.
    expect(r.geldig).to.equal(r.meldingen.length === 0);
  });

  it('reports the schema error of JW315 with retourcode 0001 and the path of the bad date', async function () {
    const r = await checkBestand(voorbeeld.call(this, 'ijw-3.2/voorbeelden/JW315.xml'));
    expect(r).to.include({ bericht: 'JW315', schema: 'fout', geldig: false });
    expect(r.retourcodes).to.deep.equal(['0001']);
    expect(r.meldingen[0]).to.deep.equal({
      pad: '/Bericht/Client/AangevraagdeProducten/AangevraagdProduct[1]/ToewijzingEinddatum',
      regel: 'XSD',
      tekst: "element ToewijzingEinddatum: '2027-06-31' is geen geldige datum (JJJJ-MM-DD)",
    });
  });

  it('turns a missing file into a finding instead of throwing', async () => {
    const r = await checkBestand('/bestaat/niet.xml');
    expect(r).to.include({ file: '/bestaat/niet.xml', bericht: null, schema: 'fout', geldig: false });
    expect(r.meldingen[0].regel).to.equal('IO');
    expect(r.meldingen[0].tekst).to.equal('/bestaat/niet.xml: het bestand bestaat niet');
  });

  it('rejects a file over the size limit without reading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plafond-check-'));
    try {
      const f = join(dir, 'b.xml');
      writeFileSync(f, `<a>${'x'.repeat(5000)}</a>`);
      const r = await checkBestand(f, { limieten: { maxBytes: 1000 } });
      expect(r.retourcodes).to.deep.equal(['0001']);
      expect(r.meldingen).to.deep.equal([{ pad: '/', regel: 'XML', tekst: 'document groter dan 1000 bytes (5007)' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks in-memory input, naming it as given', async () => {
    const r = await checkBericht('<Bericht/>', 'upload.xml');
    expect(r).to.include({ file: 'upload.xml', bericht: null, schema: 'fout', geldig: false });
  });

  it('renders the JSON line with keys in the fixed order', async () => {
    const r = await checkBericht('<a><b></a>', 'x.xml');
    const regel = checkRegel(r);
    expect(Object.keys(JSON.parse(regel))).to.deep.equal(['file', 'bericht', 'schema', 'geldig', 'retourcodes', 'meldingen']);
    expect(regel).to.equal(
      '{"file":"x.xml","bericht":null,"schema":"fout","geldig":false,"retourcodes":["0001"],"meldingen":[' +
        '{"pad":"/a","regel":"XSD","tekst":"root-element {}a is geen iJw/iWmo 3.2-bericht (verwacht Bericht in een berichtnamespace)"},' +
        '{"pad":"/a/b","regel":"XML","tekst":"regel 1: eindtag </a> past niet bij <b>"}]}',
    );
  });
});
