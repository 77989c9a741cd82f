/**
 * OpenAPI 3.1 description of the back-office JSON API, served at `GET /api/openapi.json`. The roles
 * of each operation come from the access table (`x-rollen`), so the document cannot drift from it.
 */
import { routesVan } from '@plafond/toegang';

const probleem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Probleem' } } };
const fout = (d: string) => ({ description: d, content: probleem });
const json = (schema: object) => ({ 'application/json': { schema } });
const bedrag = { type: 'string', pattern: '^-?\\d+\\.\\d{2}$', description: 'euro met twee decimalen, punt als scheiding' };
const standaard = {
  '401': fout('Niet aangemeld.'),
  '403': fout('Buiten de rol of de gemeente van de gebruiker.'),
  '422': fout('Ongeldige parameters; `meldingen` noemt ze allemaal.'),
};
const q = (name: string, beschrijving: string, schema: object, required = false) => ({ name, in: 'query', required, description: beschrijving, schema });
const agbPad = { name: 'agb', in: 'path', required: true, description: 'AGB-code van de aanbieder', schema: { type: 'string', pattern: '^\\d{8}$' } };

function rollen(pad: string, methode: string): { 'x-rollen': readonly string[] | 'iedereen'; 'x-scope': string } {
  const r = routesVan('backoffice').find((x) => x.pad === pad.replace(/\{(\w+)\}/g, ':$1') && x.methode === methode.toUpperCase());
  if (!r) throw new Error(`openapi: ${methode} ${pad} staat niet in de toegangstabel`);
  return { 'x-rollen': r.rollen, 'x-scope': r.scope };
}

const regel = {
  type: 'object',
  required: ['jaar', 'domein', 'agb', 'gemeente', 'plafond', 'realisatie', 'onderhandenWerk', 'verplichtingen', 'prognose', 'prognoses', 'prognoseMethode', 'verwachteUitputting', 'uitnutting', 'signalen'],
  properties: {
    jaar: { type: 'integer' }, domein: { enum: ['jeugd', 'wmo'] }, agb: { type: 'string' }, gemeente: { type: ['string', 'null'], description: 'null: totaal van de aanbieder over alle gemeenten' },
    plafond: bedrag, realisatie: bedrag, onderhandenWerk: bedrag, verplichtingen: bedrag, prognose: bedrag,
    prognoses: { type: 'object', additionalProperties: bedrag }, prognoseMethode: { type: 'string' },
    verwachteUitputting: { type: ['string', 'null'], format: 'date' }, uitnutting: { type: 'string', description: '(realisatie + onderhanden werk) / plafond × 100, twee decimalen' },
    signalen: { type: 'array', items: { type: 'object', required: ['soort', 'toelichting'], properties: { soort: { type: 'string' }, toelichting: { type: 'string' } } } },
  },
};

export const backofficeOpenApi = {
  openapi: '3.1.0',
  info: {
    title: 'Plafond backoffice',
    version: '1.0.0',
    description:
      'Budgetbewaking Jeugdwet en Wmo in Zaanstreek-Waterland. Aanmelden met POST /api/sessie; de sessiecookie ' +
      '(HttpOnly, SameSite=Strict) geldt ook voor de schermen. Een gemeente-gebruiker krijgt alleen regels van de eigen ' +
      'gemeenten; contractmanagers en gemeenten zien cliënten alleen als pseudoniem, nooit een BSN. Wijzigende verzoeken ' +
      'sturen JSON (application/json).',
  },
  servers: [{ url: '/' }],
  security: [{ sessie: [] }],
  paths: {
    '/api/openapi.json': { get: { operationId: 'openapi', summary: 'Deze beschrijving', security: [], ...rollen('/api/openapi.json', 'get'), responses: { '200': { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } } } },
    '/api/sessie': {
      post: {
        operationId: 'aanmelden', summary: 'Aanmelden', security: [], ...rollen('/api/sessie', 'post'),
        requestBody: { required: true, content: json({ type: 'object', required: ['gebruikersnaam', 'wachtwoord'], properties: { gebruikersnaam: { type: 'string', maxLength: 64 }, wachtwoord: { type: 'string', maxLength: 256 } } }) },
        responses: {
          '200': { description: 'Aangemeld; Set-Cookie plafond.sid.', content: json({ type: 'object', properties: { gebruikersnaam: { type: 'string' }, rol: { type: 'string' }, gemeenten: { type: 'array', items: { type: 'string' } } } }) },
          '401': fout('Gebruikersnaam of wachtwoord onjuist.'), '403': fout('Deze rol meldt zich niet bij de backoffice aan (aanbieders gebruiken de intake).'),
          '415': fout('Geen JSON.'), '422': fout('Velden ontbreken.'), '423': fout('Account tijdelijk geblokkeerd na herhaalde mislukte pogingen.'), '429': fout('Te veel pogingen vanaf dit adres.'),
        },
      },
      delete: { operationId: 'afmelden', summary: 'Afmelden', ...rollen('/api/sessie', 'delete'), responses: { '204': { description: 'Afgemeld; de sessie bestaat niet meer.' }, '401': standaard['401'] } },
    },
    '/api/uitnutting': {
      get: {
        operationId: 'uitnutting', summary: 'Uitnutting van de budgetplafonds: de regels van uitnutting.json', ...rollen('/api/uitnutting', 'get'),
        parameters: [q('jaar', 'budgetjaar', { type: 'string', pattern: '^\\d{4}$' }, true), q('gemeente', 'alleen deze gemeente (CBS-code)', { type: 'string', pattern: '^\\d{4}$' }), q('agb', 'alleen deze aanbieder', { type: 'string', pattern: '^\\d{8}$' }), q('peildatum', 'stand op deze datum', { type: 'string', format: 'date' }),
          q('budgetlijn', 'alleen de cijfers op deze budgetlijn (code uit budgetlijnen.csv), tegen de plafonds die per budgetlijn zijn verdeeld; elke regel heeft dan `budgetlijn`', { type: 'string' })],
        responses: { '200': { description: 'De regels binnen de scope van de gebruiker.', content: json({ type: 'object', required: ['peildatum', 'regels'], properties: { peildatum: { type: 'string', format: 'date' }, regels: { type: 'array', items: regel } } }) }, ...standaard },
      },
    },
    '/api/budgetlijnen': {
      get: {
        operationId: 'budgetlijnen', summary: 'Uitnutting per budgetlijn (perceel): realisatie, onderhanden werk en prognose van de aanbieders erop tegen het budget van de budgetlijn', ...rollen('/api/budgetlijnen', 'get'),
        parameters: [q('jaar', 'budgetjaar', { type: 'string', pattern: '^\\d{4}$' }, true), q('budgetlijn', 'alleen deze budgetlijn (code)', { type: 'string' }), q('peildatum', 'stand op deze datum', { type: 'string', format: 'date' })],
        responses: {
          '200': {
            description: 'Per budgetlijn en domein: `plafond` is het budget van de budgetlijn, `plafondsAanbieders` wat de plafonds van de aanbieders erop samen zijn.',
            content: json({ type: 'object', required: ['peildatum', 'regels'], properties: { peildatum: { type: 'string', format: 'date' }, regels: { type: 'array', items: { type: 'object', properties: {
              ...regel.properties, budgetlijn: { type: 'string' }, naam: { type: 'string' }, productcategorieen: { type: 'array', items: { type: 'string' } }, plafondsAanbieders: bedrag, aanbieders: { type: 'integer' },
            } } } } }),
          },
          '404': fout('Onbekende budgetlijn.'), ...standaard,
        },
      },
    },
    '/api/aanbieders/{agb}/prestaties': {
      get: {
        operationId: 'prestaties', summary: 'De prestaties achter een cijfer', ...rollen('/api/aanbieders/{agb}/prestaties', 'get'),
        parameters: [agbPad, q('jaar', 'jaar van de ProductPeriode', { type: 'string', pattern: '^\\d{4}$' }, true), q('maand', 'maand van de ProductPeriode (01–12)', { type: 'string' }), q('gemeente', 'CBS-code', { type: 'string' }),
          q('beslissing', 'toegekend, afgewezen of aangehouden', { enum: ['toegekend', 'afgewezen', 'aangehouden'] }), q('domein', 'jeugd of wmo', { enum: ['jeugd', 'wmo'] }),
          q('sorteer', 'sortering', { enum: ['periode', 'bedrag', 'referentie', 'declaratie'] }), q('richting', 'op of af', { enum: ['op', 'af'] }), q('pagina', 'pagina (vanaf 1)', { type: 'integer' }), q('per', 'regels per pagina (1–500, standaard 100)', { type: 'integer' })],
        responses: {
          '200': {
            description: 'Eén pagina prestaties; `bsn` alleen voor backoffice en beheer, anders `client` (pseudoniem).',
            content: json({ type: 'object', properties: { agb: { type: 'string' }, jaar: { type: 'integer' }, maand: { type: ['integer', 'null'] }, gemeente: { type: ['string', 'null'] }, totaal: { type: 'integer' }, pagina: { type: 'integer' }, perPagina: { type: 'integer' },
              regels: { type: 'array', items: { type: 'object', properties: { declaratie: { type: 'string' }, referentieNummer: { type: 'string' }, periode: { type: 'object' }, product: { type: 'object' }, ingediend: bedrag, toegekend: { type: ['string', 'null'] }, beslissing: { type: ['string', 'null'] }, retourcodes: { type: 'array', items: { type: 'string' } }, bsn: { type: 'string' }, client: { type: 'string' } } } } } }),
          },
          '404': fout('Onbekende aanbieder.'), ...standaard,
        },
      },
    },
    '/api/aanbieders/{agb}/plafonds': {
      get: {
        operationId: 'plafonds', summary: 'Budgetplafonds van een aanbieder met hun mutatiehistorie', ...rollen('/api/aanbieders/{agb}/plafonds', 'get'),
        parameters: [agbPad, q('jaar', 'budgetjaar', { type: 'string', pattern: '^\\d{4}$' }, true)],
        responses: { '200': { description: 'Plafonds met mutaties (oudste eerst).', content: json({ type: 'object' }) }, '404': fout('Onbekende aanbieder.'), ...standaard },
      },
    },
    '/api/aanbieders/{agb}/plafondmutaties': {
      post: {
        operationId: 'plafondmutatie', summary: 'Een budgetplafond wijzigen, met reden', ...rollen('/api/aanbieders/{agb}/plafondmutaties', 'post'),
        parameters: [agbPad],
        requestBody: { required: true, content: json({ type: 'object', required: ['jaar', 'domein', 'mutatieEur', 'reden'], properties: { jaar: { type: 'integer' }, domein: { enum: ['jeugd', 'wmo'] }, gemeente: { type: ['string', 'null'], description: 'CBS-code; leeg of null voor het plafond over alle gemeenten' }, budgetlijn: { type: ['string', 'null'], description: 'code van de budgetlijn, voor een plafond dat per budgetlijn is verdeeld' }, mutatieEur: { type: 'string', description: 'verhoging (positief) of verlaging (negatief) in euro' }, reden: { type: 'string', minLength: 3, maxLength: 500 }, datum: { type: 'string', format: 'date' } } }) },
        responses: { '201': { description: 'Vastgelegd, in de historie en de audit trail.', content: json({ type: 'object' }) }, '404': fout('Onbekende aanbieder of plafond.'), '415': fout('Geen JSON.'), ...standaard },
      },
    },
    '/api/herverdelingen': {
      post: {
        operationId: 'herverdeling', summary: 'Een bedrag van het ene plafond naar het andere verplaatsen (twee gekoppelde mutaties)', ...rollen('/api/herverdelingen', 'post'),
        requestBody: { required: true, content: json({ type: 'object', required: ['jaar', 'domein', 'van', 'naar', 'bedragEur', 'reden'], properties: { jaar: { type: 'integer' }, domein: { enum: ['jeugd', 'wmo'] }, van: { type: 'object', properties: { agb: { type: 'string' }, gemeente: { type: ['string', 'null'] } } }, naar: { type: 'object', properties: { agb: { type: 'string' }, gemeente: { type: ['string', 'null'] } } }, bedragEur: { type: 'string' }, budgetlijn: { type: ['string', 'null'], description: 'code van de budgetlijn, voor plafonds die per budgetlijn zijn verdeeld' }, reden: { type: 'string' }, datum: { type: 'string', format: 'date' } } }) },
        responses: { '201': { description: 'Vastgelegd.', content: json({ type: 'object' }) }, '404': fout('Onbekend plafond.'), '409': fout('Het plafond heeft minder dan het bedrag.'), '415': fout('Geen JSON.'), ...standaard },
      },
    },
    '/api/herverdelingsvoorstellen': {
      get: {
        operationId: 'herverdelingsvoorstellen', summary: 'Het herverdelingsvoorstel per domein, budgetlijn en gemeente: ruimte van aanbieders op weg naar onderbesteding naar wie op weg is naar overbesteding, met plafond en prognose voor en na', ...rollen('/api/herverdelingsvoorstellen', 'get'),
        parameters: [
          q('jaar', 'budgetjaar', { type: 'string', pattern: '^\\d{4}$' }, true), q('domein', 'jeugd of wmo', { enum: ['jeugd', 'wmo'] }),
          q('budgetlijn', 'code van de budgetlijn: de plafonds die per budgetlijn zijn verdeeld; zonder: de plafonds over alle budgetlijnen', { type: 'string' }),
          q('peildatum', 'standaard het eind van de laatste verwerkte maand', { type: 'string', format: 'date' }),
        ],
        responses: { '200': { description: '{jaar, peildatum, budgetlijn, voorstellen: [{domein, budgetlijn, gemeente, overdrachten: [{van, naar, bedrag}], aanbieders: [{agb, rol, prognose, plafondVoor, plafondNa, prognosePctVoor, prognosePctNa}], nietGedekt, restRuimte}]}', content: json({ type: 'object' }) }, '404': fout('Onbekende budgetlijn.'), ...standaard },
      },
      post: {
        operationId: 'herverdelingsvoorstelAanvaarden', summary: 'Een getoond herverdelingsvoorstel aanvaarden: elke overdracht wordt een herverdeling (twee gekoppelde mutaties), alles of niets, één keer per voorstel', ...rollen('/api/herverdelingsvoorstellen', 'post'),
        requestBody: { required: true, content: json({ type: 'object', required: ['jaar', 'domein', 'peildatum', 'overdrachten', 'reden'], properties: { jaar: { type: 'integer' }, domein: { enum: ['jeugd', 'wmo'] }, peildatum: { type: 'string', format: 'date', description: 'de peildatum van het getoonde voorstel' }, budgetlijn: { type: ['string', 'null'] }, gemeente: { type: ['string', 'null'] }, overdrachten: { type: 'array', description: 'de overdrachten zoals getoond', items: { type: 'object', required: ['van', 'naar', 'bedrag'], properties: { van: { type: 'string' }, naar: { type: 'string' }, bedrag: { type: 'string' } } } }, reden: { type: 'string', minLength: 3, maxLength: 500 }, datum: { type: 'string', format: 'date', description: 'ingangsdatum, standaard vandaag' } } }) },
        responses: { '201': { description: 'Vastgelegd: de herverdelingen met de plafonds oud en nieuw.', content: json({ type: 'object' }) }, '404': fout('Geen voorstel in deze scope op de peildatum.'), '409': fout('Het voorstel is veranderd sinds het getoond werd, of is al aanvaard.'), '415': fout('Geen JSON.'), ...standaard },
      },
    },
    '/api/aanbieders/{agb}/bestedingsruimte': {
      get: {
        operationId: 'bestedingsruimte', summary: 'De bestedingsruimteprocedures (waarschuwing, overleg, besluit) van een aanbieder', ...rollen('/api/aanbieders/{agb}/bestedingsruimte', 'get'),
        parameters: [agbPad, q('jaar', 'budgetjaar', { type: 'string', pattern: '^\\d{4}$' }, true), q('peildatum', 'termijnen bewaakt op deze datum (standaard vandaag)', { type: 'string', format: 'date' })],
        responses: { '200': { description: 'Procedures met hun stappen en termijnen.', content: json({ type: 'object' }) }, '404': fout('Onbekende aanbieder.'), ...standaard },
      },
    },
    '/api/aanbieders/{agb}/bestedingsruimte/stappen': {
      post: {
        operationId: 'bestedingsruimteStap', summary: 'Een stap van de bestedingsruimteprocedure vastleggen', ...rollen('/api/aanbieders/{agb}/bestedingsruimte/stappen', 'post'),
        parameters: [agbPad],
        requestBody: { required: true, content: json({ type: 'object', required: ['jaar', 'domein', 'stap', 'notitie'], properties: { jaar: { type: 'integer' }, domein: { enum: ['jeugd', 'wmo'] }, stap: { enum: ['waarschuwing', 'overleg', 'besluit'] }, datum: { type: 'string', format: 'date' }, notitie: { type: 'string' } } }) },
        responses: { '201': { description: 'De procedure met de nieuwe stap.', content: json({ type: 'object' }) }, '404': fout('Geen procedure voor deze aanbieder, dit domein en jaar.'), '409': fout('Stap al gezet of vorige stap ontbreekt.'), '415': fout('Geen JSON.'), ...standaard },
      },
    },
  },
  components: {
    securitySchemes: { sessie: { type: 'apiKey', in: 'cookie', name: 'plafond.sid' } },
    schemas: {
      Probleem: {
        type: 'object', required: ['type', 'title', 'status', 'detail'],
        properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' }, meldingen: { type: 'array', items: { type: 'object' } }, correlationId: { type: 'string' } },
      },
    },
  },
};
