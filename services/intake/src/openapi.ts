/**
 * OpenAPI 3.1 description of the intake API, served at `GET /openapi.json`. Written by hand next
 * to the routes in `app.ts`; the tests check that every route is described.
 */
const probleem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Probleem' } } };

const fout = (beschrijving: string) => ({ description: beschrijving, content: probleem });

const standaardFouten = {
  '401': { $ref: '#/components/responses/NietIngelogd' },
  '500': fout('Interne fout; het antwoord noemt alleen het correlationId.'),
};

const idParameter = (naam: string, beschrijving: string) => ({
  name: naam,
  in: 'path',
  required: true,
  description: beschrijving,
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$' },
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const maandParameter = {
  name: 'maand', in: 'query', required: true, description: 'De maand van het onderhanden werk (JJJJ-MM).',
  schema: { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' },
};

export const intakeOpenApi = {
  openapi: '3.1.0',
  info: {
    title: 'Plafond intake',
    version: '1.0.0',
    description:
      'Berichtenverkeer iJw/iWmo 3.2 voor aanbieders in Zaanstreek-Waterland. Aanbieders sturen heenberichten ' +
      '(JW305/307/315/317/323, WMO idem) en halen retourberichten en toewijzingen op uit hun mailbox. ' +
      'Inloggen met HTTP Basic: gebruikersnaam = AGB-code, wachtwoord per aanbieder. Een aanbieder ziet alleen ' +
      'berichten van de eigen AGB-code; een id van een andere aanbieder geeft 404.',
  },
  servers: [{ url: '/' }],
  security: [{ basic: [] }],
  paths: {
    '/health': {
      get: {
        operationId: 'health',
        summary: 'Levenssignaal van de dienst',
        security: [],
        responses: { '200': { description: 'De dienst draait.', content: { 'application/json': { schema: { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] } } } } },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: 'Deze beschrijving',
        security: [],
        responses: { '200': { description: 'OpenAPI 3.1 document.', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/berichten': {
      post: {
        operationId: 'ontvangBericht',
        summary: 'Een heenbericht aanbieden',
        description:
          'Het bericht wordt bewaard en in de wachtrij gezet voor verwerking. Schema- en regelfouten volgen als ' +
          'retourbericht in de mailbox, niet als HTTP-fout. De Afzender in de header moet de ingelogde AGB-code zijn.',
        parameters: [{ name: 'bestandsnaam', in: 'query', required: false, description: 'Oorspronkelijke bestandsnaam (alleen ter informatie).', schema: { type: 'string', maxLength: 255 } }],
        requestBody: {
          required: true,
          content: {
            'application/xml': { schema: { type: 'string', contentMediaType: 'application/xml' } },
            'text/xml': { schema: { type: 'string', contentMediaType: 'text/xml' } },
          },
        },
        responses: {
          '202': {
            description: 'Ontvangen; verwerking volgt.',
            headers: { Location: { description: 'URL van de verwerkingsstatus.', schema: { type: 'string' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Ontvangen' } } },
          },
          ...standaardFouten,
          '413': fout('Groter dan PLAFOND_MAX_BERICHT_MB.'),
          '415': fout('Content-Type is niet application/xml of text/xml.'),
          '422': { $ref: '#/components/responses/Validatiefout' },
        },
      },
    },
    '/gemeente/berichten': {
      post: {
        operationId: 'ontvangBerichtVanGemeente',
        summary: 'Een beschikking (JW301/WMO301) of antwoord (JW319/WMO319) uit het zaaksysteem van een gemeente',
        description:
          'Inloggen met HTTP Basic als gebruiker met rol gemeente. De Afzender in de header moet de gemeente van die ' +
          'gebruiker zijn. Het bericht wordt bewaard en verwerkt: de toewijzing komt in het register en in de mailbox ' +
          'van de aanbieder.',
        requestBody: {
          required: true,
          content: {
            'application/xml': { schema: { type: 'string', contentMediaType: 'application/xml' } },
            'text/xml': { schema: { type: 'string', contentMediaType: 'text/xml' } },
          },
        },
        responses: {
          '202': { description: 'Ontvangen; verwerking volgt.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Ontvangen' } } } },
          ...standaardFouten,
          '413': fout('Groter dan PLAFOND_MAX_BERICHT_MB.'),
          '415': fout('Content-Type is niet application/xml of text/xml.'),
          '422': { $ref: '#/components/responses/Validatiefout' },
        },
      },
    },
    '/berichten/{berichtId}': {
      get: {
        operationId: 'berichtStatus',
        summary: 'Verwerkingsstatus en retourcodes van een aangeboden bericht',
        parameters: [idParameter('berichtId', 'Id uit het 202-antwoord.')],
        responses: {
          '200': { description: 'Status.', content: { 'application/json': { schema: { $ref: '#/components/schemas/BerichtStatus' } } } },
          ...standaardFouten,
          '404': fout('Onbekend id, of een bericht van een andere aanbieder.'),
        },
      },
    },
    '/mailbox': {
      get: {
        operationId: 'mailbox',
        summary: 'Wachtende uitgaande berichten, oudste eerst',
        parameters: [
          { name: 'sinds', in: 'query', required: false, description: 'Alleen berichten beschikbaar vanaf dit moment (ISO-8601 datum of tijdstip).', schema: { type: 'string' } },
          { name: 'limit', in: 'query', required: false, description: 'Maximaal aantal (1-1000, standaard 100).', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
        ],
        responses: {
          '200': { description: 'Wachtende berichten.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Mailbox' } } } },
          ...standaardFouten,
          '422': { $ref: '#/components/responses/Validatiefout' },
        },
      },
    },
    '/mailbox/{id}': {
      get: {
        operationId: 'haalOp',
        summary: 'Een uitgaand bericht ophalen (XML)',
        parameters: [idParameter('id', 'Id uit de mailboxlijst.')],
        responses: {
          '200': {
            description: 'Het bericht zoals verzonden.',
            headers: { 'X-Bericht-Type': { description: 'Berichtsoort, bv. JW325.', schema: { type: 'string' } } },
            content: { 'application/xml': { schema: { type: 'string', contentMediaType: 'application/xml' } } },
          },
          ...standaardFouten,
          '404': fout('Onbekend id, of een bericht van een andere aanbieder.'),
        },
      },
    },
    '/mailbox/{id}/bevestiging': {
      post: {
        operationId: 'bevestig',
        summary: 'Ontvangst bevestigen; het bericht verlaat de wachtlijst',
        description: 'Idempotent: opnieuw bevestigen geeft de eerste bevestiging terug.',
        parameters: [idParameter('id', 'Id uit de mailboxlijst.')],
        responses: {
          '200': { description: 'Bevestigd.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Bevestiging' } } } },
          ...standaardFouten,
          '404': fout('Onbekend id, of een bericht van een andere aanbieder.'),
        },
      },
    },
    '/ohw/template': {
      get: {
        operationId: 'ohwTemplate',
        summary: 'Het Excel-template onderhanden werk van de eigen AGB-code voor een maand',
        description:
          'Eén regel per toewijzing van de ingelogde aanbieder die in de maand actief is, met gemeente, toewijzingnummer, bsn, ' +
          'productcategorie, productcode, periode en eenheid ingevuld; de aanbieder vult volume, bedrag_eur en toelichting in.',
        parameters: [maandParameter],
        responses: {
          '200': { description: 'Het template.', content: { [XLSX]: { schema: { type: 'string', contentMediaType: XLSX } } } },
          ...standaardFouten,
          '422': { $ref: '#/components/responses/Validatiefout' },
        },
      },
    },
    '/ohw': {
      post: {
        operationId: 'ontvangOhw',
        summary: 'Onderhanden werk van de eigen AGB-code voor een maand aanleveren (xlsx of CSV)',
        description:
          'Het bestand wordt bewaard en daarna regel voor regel gecontroleerd (door de OHW-worker, of in dit proces zonder Redis). ' +
          'Kolommen in deze volgorde, kop in rij 1: gemeente, toewijzingnummer, bsn, productcategorie, productcode, periode, volume, ' +
          'eenheid, bedrag_eur, toelichting. CSV met komma of puntkomma, decimale punt of komma. Elke upload wordt een nieuwe versie ' +
          'van de maand; de laatste telt. Een xlsx met macro\'s, externe koppelingen of een zip-bom wordt direct geweigerd (422), ' +
          'zonder iets te bewaren; formules, te veel rijen of kolommen en verkeerde kolommen weigert de controle (status afgewezen).',
        parameters: [
          maandParameter,
          { name: 'bestandsnaam', in: 'query', required: false, description: 'Oorspronkelijke bestandsnaam (alleen ter informatie).', schema: { type: 'string', maxLength: 255 } },
        ],
        requestBody: {
          required: true,
          content: {
            [XLSX]: { schema: { type: 'string', contentMediaType: XLSX } },
            'text/csv': { schema: { type: 'string', contentMediaType: 'text/csv' } },
          },
        },
        responses: {
          '202': {
            description: 'Ontvangen; de controle volgt. `Location` wijst naar de status.',
            headers: { Location: { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Ontvangen' } } },
          },
          ...standaardFouten,
          '413': fout('Bestand groter dan de limiet (20 MB).'),
          '415': fout('Geen xlsx of CSV (of een .xlsm/.xls).'),
          '422': { $ref: '#/components/responses/Validatiefout' },
        },
      },
    },
    '/ohw/{id}': {
      get: {
        operationId: 'ohwStatus',
        summary: 'Uitkomst van een OHW-upload: versie, opgeslagen en afgewezen regels',
        parameters: [idParameter('id', 'Id uit het antwoord op POST /ohw.')],
        responses: {
          '200': { description: 'Status.', content: { 'application/json': { schema: { $ref: '#/components/schemas/OhwStatus' } } } },
          ...standaardFouten,
          '404': fout('Onbekend id, of een upload van een andere aanbieder.'),
        },
      },
    },
    '/ohw/{id}/terugkoppeling': {
      get: {
        operationId: 'ohwTerugkoppeling',
        summary: 'De terugkoppeling: de aangeleverde werkmap met een kolom fouten en de foute cellen gemarkeerd',
        parameters: [idParameter('id', 'Id uit het antwoord op POST /ohw.')],
        responses: {
          '200': { description: 'De werkmap.', content: { [XLSX]: { schema: { type: 'string', contentMediaType: XLSX } } } },
          ...standaardFouten,
          '404': fout('Onbekend id, een upload van een andere aanbieder, nog niet gecontroleerd, of als geheel afgewezen.'),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      basic: { type: 'http', scheme: 'basic', description: 'Gebruikersnaam = AGB-code (8 cijfers), wachtwoord per aanbieder.' },
    },
    responses: {
      NietIngelogd: {
        description: 'Geen of onjuiste inloggegevens.',
        headers: { 'WWW-Authenticate': { schema: { type: 'string' } } },
        content: probleem,
      },
      Validatiefout: { description: 'Ongeldige invoer; `meldingen` noemt elke bevinding.', content: probleem },
    },
    schemas: {
      Probleem: {
        type: 'object',
        description: 'RFC 9457 problem details.',
        required: ['type', 'title', 'status', 'detail'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          correlationId: { type: 'string' },
          meldingen: { type: 'array', items: { $ref: '#/components/schemas/Melding' } },
        },
      },
      Melding: {
        type: 'object',
        required: ['pad', 'regel', 'tekst'],
        properties: { pad: { type: 'string' }, regel: { type: 'string' }, tekst: { type: 'string' }, retourcode: { type: 'string' } },
      },
      Ontvangen: {
        type: 'object',
        required: ['id', 'status'],
        properties: { id: { type: 'string' }, status: { type: 'string', examples: ['ontvangen'] } },
      },
      Retourcode: {
        type: 'object',
        required: ['pad', 'code'],
        properties: { pad: { type: 'string' }, code: { type: 'string', pattern: '^[0-9A-Z]{4}$' }, omschrijving: { type: 'string' } },
      },
      BerichtStatus: {
        type: 'object',
        required: ['id', 'status', 'ontvangen_op', 'retourcodes'],
        properties: {
          id: { type: 'string' },
          status: { type: 'string', examples: ['ontvangen', 'in_verwerking', 'verwerkt', 'afgekeurd'] },
          bericht_type: { type: 'string', examples: ['JW323'] },
          ontvangen_op: { type: 'string', format: 'date-time' },
          verwerkt_op: { type: 'string', format: 'date-time' },
          retourcodes: { type: 'array', items: { $ref: '#/components/schemas/Retourcode' } },
          antwoord_id: { type: 'string', description: 'Id van het retourbericht in de mailbox.' },
        },
      },
      MailboxItem: {
        type: 'object',
        required: ['id', 'type', 'dagtekening', 'beschikbaar_op'],
        properties: {
          id: { type: 'string' },
          type: { type: 'string', examples: ['JW325', 'JW301'] },
          dagtekening: { type: 'string', format: 'date' },
          beschikbaar_op: { type: 'string', format: 'date-time' },
        },
      },
      Mailbox: {
        type: 'object',
        required: ['berichten'],
        properties: { berichten: { type: 'array', items: { $ref: '#/components/schemas/MailboxItem' } } },
      },
      OhwAfwijzing: {
        type: 'object',
        required: ['regel', 'kolom', 'reden'],
        properties: {
          regel: { type: 'integer', description: 'Rij zoals een spreadsheet hem nummert (kop = 1).' },
          kolom: { type: 'string', examples: ['bsn'] },
          reden: { type: 'string' },
        },
      },
      OhwStatus: {
        type: 'object',
        required: ['id', 'status', 'ontvangen_op', 'ohw'],
        properties: {
          id: { type: 'string' },
          status: { enum: ['ontvangen', 'verwerkt', 'afgewezen'] },
          ontvangen_op: { type: 'string', format: 'date-time' },
          verwerkt_op: { type: 'string', format: 'date-time' },
          reden: { type: 'string', description: 'Waarom het bestand als geheel is afgewezen (er is dan niets opgeslagen).' },
          ohw: {
            type: 'object',
            required: ['agb', 'maand', 'versie', 'opgeslagen', 'afgewezen'],
            properties: {
              agb: { type: 'string' },
              maand: { type: 'string' },
              versie: { type: ['integer', 'null'] },
              opgeslagen: { type: 'integer' },
              afgewezen: { type: 'array', items: { $ref: '#/components/schemas/OhwAfwijzing' } },
            },
          },
          terugkoppeling: { type: 'string', description: 'Pad van de terugkoppeling (als de status verwerkt is).' },
        },
      },
      Bevestiging: {
        type: 'object',
        required: ['id', 'bevestigd_op'],
        properties: { id: { type: 'string' }, bevestigd_op: { type: 'string', format: 'date-time' } },
      },
    },
  },
} as const;
