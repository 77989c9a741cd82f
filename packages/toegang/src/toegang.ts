import { ROUTES, type Dienst, type Methode, type Rol, type RouteRegel } from './routes';

/** Who is asking: a signed-in user, or nobody. */
export interface Aanvrager {
  rol: Rol;
  /** CBS codes of a gemeente user; empty for other roles. */
  gemeenten: readonly string[];
  agb?: string | null;
}

/** The outcome of an access check: allowed, not signed in (401), or not for this user (403). */
export type ToegangsBesluit =
  | { toegestaan: true }
  | { toegestaan: false; status: 401 | 403; reden: string };

/** The routes of one service, in table order. */
export function routesVan(dienst: Dienst): RouteRegel[] {
  return ROUTES.filter((r) => r.dienst === dienst);
}

/** The table entry of a route; throws when the service tries to serve a route the table does not know. */
export function route(dienst: Dienst, methode: Methode, pad: string): RouteRegel {
  const r = ROUTES.find((x) => x.dienst === dienst && x.methode === methode && x.pad === pad);
  if (!r) throw new Error(`route ${methode} ${pad} van ${dienst} staat niet in de toegangstabel`);
  return r;
}

/** The roles that may sign in to a service: those that some route of it allows. */
export function aanmeldRollen(dienst: Dienst): Rol[] {
  const rollen = new Set<Rol>();
  for (const r of routesVan(dienst)) if (r.rollen !== 'iedereen') for (const rol of r.rollen) rollen.add(rol);
  return [...rollen];
}

/** Whether a role may see BSNs: only the back office and beheer; everyone else gets the keyed pseudonym. */
export function magBsnZien(rol: Rol): boolean {
  return rol === 'backoffice' || rol === 'beheer';
}

/**
 * The access check of one route for one caller, given the gemeenten the request names (path parameter
 * `:cbs`, query parameter `gemeente`). Row filtering within the scope is the handler's part: it gets
 * {@link gemeenteFilter}.
 */
export function beslisToegang(regel: RouteRegel, wie: Aanvrager | null, genoemdeGemeenten: readonly string[] = []): ToegangsBesluit {
  if (regel.rollen === 'iedereen') return { toegestaan: true };
  if (!wie) return { toegestaan: false, status: 401, reden: 'aanmelden vereist' };
  if (!regel.rollen.includes(wie.rol)) return { toegestaan: false, status: 403, reden: `rol ${wie.rol} heeft geen toegang tot ${regel.omschrijving}` };
  if (regel.scope === 'gemeente' && wie.rol === 'gemeente') {
    const vreemd = genoemdeGemeenten.filter((g) => !wie.gemeenten.includes(g));
    if (vreemd.length > 0) return { toegestaan: false, status: 403, reden: `geen toegang tot gemeente ${vreemd.join(', ')}` };
  }
  return { toegestaan: true };
}

/**
 * The gemeenten whose rows a caller may get on a route: `null` = no restriction; otherwise the
 * caller's own gemeenten (never empty for a gemeente user: such a user cannot be created).
 */
export function gemeenteFilter(regel: RouteRegel, wie: Aanvrager): readonly string[] | null {
  return regel.scope === 'gemeente' && wie.rol === 'gemeente' ? wie.gemeenten : null;
}
