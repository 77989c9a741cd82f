import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { leesConfig, maakLogger, ValidatieFout } from '@plafond/core';
import type { BerichtStatus, IntakeDeps, MailboxItem, UitgaandBericht } from './deps';
import { intakeOpenApi } from './openapi';
import { startIntake, type IntakeServer } from './server';

const AGB_A = '12345678';
const AGB_B = '87654321';
const WACHTWOORDEN: Record<string, string> = { [AGB_A]: 'geheim-a', [AGB_B]: 'geheim-b' };

/**
 * A working, in-memory implementation of the intake use cases: what the real ones do over the
 * database, with Maps. Enough to exercise the HTTP contract end to end.
 */
class GeheugenIntake implements IntakeDeps {
  readonly ontvangen = new Map<string, { agb: string; inhoud: Buffer; bestandsnaam?: string; correlationId: string }>();
  readonly statussen = new Map<string, BerichtStatus>();
  readonly uitgaand = new Map<string, UitgaandBericht & { dagtekening: string; beschikbaarOp: string; bevestigdOp?: string }>();

  async authenticeer(agb: string, wachtwoord: string) {
    return WACHTWOORDEN[agb] !== undefined && WACHTWOORDEN[agb] === wachtwoord ? { agb } : null;
  }

  async ontvang(agb: string, inhoud: Buffer, meta: { bestandsnaam?: string; correlationId: string }) {
    if (!inhoud.toString('utf8').includes('<')) {
      throw new ValidatieFout('geen XML', [{ pad: '/', regel: 'intake.xml', tekst: 'inhoud is geen XML', retourcode: '0001' }]);
    }
    const berichtId = randomUUID();
    this.ontvangen.set(berichtId, { agb, inhoud, ...meta });
    this.statussen.set(berichtId, { berichtId, agb, status: 'ontvangen', ontvangenOp: new Date().toISOString(), retourcodes: [] });
    return { berichtId, status: 'ontvangen' };
  }

  async status(agb: string, berichtId: string) {
    const s = this.statussen.get(berichtId);
    return s && s.agb === agb ? s : null;
  }

  async mailbox(agb: string, filter: { sinds?: string; limit: number }): Promise<MailboxItem[]> {
    return [...this.uitgaand.values()]
      .filter((b) => b.agb === agb && !b.bevestigdOp && (filter.sinds === undefined || b.beschikbaarOp >= filter.sinds))
      .sort((a, b) => a.beschikbaarOp.localeCompare(b.beschikbaarOp))
      .slice(0, filter.limit)
      .map(({ id, type, dagtekening, beschikbaarOp }) => ({ id, type, dagtekening, beschikbaarOp }));
  }

  async haalOp(agb: string, id: string) {
    const b = this.uitgaand.get(id);
    return b && b.agb === agb ? b : null;
  }

  async bevestig(agb: string, id: string) {
    const b = this.uitgaand.get(id);
    if (!b || b.agb !== agb) return null;
    b.bevestigdOp ??= new Date().toISOString();
    return { id, agb, bevestigdOp: b.bevestigdOp };
  }

  zetInMailbox(agb: string, id: string, type: string, beschikbaarOp: string, xml: string): void {
    this.uitgaand.set(id, { id, agb, type, xml, dagtekening: beschikbaarOp.slice(0, 10), beschikbaarOp });
  }
}

const basic = (agb: string, wachtwoord: string) => 'Basic ' + Buffer.from(`${agb}:${wachtwoord}`).toString('base64');
const ALS_A = { Authorization: basic(AGB_A, WACHTWOORDEN[AGB_A]) };
const ALS_B = { Authorization: basic(AGB_B, WACHTWOORDEN[AGB_B]) };
const XML = '<?xml version="1.0" encoding="UTF-8"?><Bericht><Header><BerichtCode>436</BerichtCode></Header></Bericht>';

describe('intake service (HTTP)', () => {
  let deps: GeheugenIntake;
  let intake: IntakeServer;
  const logRegels: string[] = [];

  beforeEach(async () => {
    deps = new GeheugenIntake();
    logRegels.length = 0;
    const config = leesConfig({ INTAKE_PORT: '0', PLAFOND_MAX_BERICHT_MB: '1', LOG_LEVEL: 'debug' });
    intake = await startIntake(config, deps, { host: '127.0.0.1', logger: maakLogger({ level: 'debug', schrijf: (r) => logRegels.push(r) }) });
  });

  afterEach(async () => {
    await intake.close();
  });

  const haal = (pad: string, init: RequestInit = {}) => fetch(intake.url + pad, init);
  const post = (pad: string, body: string | Buffer, headers: Record<string, string>) => haal(pad, { method: 'POST', body, headers });

  it('answers /health and /openapi.json without a login', async () => {
    const h = await haal('/health');
    expect(h.status).to.equal(200);
    expect(await h.json()).to.deep.equal({ status: 'ok' });
    const o = await haal('/openapi.json');
    expect(o.status).to.equal(200);
    expect(o.headers.get('content-type')).to.match(/^application\/json/);
  });

  it('refuses every other route without credentials with 401 and a Basic challenge', async () => {
    for (const [methode, pad] of [['GET', '/mailbox'], ['POST', '/berichten'], ['GET', '/berichten/x'], ['GET', '/mailbox/x'], ['POST', '/mailbox/x/bevestiging']]) {
      const r = await haal(pad, { method: methode });
      expect(r.status, `${methode} ${pad}`).to.equal(401);
      expect(r.headers.get('www-authenticate')).to.match(/^Basic realm="plafond-intake"/);
      expect(r.headers.get('content-type')).to.match(/^application\/problem\+json/);
    }
  });

  it('refuses a wrong password, an unknown AGB code and a non-Basic scheme with 401', async () => {
    for (const authorization of [basic(AGB_A, 'geheim-b'), basic('99999999', 'x'), 'Bearer abc', 'Basic !!!', basic(AGB_A, '')]) {
      const r = await haal('/mailbox', { headers: { Authorization: authorization } });
      expect(r.status, authorization).to.equal(401);
    }
  });

  it('accepts a posted message with 202, its id and a Location that gives its status', async () => {
    const r = await post('/berichten?bestandsnaam=declaratie-januari.xml', XML, { ...ALS_A, 'Content-Type': 'application/xml; charset=utf-8', 'X-Correlation-Id': 'corr-1' });
    expect(r.status).to.equal(202);
    const body = (await r.json()) as { id: string; status: string };
    expect(body.status).to.equal('ontvangen');
    expect(r.headers.get('location')).to.equal(`/berichten/${body.id}`);
    expect(r.headers.get('x-correlation-id')).to.equal('corr-1');

    const opgeslagen = deps.ontvangen.get(body.id)!;
    expect(opgeslagen.agb).to.equal(AGB_A);
    expect(opgeslagen.inhoud.toString('utf8')).to.equal(XML);
    expect(opgeslagen).to.include({ bestandsnaam: 'declaratie-januari.xml', correlationId: 'corr-1' });

    deps.statussen.get(body.id)!.status = 'afgekeurd';
    deps.statussen.get(body.id)!.retourcodes.push({ pad: 'Client[1]/Prestatie[1]', code: '8017', omschrijving: 'geen toewijzing' });
    const s = await haal(r.headers.get('location')!, { headers: ALS_A });
    expect(s.status).to.equal(200);
    expect(await s.json()).to.deep.include({ id: body.id, status: 'afgekeurd', retourcodes: [{ pad: 'Client[1]/Prestatie[1]', code: '8017', omschrijving: 'geen toewijzing' }] });
  });

  it('accepts text/xml too', async () => {
    const r = await post('/berichten', XML, { ...ALS_A, 'Content-Type': 'text/xml' });
    expect(r.status).to.equal(202);
  });

  it('refuses a message over the configured size with 413 and says the limit', async () => {
    const groot = Buffer.alloc(1024 * 1024 + 1, 'a');
    const r = await post('/berichten', groot, { ...ALS_A, 'Content-Type': 'application/xml' });
    expect(r.status).to.equal(413);
    const body = (await r.json()) as { detail: string };
    expect(body.detail).to.contain('1048576 bytes');
    expect(deps.ontvangen.size).to.equal(0);
  });

  it('refuses a body that is not XML by media type with 415, and a missing type too', async () => {
    const json = await post('/berichten', '{"a":1}', { ...ALS_A, 'Content-Type': 'application/json' });
    expect(json.status).to.equal(415);
    expect(((await json.json()) as { detail: string }).detail).to.contain('application/xml');
    const zonder = await haal('/berichten', { method: 'POST', headers: ALS_A });
    expect(zonder.status).to.equal(415);
    expect(deps.ontvangen.size).to.equal(0);
  });

  it('maps a ValidatieFout of a use case to 422 with every melding', async () => {
    const r = await post('/berichten', 'geen xml', { ...ALS_A, 'Content-Type': 'application/xml' });
    expect(r.status).to.equal(422);
    const body = (await r.json()) as { title: string; meldingen: unknown[]; correlationId: string };
    expect(body.title).to.equal('Validatiefout');
    expect(body.meldingen).to.deep.equal([{ pad: '/', regel: 'intake.xml', tekst: 'inhoud is geen XML', retourcode: '0001' }]);
    expect(body.correlationId).to.equal(r.headers.get('x-correlation-id'));
  });

  it('refuses an empty message with 422', async () => {
    const r = await post('/berichten', '', { ...ALS_A, 'Content-Type': 'application/xml' });
    expect(r.status).to.equal(422);
  });

  it('refuses bad mailbox parameters with 422 listing each', async () => {
    const r = await haal('/mailbox?sinds=gisteren&limit=5000', { headers: ALS_A });
    expect(r.status).to.equal(422);
    const body = (await r.json()) as { meldingen: { pad: string }[] };
    expect(body.meldingen.map((m) => m.pad)).to.deep.equal(['sinds', 'limit']);
  });

  it('lists, fetches and acknowledges mailbox messages; acknowledging is idempotent', async () => {
    deps.zetInMailbox(AGB_A, 'uit-1', 'JW325', '2025-02-03T10:00:00.000Z', '<JW325 id="1"/>');
    deps.zetInMailbox(AGB_A, 'uit-2', 'JW301', '2025-02-04T10:00:00.000Z', '<JW301 id="2"/>');
    deps.zetInMailbox(AGB_B, 'uit-3', 'JW325', '2025-02-03T11:00:00.000Z', '<JW325 id="3"/>');

    const lijst = await haal('/mailbox', { headers: ALS_A });
    expect(lijst.status).to.equal(200);
    expect(lijst.headers.get('cache-control')).to.equal('no-store');
    expect(await lijst.json()).to.deep.equal({
      berichten: [
        { id: 'uit-1', type: 'JW325', dagtekening: '2025-02-03', beschikbaar_op: '2025-02-03T10:00:00.000Z' },
        { id: 'uit-2', type: 'JW301', dagtekening: '2025-02-04', beschikbaar_op: '2025-02-04T10:00:00.000Z' },
      ],
    });
    const beperkt = (await (await haal('/mailbox?limit=1&sinds=2025-02-04', { headers: ALS_A })).json()) as { berichten: { id: string }[] };
    expect(beperkt.berichten.map((b) => b.id)).to.deep.equal(['uit-2']);

    const xml = await haal('/mailbox/uit-1', { headers: ALS_A });
    expect(xml.status).to.equal(200);
    expect(xml.headers.get('content-type')).to.equal('application/xml; charset=utf-8');
    expect(xml.headers.get('x-bericht-type')).to.equal('JW325');
    expect(await xml.text()).to.equal('<JW325 id="1"/>');

    const eerste = await haal('/mailbox/uit-1/bevestiging', { method: 'POST', headers: ALS_A });
    expect(eerste.status).to.equal(200);
    const b1 = (await eerste.json()) as { id: string; bevestigd_op: string };
    expect(b1.id).to.equal('uit-1');
    const tweede = await haal('/mailbox/uit-1/bevestiging', { method: 'POST', headers: ALS_A });
    expect(tweede.status).to.equal(200);
    expect(await tweede.json()).to.deep.equal(b1);

    const na = (await (await haal('/mailbox', { headers: ALS_A })).json()) as { berichten: { id: string }[] };
    expect(na.berichten.map((b) => b.id)).to.deep.equal(['uit-2']);
  });

  it("answers 404 for another aanbieder's messages, the same as for ids that do not exist", async () => {
    deps.zetInMailbox(AGB_B, 'van-b', 'JW325', '2025-02-03T11:00:00.000Z', '<JW325/>');
    const ontvangen = (await (await post('/berichten', XML, { ...ALS_B, 'Content-Type': 'application/xml' })).json()) as { id: string };

    const pogingen = [
      haal('/mailbox/van-b', { headers: ALS_A }),
      haal('/mailbox/van-b/bevestiging', { method: 'POST', headers: ALS_A }),
      haal(`/berichten/${ontvangen.id}`, { headers: ALS_A }),
    ];
    const onbestaand = await haal('/mailbox/bestaat-niet', { headers: ALS_A });
    for (const r of await Promise.all(pogingen)) {
      expect(r.status).to.equal(404);
      expect(((await r.json()) as { detail: string }).detail).to.equal('bericht niet gevonden');
    }
    expect(onbestaand.status).to.equal(404);
    expect(deps.uitgaand.get('van-b')!.bevestigdOp).to.equal(undefined);
  });

  it('answers 404 when a use case returns a resource of another aanbieder', async () => {
    (deps as IntakeDeps).haalOp = async () => ({ id: 'x', agb: AGB_B, type: 'JW325', xml: '<x/>' });
    const r = await haal('/mailbox/x', { headers: ALS_A });
    expect(r.status).to.equal(404);
  });

  it('answers 500 without the cause or a stack, and logs the cause redacted', async () => {
    deps.mailbox = async () => {
      throw new Error('database weg bij client 123456782');
    };
    const r = await haal('/mailbox', { headers: ALS_A });
    expect(r.status).to.equal(500);
    const tekst = await r.text();
    expect(tekst).to.not.contain('database');
    expect(tekst).to.not.match(/stack|\n\s+at /);
    const fout = logRegels.map((l) => JSON.parse(l)).find((l) => l.msg === 'verzoek mislukt');
    expect(fout.err.message).to.equal('database weg bij client [verwijderd]');
    expect(logRegels.join('\n')).to.not.contain('123456782');
  });

  it('answers 404 in problem format for unknown routes', async () => {
    const r = await haal('/bestaat/niet', { headers: ALS_A });
    expect(r.status).to.equal(404);
    expect(r.headers.get('content-type')).to.match(/^application\/problem\+json/);
  });

  it('logs each request with a correlation id and never the body or query', async () => {
    await post('/berichten?bestandsnaam=jansen-123456782.xml', '<Client><Bsn>123456782</Bsn></Client>', { ...ALS_A, 'Content-Type': 'application/xml', 'X-Correlation-Id': 'abc-123' });
    await haal('/mailbox', { headers: { ...ALS_A, 'X-Correlation-Id': 'kwaad\u00e9<script>' } });
    const regels = logRegels.map((l) => JSON.parse(l)).filter((l) => l.msg === 'verzoek');
    expect(regels).to.have.length(2);
    expect(regels[0]).to.include({ correlationId: 'abc-123', method: 'POST', pad: '/berichten', status: 202, agb: AGB_A });
    expect(regels[1].correlationId).to.match(/^[0-9a-f-]{36}$/);
    const alles = logRegels.join('\n');
    expect(alles).to.not.contain('jansen');
    expect(alles).to.not.contain('Bsn');
    expect(alles).to.not.contain('script');
  });

  it('describes every route in openapi.json as valid OpenAPI 3.1 JSON', async () => {
    const doc = (await (await haal('/openapi.json')).json()) as typeof intakeOpenApi;
    expect(doc.openapi).to.equal('3.1.0');
    expect(doc.components.securitySchemes.basic).to.deep.include({ type: 'http', scheme: 'basic' });
    const beschreven = Object.entries(doc.paths).flatMap(([pad, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${pad}`));
    expect(beschreven.sort()).to.deep.equal(
      ['GET /health', 'GET /openapi.json', 'POST /gemeente/berichten', 'POST /berichten', 'GET /berichten/{berichtId}', 'GET /mailbox', 'GET /mailbox/{id}', 'POST /mailbox/{id}/bevestiging',
        'GET /ohw/template', 'POST /ohw', 'GET /ohw/{id}', 'GET /ohw/{id}/terugkoppeling'].sort(),
    );
    // Every $ref must point at something that exists.
    const refs = JSON.stringify(doc).match(/"\$ref":"#\/[^"]+"/g) ?? [];
    expect(refs.length).to.be.greaterThan(0);
    for (const ref of refs) {
      const pad = ref.slice(10, -1).split('/');
      let doel: unknown = doc;
      for (const deel of pad) doel = (doel as Record<string, unknown>)[deel];
      expect(doel, ref).to.be.an('object');
    }
  });

  it('finishes a request in flight before closing', async () => {
    let laat!: () => void;
    deps.mailbox = () => new Promise((resolve) => (laat = () => resolve([])));
    const verzoek = haal('/mailbox', { headers: ALS_A });
    await new Promise((r) => setTimeout(r, 50));
    const gesloten = intake.close();
    laat();
    const r = await verzoek;
    expect(r.status).to.equal(200);
    await gesloten;
  });
});
