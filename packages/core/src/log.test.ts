import { expect } from 'chai';
import { maakLogger, redigeer, VERWIJDERD } from './log';

function opvanger(level: 'debug' | 'info' | 'warn' | 'error' | 'silent' = 'debug') {
  const regels: string[] = [];
  const log = maakLogger({ level, schrijf: (r) => regels.push(r) });
  return { log, regels, objecten: () => regels.map((r) => JSON.parse(r) as Record<string, unknown>) };
}

describe('logger', () => {
  it('writes one JSON object per line with time, level, msg and the fields', () => {
    const { log, objecten } = opvanger();
    log.info('bericht ontvangen', { berichtId: 'b-1', bytes: 1234 });
    const [regel] = objecten();
    expect(regel).to.include({ level: 'info', msg: 'bericht ontvangen', berichtId: 'b-1', bytes: 1234 });
    expect(Number.isNaN(Date.parse(regel.time as string))).to.equal(false);
  });

  it('leaves out lines below its level and writes nothing when silent', () => {
    const { log, objecten } = opvanger('warn');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(objecten().map((r) => r.level)).to.deep.equal(['warn', 'error']);
    const stil = opvanger('silent');
    stil.log.error('niets');
    expect(stil.regels).to.deep.equal([]);
  });

  it('binds fields in a child logger without changing the parent', () => {
    const { log, objecten } = opvanger();
    const kind = log.child({ correlationId: 'c-42' });
    kind.info('in kind', { stap: 1 });
    log.info('in ouder');
    const [a, b] = objecten();
    expect(a).to.include({ correlationId: 'c-42', stap: 1 });
    expect(b).to.not.have.property('correlationId');
  });

  it('never lets a BSN reach the output, whatever field or message carries it', () => {
    const { log, regels } = opvanger();
    const velden = {
      bsn: '123456782',
      clientBsn: 999999990,
      geslachtsnaam: 'Jansen',
      voornamen: 'Piet Klaas',
      adres: { straat: 'Dorpsstraat 1' },
      telefoon: '0612345678',
      omschrijving: 'client 123456782 niet gevonden',
      gegroepeerd: 'BSN 123.456.782 onbekend',
      lijst: ['111222333', { bsn: '123456782' }],
    };
    log.error('fout voor 123456782', velden);
    log.child(velden).warn('kind');
    const uit = regels.join('\n');
    for (const verboden of ['123456782', '999999990', 'Jansen', 'Piet', 'Dorpsstraat', '0612345678', '123.456.782', '111222333']) {
      expect(uit).to.not.contain(verboden);
    }
    const [eerste] = regels.map((r) => JSON.parse(r));
    expect(eerste.msg).to.equal(`fout voor ${VERWIJDERD}`);
    expect(eerste.omschrijving).to.equal(`client ${VERWIJDERD} niet gevonden`);
  });

  it('redacts BSNs inside error messages and stacks', () => {
    const { log, regels } = opvanger();
    log.error('verwerking mislukt', { err: new Error('onbekende client 123456782') });
    expect(regels[0]).to.not.contain('123456782');
    const err = JSON.parse(regels[0]).err;
    expect(err).to.include({ name: 'Error', message: `onbekende client ${VERWIJDERD}` });
  });

  it('keeps ids and amounts that are not nine digits alone', () => {
    expect(redigeer({ agb: '12345678', bedragCent: '1234567890', berichtId: '0b9f8c1e-1234', dag: '2025-01-31' })).to.deep.equal({
      agb: '12345678',
      bedragCent: '1234567890',
      berichtId: '0b9f8c1e-1234',
      dag: '2025-01-31',
    });
  });

  it('does not let a field overwrite the level or message', () => {
    const { log, objecten } = opvanger();
    log.info('echt', { level: 'error', msg: 'nep' });
    expect(objecten()[0]).to.include({ level: 'info', msg: 'echt' });
  });

  it('survives cycles and bigints', () => {
    const a: Record<string, unknown> = { bedrag: 12n };
    a.zelf = a;
    expect(redigeer(a)).to.deep.equal({ bedrag: '12', zelf: '[kringverwijzing]' });
  });
});
