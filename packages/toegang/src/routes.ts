/**
 * THE table of who may call what: every route of the intake and of the back office, the roles that
 * may call it and the scope within which they see data. Both services register their routes from this
 * table (a route that is not here cannot be served) and put the access check it describes in front of
 * the handler; the route × role test is generated from it.
 */

/** Roles of Plafond users. `aanbieder` only exists for the intake; the others sign in to the back office. */
export type Rol = 'backoffice' | 'contractmanager' | 'gemeente' | 'beheer' | 'aanbieder';
export const ROLLEN: readonly Rol[] = ['backoffice', 'contractmanager', 'gemeente', 'beheer', 'aanbieder'];

export type Dienst = 'intake' | 'backoffice';
export type Methode = 'GET' | 'POST' | 'DELETE';

/**
 * - `alles`: every allowed role sees everything the route shows;
 * - `gemeente`: a gemeente user only gets rows of its own gemeenten — a `:cbs` path parameter or a
 *   `gemeente` query parameter naming another gemeente is refused (403), and the handler filters every
 *   row by the user's gemeenten (never a total that includes others);
 * - `eigen-agb`: an aanbieder only reaches its own AGB-code (the handler scopes by the login).
 */
export type Scope = 'alles' | 'gemeente' | 'eigen-agb';

/**
 * How a route answers: `api` with JSON (problem+json on refusal: 401/403), `pagina` with HTML
 * (anonymous: redirect to the sign-in page; wrong role or scope: a 403 page), `formulier` is a page
 * that takes a POSTed form (CSRF token required), `bestand` a download.
 */
export type Soort = 'api' | 'pagina' | 'formulier' | 'bestand';

export interface RouteRegel {
  /** Stable key the service binds its handler to, e.g. `backoffice.dashboard`. */
  naam: string;
  dienst: Dienst;
  methode: Methode;
  /** Express path, e.g. `/aanbieders/:agb`. */
  pad: string;
  /** Roles allowed; `iedereen` = also without signing in. */
  rollen: readonly Rol[] | 'iedereen';
  scope: Scope;
  soort: Soort;
  /** What the route is for (Dutch, shown in the OpenAPI description and the test names). */
  omschrijving: string;
}

const KANTOOR: readonly Rol[] = ['backoffice', 'contractmanager', 'gemeente', 'beheer'];
const BACKOFFICE: readonly Rol[] = ['backoffice', 'beheer'];
const PLAFONDBEHEER: readonly Rol[] = ['contractmanager', 'beheer'];
const ZONDER_GEMEENTE: readonly Rol[] = ['backoffice', 'contractmanager', 'beheer'];

const i = (naam: string, methode: Methode, pad: string, rollen: RouteRegel['rollen'], scope: Scope, soort: Soort, omschrijving: string): RouteRegel =>
  ({ naam: `intake.${naam}`, dienst: 'intake', methode, pad, rollen, scope, soort, omschrijving });
const b = (naam: string, methode: Methode, pad: string, rollen: RouteRegel['rollen'], scope: Scope, soort: Soort, omschrijving: string): RouteRegel =>
  ({ naam: `backoffice.${naam}`, dienst: 'backoffice', methode, pad, rollen, scope, soort, omschrijving });

export const ROUTES: readonly RouteRegel[] = [
  i('health', 'GET', '/health', 'iedereen', 'alles', 'api', 'de intake draait'),
  i('openapi', 'GET', '/openapi.json', 'iedereen', 'alles', 'api', 'OpenAPI-beschrijving van de intake'),
  i('gemeente-bericht', 'POST', '/gemeente/berichten', ['gemeente'], 'gemeente', 'api', 'een gemeente levert een toewijzing (301) of antwoord (319) aan'),
  i('bericht', 'POST', '/berichten', ['aanbieder'], 'eigen-agb', 'api', 'een aanbieder levert een bericht aan'),
  i('bericht-status', 'GET', '/berichten/:berichtId', ['aanbieder'], 'eigen-agb', 'api', 'verwerkingsstatus van een eigen bericht'),
  i('mailbox', 'GET', '/mailbox', ['aanbieder'], 'eigen-agb', 'api', 'berichten die voor de aanbieder klaarstaan'),
  i('mailbox-bericht', 'GET', '/mailbox/:id', ['aanbieder'], 'eigen-agb', 'api', 'één bericht uit de eigen mailbox'),
  i('mailbox-bevestiging', 'POST', '/mailbox/:id/bevestiging', ['aanbieder'], 'eigen-agb', 'api', 'ontvangst van een bericht bevestigen'),
  i('ohw-template', 'GET', '/ohw/template', ['aanbieder'], 'eigen-agb', 'bestand', 'het OHW-sjabloon van de eigen toewijzingen voor een maand'),
  i('ohw-upload', 'POST', '/ohw', ['aanbieder'], 'eigen-agb', 'api', 'een ingevulde OHW-opgave (xlsx of csv) aanleveren'),
  i('ohw-status', 'GET', '/ohw/:id', ['aanbieder'], 'eigen-agb', 'api', 'status en afgewezen regels van een eigen OHW-opgave'),
  i('ohw-terugkoppeling', 'GET', '/ohw/:id/terugkoppeling', ['aanbieder'], 'eigen-agb', 'bestand', 'de terugkoppeling van een OHW-opgave: het werkboek met de fouten gemarkeerd'),

  b('health', 'GET', '/health', 'iedereen', 'alles', 'api', 'de backoffice draait'),
  b('stijl', 'GET', '/static/plafond.css', 'iedereen', 'alles', 'bestand', 'opmaak van de schermen'),
  b('openapi', 'GET', '/api/openapi.json', 'iedereen', 'alles', 'api', 'OpenAPI-beschrijving van de backoffice-API'),
  b('sessie-start', 'POST', '/api/sessie', 'iedereen', 'alles', 'api', 'aanmelden met gebruikersnaam en wachtwoord (zet de sessiecookie)'),
  b('sessie-einde', 'DELETE', '/api/sessie', KANTOOR, 'alles', 'api', 'afmelden'),
  b('api-uitnutting', 'GET', '/api/uitnutting', KANTOOR, 'gemeente', 'api', 'uitnutting van de budgetplafonds (de regels van uitnutting.json; met budgetlijn alleen die budgetlijn)'),
  b('api-budgetlijnen', 'GET', '/api/budgetlijnen', ZONDER_GEMEENTE, 'alles', 'api', 'uitnutting per budgetlijn (perceel) tegen het budget van de budgetlijn'),
  b('api-prestaties', 'GET', '/api/aanbieders/:agb/prestaties', KANTOOR, 'gemeente', 'api', 'de prestaties achter een cijfer'),
  b('api-plafonds', 'GET', '/api/aanbieders/:agb/plafonds', KANTOOR, 'gemeente', 'api', 'de budgetplafonds van een aanbieder met hun mutaties'),
  b('api-plafondmutatie', 'POST', '/api/aanbieders/:agb/plafondmutaties', PLAFONDBEHEER, 'alles', 'api', 'een budgetplafond wijzigen, met reden'),
  b('api-herverdeling', 'POST', '/api/herverdelingen', PLAFONDBEHEER, 'alles', 'api', 'een bedrag van het ene plafond naar het andere verplaatsen'),
  b('api-herverdelingsvoorstellen', 'GET', '/api/herverdelingsvoorstellen', ZONDER_GEMEENTE, 'alles', 'api', 'het herverdelingsvoorstel: ruimte van aanbieders op weg naar onderbesteding naar wie op weg is naar overbesteding'),
  b('api-herverdelingsvoorstel-aanvaard', 'POST', '/api/herverdelingsvoorstellen', PLAFONDBEHEER, 'alles', 'api', 'een getoond herverdelingsvoorstel aanvaarden: de herverdelingen vastleggen'),
  b('api-bestedingsruimte', 'GET', '/api/aanbieders/:agb/bestedingsruimte', ZONDER_GEMEENTE, 'alles', 'api', 'de bestedingsruimteprocedures van een aanbieder'),
  b('api-bestedingsruimte-stap', 'POST', '/api/aanbieders/:agb/bestedingsruimte/stappen', PLAFONDBEHEER, 'alles', 'api', 'een stap van de bestedingsruimteprocedure vastleggen'),

  b('werkvoorraad', 'GET', '/api/werkvoorraad', BACKOFFICE, 'alles', 'api', 'alles wat op de backoffice wacht, met termijnen'),
  b('werkvoorraad-termijn', 'GET', '/api/werkvoorraad/binnen-termijn', BACKOFFICE, 'alles', 'api', 'aandeel binnen de termijn beantwoord per maand'),
  b('verzoek-toekennen', 'POST', '/api/verzoeken/:id/toekennen', BACKOFFICE, 'alles', 'api', 'een verzoek om toewijzing honoreren (301)'),
  b('verzoek-afwijzen', 'POST', '/api/verzoeken/:id/afwijzen', BACKOFFICE, 'alles', 'api', 'een verzoek afwijzen (319)'),
  b('verzoek-onderzoek', 'POST', '/api/verzoeken/:id/onderzoek', BACKOFFICE, 'alles', 'api', 'een verzoek in onderzoek nemen (319)'),
  b('declaratie-besluit', 'POST', '/api/declaraties/:id/besluit', BACKOFFICE, 'alles', 'api', 'aangehouden prestaties beslissen (325)'),

  b('start', 'GET', '/', 'iedereen', 'alles', 'pagina', 'naar het dashboard of het aanmeldscherm'),
  b('aanmelden', 'GET', '/inloggen', 'iedereen', 'alles', 'pagina', 'aanmeldscherm'),
  b('aanmelden-formulier', 'POST', '/inloggen', 'iedereen', 'alles', 'formulier', 'aanmelden'),
  b('afmelden', 'POST', '/uitloggen', KANTOOR, 'alles', 'formulier', 'afmelden'),
  b('dashboard', 'GET', '/dashboard', KANTOOR, 'gemeente', 'pagina', 'regionaal dashboard: uitnutting, prognose en signalen'),
  b('gemeente', 'GET', '/gemeenten/:cbs', KANTOOR, 'gemeente', 'pagina', 'uitnutting van één gemeente'),
  b('signalen', 'GET', '/signalen', KANTOOR, 'gemeente', 'pagina', 'signalenlijst'),
  b('aanbieders', 'GET', '/aanbieders', KANTOOR, 'gemeente', 'pagina', 'aanbieders met hun uitnutting'),
  b('aanbieder', 'GET', '/aanbieders/:agb', KANTOOR, 'gemeente', 'pagina', 'aanbieder: maanden, prognoses, plafondhistorie'),
  b('aanbieder-prestaties', 'GET', '/aanbieders/:agb/prestaties', KANTOOR, 'gemeente', 'pagina', 'de prestaties achter een cijfer'),
  b('aanbieder-bronnen', 'GET', '/aanbieders/:agb/bronnen', KANTOOR, 'gemeente', 'pagina', 'de OHW-regels en toewijzingen achter een cijfer'),
  b('plafondmutatie', 'POST', '/aanbieders/:agb/plafondmutatie', PLAFONDBEHEER, 'alles', 'formulier', 'een budgetplafond wijzigen, met reden'),
  b('herverdeling', 'GET', '/herverdeling', ZONDER_GEMEENTE, 'alles', 'pagina', 'herverdelingsvoorstel per domein en budgetlijn, met de plafonds en prognoses voor en na'),
  b('herverdeling-aanvaard', 'POST', '/herverdeling', PLAFONDBEHEER, 'alles', 'formulier', 'een herverdelingsvoorstel aanvaarden'),
  b('bestedingsruimte-stap', 'POST', '/aanbieders/:agb/bestedingsruimte', PLAFONDBEHEER, 'alles', 'formulier', 'een stap van de bestedingsruimteprocedure vastleggen'),
  b('bestedingsruimte-brief', 'GET', '/aanbieders/:agb/bestedingsruimte/brief', ZONDER_GEMEENTE, 'alles', 'bestand', 'de schriftelijke waarschuwing van de bestedingsruimteprocedure (PDF)'),
  b('declaraties', 'GET', '/declaraties', BACKOFFICE, 'alles', 'pagina', 'declaratie-inbox'),
  b('declaratie', 'GET', '/declaraties/:id', BACKOFFICE, 'alles', 'pagina', 'één declaratie met de retourcodes per prestatie'),
  b('werkvoorraad-pagina', 'GET', '/werkvoorraad', BACKOFFICE, 'alles', 'pagina', 'werkvoorraad: verzoeken, aangehouden declaraties en berichten met hun termijn'),
  b('verzoek-besluit', 'POST', '/werkvoorraad/verzoeken/:id', BACKOFFICE, 'alles', 'formulier', 'een verzoek beantwoorden: toekennen (301), afwijzen of in onderzoek (319)'),
  b('declaratie-besluit-formulier', 'POST', '/declaraties/:id/besluit', BACKOFFICE, 'alles', 'formulier', 'aangehouden prestaties van een declaratie beslissen (325)'),
  b('ohw', 'GET', '/ohw', ZONDER_GEMEENTE, 'alles', 'pagina', 'onderhanden werk per aanbieder: ontvangen, ontbrekend, afgewezen'),
  b('rapport', 'GET', '/rapporten/:soort', KANTOOR, 'gemeente', 'bestand', 'een rapport (Excel of PDF) downloaden binnen de eigen scope'),
  b('gebruikers', 'GET', '/beheer/gebruikers', ['beheer'], 'alles', 'pagina', 'gebruikers en hun aanmeldstatus'),
];
