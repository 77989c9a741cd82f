/**
 * Hostile HTTP input against any Plafond HTTP app (issue 16, item 4), as one reusable set of mocha tests:
 * oversized and slow bodies, wrong content types and encodings, JSON bombs, header injection, path
 * tricks in file names and URLs, XML entity bombs. Each is refused clearly (4xx with a problem body, never
 * a 500 or a stack), in bounded memory, and stores nothing. Point it at another app by giving another
 * {@link VijandigDoel}.
 */
import { expect } from 'chai';
import { connect } from 'node:net';

export interface VijandigDoel {
  /** Base URL of the running app, e.g. `http://127.0.0.1:4321`. */
  url: string;
  /** Headers of a valid login (Authorization, or a session cookie with its CSRF header). */
  login: Record<string, string>;
  /** Routes that take a body, with the media type they accept and a small valid body. */
  bodyRoutes: { method: 'POST' | 'PUT' | 'PATCH'; pad: string; type: string; body: string }[];
  /** Routes that take no body (a JSON bomb sent there must not be parsed). */
  zonderBody: { method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'; pad: string }[];
  /** A route with a file-name parameter, as a function of the name (null: the app has none). */
  bestandsnaamPad: ((naam: string) => string) | null;
  /** Rows the app has stored (messages, uploads): must not change by anything refused. */
  opgeslagen(): Promise<number>;
  /** The body limit of the app in bytes, and its stall timeout in ms. */
  maxBytes: number;
  stilteMs: number;
  /** The app runs in this process: its memory growth can be measured. */
  inDitProces: boolean;
}

/** A raw HTTP exchange over a socket: what a hostile client can send that `fetch` would refuse to. */
export function ruwVerzoek(
  url: string, kop: string, opts: { body?: (schrijf: (b: Buffer) => boolean) => Promise<void>; timeoutMs?: number } = {},
): Promise<{ status: number; headers: string; body: string; gesloten: boolean }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect(Number(u.port), u.hostname);
    let data = '';
    let klaar = false;
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`geen antwoord binnen ${opts.timeoutMs ?? 10_000} ms`));
    }, opts.timeoutMs ?? 10_000);
    const einde = (gesloten: boolean) => {
      if (klaar) return;
      const i = data.indexOf('\r\n\r\n');
      if (i < 0) {
        if (gesloten) {
          klaar = true;
          clearTimeout(timer);
          reject(new Error(`verbinding gesloten zonder antwoord: ${JSON.stringify(data.slice(0, 200))}`));
        }
        return;
      }
      const headers = data.slice(0, i);
      const lengte = /\r\ncontent-length: *(\d+)/i.exec(headers);
      const body = data.slice(i + 4);
      if (!gesloten && lengte && Buffer.byteLength(body) < Number(lengte[1])) return;
      klaar = true;
      clearTimeout(timer);
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(headers)?.[1] ?? 0), headers, body, gesloten: gesloten || /\r\nconnection: *close/i.test(headers) });
      s.destroy();
    };
    s.on('data', (d: Buffer) => {
      data += d.toString('latin1');
      einde(false);
    });
    s.on('close', () => einde(true));
    s.on('error', (e: NodeJS.ErrnoException) => {
      // The server may close while we still write a refused body: what it answered before counts.
      if (e.code === 'EPIPE' || e.code === 'ECONNRESET') einde(true);
      else if (!klaar) reject(e);
    });
    s.on('connect', () => {
      s.write(kop);
      opts.body?.((b) => !s.destroyed && s.write(b)).catch(() => undefined);
    });
  });
}

const wacht = (ms: number) => new Promise((r) => setTimeout(r, ms));

function headerRegels(h: Record<string, string>): string {
  return Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join('');
}

/** Defines the hostile-input tests for the app `doel()` gives (called when the tests run, after `before`). */
export function vijandigeHttpTests(doel: () => VijandigDoel): void {
  const geweigerd = (status: number, verwacht: number[], wat: string) => expect(verwacht, `${wat}: status ${status}`).to.include(status);

  it('refuses a body whose Content-Length is over the limit with 413 before reading it, and stores nothing', async () => {
    const d = doel();
    const voor = await d.opgeslagen();
    for (const r of d.bodyRoutes) {
      const u = new URL(r.pad, d.url);
      const a = await ruwVerzoek(d.url, `${r.method} ${u.pathname}${u.search} HTTP/1.1\r\nHost: x\r\n${headerRegels(d.login)}Content-Type: ${r.type}\r\nContent-Length: ${d.maxBytes + 1}\r\n\r\n`);
      expect(a.status, r.pad).to.equal(413);
      expect(a.body).to.match(/limiet|groter/);
    }
    expect(await d.opgeslagen()).to.equal(voor);
  });

  it('cuts off a chunked body that streams past the limit with 413, in bounded memory, and stores nothing', async () => {
    const d = doel();
    const voor = await d.opgeslagen();
    const rssVoor = process.memoryUsage().rss;
    const blok = Buffer.alloc(256 * 1024, 0x20);
    const totaal = Math.max(40 * 1024 * 1024, d.maxBytes * 8);
    for (const r of d.bodyRoutes) {
      const u = new URL(r.pad, d.url);
      const a = await ruwVerzoek(d.url, `${r.method} ${u.pathname}${u.search} HTTP/1.1\r\nHost: x\r\n${headerRegels(d.login)}Content-Type: ${r.type}\r\nTransfer-Encoding: chunked\r\n\r\n`, {
        body: async (schrijf) => {
          for (let n = 0; n < totaal; n += blok.length) {
            if (!schrijf(Buffer.concat([Buffer.from(`${blok.length.toString(16)}\r\n`), blok, Buffer.from('\r\n')]))) await wacht(2);
          }
        },
        timeoutMs: 30_000,
      });
      expect(a.status, r.pad).to.equal(413);
      expect(a.gesloten, 'de verbinding wordt gesloten').to.equal(true);
    }
    if (d.inDitProces) expect(process.memoryUsage().rss - rssVoor, 'geheugengroei').to.be.lessThan(d.maxBytes * 4 + 32 * 1024 * 1024);
    expect(await d.opgeslagen()).to.equal(voor);
  });

  it('cuts off a body that stalls with 408 and stores nothing', async () => {
    const d = doel();
    const voor = await d.opgeslagen();
    const r = d.bodyRoutes[0];
    const u = new URL(r.pad, d.url);
    const t = Date.now();
    const a = await ruwVerzoek(d.url, `${r.method} ${u.pathname}${u.search} HTTP/1.1\r\nHost: x\r\n${headerRegels(d.login)}Content-Type: ${r.type}\r\nContent-Length: 1000\r\n\r\n`, {
      body: async (schrijf) => void schrijf(Buffer.from(r.body.slice(0, 20))),
      timeoutMs: d.stilteMs + 10_000,
    });
    expect(a.status).to.equal(408);
    expect(Date.now() - t).to.be.within(d.stilteMs - 50, d.stilteMs + 5000);
    expect(await d.opgeslagen()).to.equal(voor);
  });

  it('refuses wrong content types and a compressed body with 415, and stores nothing', async () => {
    const d = doel();
    const voor = await d.opgeslagen();
    for (const r of d.bodyRoutes) {
      for (const type of ['application/json', 'multipart/form-data; boundary=x', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml-evil', ''].filter((t) => t !== r.type)) {
        const res = await fetch(new URL(r.pad, d.url), { method: r.method, headers: { ...d.login, ...(type ? { 'Content-Type': type } : {}) }, body: r.body });
        geweigerd(res.status, [415], `${r.pad} ${type || '(geen)'}`);
        expect(res.headers.get('content-type')).to.contain('application/problem+json');
      }
      const gz = await fetch(new URL(r.pad, d.url), { method: r.method, headers: { ...d.login, 'Content-Type': r.type, 'Content-Encoding': 'gzip' }, body: r.body });
      expect(gz.status, `${r.pad} gzip`).to.equal(415);
    }
    expect(await d.opgeslagen()).to.equal(voor);
  });

  it('never parses a JSON bomb (deep nesting, a huge object) on any route: a quick 4xx, never a 500', async () => {
    const d = doel();
    const voor = await d.opgeslagen();
    const diep = '['.repeat(200_000) + ']'.repeat(200_000);
    const breed = `{${Array.from({ length: 50_000 }, (_, i) => `"k${i}":{"a":[1,2,3]}`).join(',')}}`;
    const routes = [...d.bodyRoutes.map((r) => ({ method: r.method, pad: r.pad })), ...d.zonderBody];
    for (const r of routes) {
      for (const bom of [diep, breed]) {
        const t = Date.now();
        const res = await fetch(new URL(r.pad, d.url), { method: r.method, headers: { ...d.login, 'Content-Type': 'application/json' }, body: bom });
        expect(res.status, `${r.method} ${r.pad}`).to.be.within(400, 499);
        expect(Date.now() - t, `${r.method} ${r.pad} duur`).to.be.lessThan(3000);
        expect(await res.text()).to.not.match(/at .*\.ts:\d+|stack/i);
      }
    }
    expect(await d.opgeslagen()).to.equal(voor);
  });

  it('refuses an XML entity bomb (billion laughs) and an external entity with 422 before storing anything', async () => {
    const d = doel();
    const voor = await d.opgeslagen();
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]><Bericht>&lol9;</Bericht>`;
    const xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Bericht>&e;</Bericht>';
    // Only routes that take XML: a JSON route refuses an XML body by its media type (tested above).
    for (const r of d.bodyRoutes.filter((x) => x.type.includes('xml'))) {
      for (const bom of [lol, xxe]) {
        const res = await fetch(new URL(r.pad, d.url), { method: r.method, headers: { ...d.login, 'Content-Type': r.type }, body: bom });
        expect(res.status, r.pad).to.equal(422);
        expect(JSON.stringify(await res.json())).to.match(/DOCTYPE|ENTITY/);
      }
    }
    expect(await d.opgeslagen()).to.equal(voor);
  });

  it('does not let a header be injected: CR/LF and foreign characters in a correlation id or file name are never echoed', async () => {
    const d = doel();
    const voor = await d.opgeslagen();
    // A raw request: the correlation id carries an encoded and a bare attempt at a second header line.
    const a = await ruwVerzoek(d.url, `GET /health HTTP/1.1\r\nHost: x\r\nX-Correlation-Id: abc%0d%0aSet-Cookie:%20x=1\r\n\r\n`);
    expect(a.status).to.equal(200);
    expect(a.headers).to.not.match(/set-cookie/i);
    expect(a.headers).to.not.contain('abc%0d');
    const b = await ruwVerzoek(d.url, `GET /health HTTP/1.1\r\nHost: x\r\nX-Correlation-Id: abc\rSet-Cookie: x=1\r\n\r\n`);
    expect(b.status).to.be.oneOf([200, 400]);
    expect(b.headers).to.not.match(/\r\nset-cookie/i);
    if (d.bestandsnaamPad) {
      const r = d.bodyRoutes[0];
      const res = await fetch(new URL(d.bestandsnaamPad('a\r\nSet-Cookie: x=1'), d.url), { method: 'POST', headers: { ...d.login, 'Content-Type': r.type }, body: r.body });
      expect(res.status).to.equal(422);
      expect(res.headers.get('set-cookie')).to.equal(null);
    }
    expect(await d.opgeslagen()).to.equal(voor);
  });

  it('refuses path tricks in a file name with 422 and in a URL with 404, storing nothing', async () => {
    const d = doel();
    const voor = await d.opgeslagen();
    if (d.bestandsnaamPad) {
      const r = d.bodyRoutes[0];
      for (const naam of ['../../etc/passwd', '/etc/passwd', '..\\..\\boot.ini', 'C:\\Windows\\x.xml', 'map/bericht.xml', '..', '.htaccess', 'a\u0000.xml', 'bericht.xml:stream']) {
        const res = await fetch(new URL(d.bestandsnaamPad(naam), d.url), { method: 'POST', headers: { ...d.login, 'Content-Type': r.type }, body: r.body });
        expect(res.status, JSON.stringify(naam)).to.equal(422);
      }
    }
    for (const pad of ['/berichten/..%2F..%2Fetc%2Fpasswd', '/mailbox/%2e%2e%2f%2e%2e%2fetc', '/mailbox/1%00', '/%2e%2e/%2e%2e/etc/passwd', '/mailbox/..;/x']) {
      const res = await fetch(d.url + pad, { headers: d.login });
      expect(res.status, pad).to.equal(404);
    }
    expect(await d.opgeslagen()).to.equal(voor);
  });
}
