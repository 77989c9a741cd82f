import type { Cents, Datum } from '@plafond/core';

/** The two wettelijke domeinen as the database spells them. */
export type DomeinCode = 'JW' | 'WMO';
export type PlafondBeleid = 'signaleren' | 'aanhouden' | 'afwijzen';
/** Roles: back office, contractmanager, gemeente (bound to its gemeenten), beheer (administrator), aanbieder (intake only). */
export type GebruikerRol = 'backoffice' | 'contractmanager' | 'gemeente' | 'aanbieder' | 'beheer';

export interface Gemeente {
  cbsCode: string;
  naam: string;
  geldigVan: Datum | null;
  /** Exclusive: the first day the gemeente no longer exists (Beemster: 2022-01-01). */
  geldigTot: Datum | null;
}

export interface Aanbieder {
  id: number;
  agbCode: string;
  naam: string;
}

export interface NieuweAanbieder {
  agbCode: string;
  naam: string;
}

export interface Tarief {
  id: number;
  domein: DomeinCode;
  productcategorie: string;
  productcode: string | null;
  eenheid: string;
  bedragCents: Cents;
  ingangsdatum: Datum;
  einddatum: Datum | null;
  /** null = regional tariff that applies to every aanbieder without a tariff of its own. */
  agbCode: string | null;
}

export type NieuwTarief = Omit<Tarief, 'id'>;

export interface Budgetplafond {
  id: number;
  jaar: number;
  agbCode: string;
  domein: DomeinCode;
  /** null = the plafond covers all gemeenten together. */
  gemeenteCode: string | null;
  budgetlijnId: number | null;
  bedragCents: Cents;
}

/** A plafond to store; `budgetlijn` names its budgetlijn by code (in its domein and year) when it is split so. */
export type NieuwBudgetplafond = Omit<Budgetplafond, 'id' | 'budgetlijnId'> & { budgetlijnId?: number | null; budgetlijn?: string | null };

export interface PlafondMutatie {
  id: string;
  budgetplafondId: number;
  datum: Datum;
  /** null for the mutation that created the plafond. */
  bedragOudCents: Cents | null;
  bedragNieuwCents: Cents;
  reden: string;
  door: string;
  vastgelegdOp: Date;
}

export interface AuditRegel {
  actor: string;
  action: string;
  entity: string;
  entityId?: string | null;
  /** Free details; never a BSN (checked by `schrijfAudit`). bigint values are stored as strings. */
  details?: Record<string, unknown>;
  /** The state before the mutation (what it changed), and after; never a BSN. */
  voor?: Record<string, unknown> | null;
  na?: Record<string, unknown> | null;
}

export interface AuditRecord extends Required<AuditRegel> {
  id: string;
  at: Date;
}

/** What an upsert did: new rows, changed rows, rows that were already exactly so. */
export interface UpsertAantallen {
  nieuw: number;
  gewijzigd: number;
  ongewijzigd: number;
}

export interface Gebruiker {
  id: number;
  username: string;
  rol: GebruikerRol;
  /** CBS codes a gemeente user is bound to (sorted); empty for the other roles. */
  gemeenten: string[];
  agbCode: string | null;
  actief: boolean;
}

/** A user as the user list shows it: no secret, with the sign-in state. */
export interface GebruikerOverzicht extends Gebruiker {
  aangemaaktOp: Date;
  laatstAangemeldOp: Date | null;
  geblokkeerdTot: Date | null;
  misluktePogingen: number;
}
