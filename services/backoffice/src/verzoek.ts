import type { Request } from 'express';
import { datum, isBudgetlijnCode, isDatum, ValidatieFout, type Datum, type Logger, type Melding } from '@plafond/core';
import type { DataSource } from '@plafond/db';
import type { UitnuttingBron } from './cijfers';

/** What one download of the reports offers: a file made for the asking user within its scope. */
export interface Rapport {
  bestandsnaam: string;
  contentType: string;
  inhoud: Buffer;
}

/** A report maker of `@plafond/rapport`, by kind (`contractmanager`, `gemeente`, `regio`, `betaling`). */
export type RapportMaker = (vraag: { jaar?: number; agb?: string; gemeente?: string; periode?: string; gemeenten: readonly string[] | null; door: string }) => Promise<Rapport>;

/** Everything the handlers need, passed in once (tests give their own). */
export interface Omgeving {
  ds: DataSource;
  uitnutting: UitnuttingBron;
  pseudoniemSleutel: string;
  logger: Logger;
  rapporten: Readonly<Record<string, RapportMaker>>;
}

/** Reads and checks query parameters; every problem is collected and reported at once (422). */
export class Parameters {
  readonly meldingen: Melding[] = [];

  constructor(private readonly req: Request) {}

  private tekst(naam: string): string | undefined {
    const v: unknown = this.req.query[naam];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string' || v.length > 100) {
      this.meldingen.push({ pad: naam, regel: 'parameter', tekst: `${naam}: één waarde van hoogstens 100 tekens` });
      return undefined;
    }
    return v;
  }

  jaar(standaard?: number): number {
    const v = this.tekst('jaar');
    if (v === undefined) {
      if (standaard !== undefined) return standaard;
      this.meldingen.push({ pad: 'jaar', regel: 'parameter', tekst: 'jaar is verplicht (JJJJ)' });
      return 0;
    }
    if (!/^\d{4}$/.test(v) || +v < 2000 || +v > 2100) this.meldingen.push({ pad: 'jaar', regel: 'parameter', tekst: `jaar moet een jaartal JJJJ zijn (2000–2100), is '${v}'` });
    return +v;
  }

  maand(): number | undefined {
    const v = this.tekst('maand');
    if (v === undefined) return undefined;
    if (!/^(0?[1-9]|1[0-2])$/.test(v)) {
      this.meldingen.push({ pad: 'maand', regel: 'parameter', tekst: `maand moet 01 tot en met 12 zijn, is '${v}'` });
      return undefined;
    }
    return +v;
  }

  gemeente(): string | undefined {
    const v = this.tekst('gemeente');
    if (v !== undefined && !/^\d{4}$/.test(v)) this.meldingen.push({ pad: 'gemeente', regel: 'parameter', tekst: `gemeente moet een CBS-code van 4 cijfers zijn, is '${v}'` });
    return v;
  }

  agb(): string | undefined {
    const v = this.tekst('agb');
    if (v !== undefined && !/^\d{8}$/.test(v)) this.meldingen.push({ pad: 'agb', regel: 'parameter', tekst: `agb moet een AGB-code van 8 cijfers zijn, is '${v}'` });
    return v;
  }

  /** A budgetlijn code (budgetlijnen.csv), upper case. */
  budgetlijn(): string | undefined {
    const v = this.tekst('budgetlijn');
    if (v === undefined) return undefined;
    if (!isBudgetlijnCode(v)) {
      this.meldingen.push({ pad: 'budgetlijn', regel: 'parameter', tekst: `budgetlijn moet een budgetlijncode zijn (letters, cijfers, . _ of -, hoogstens 20), is '${v}'` });
      return undefined;
    }
    return v.toUpperCase();
  }

  peildatum(): Datum | undefined {
    const v = this.tekst('peildatum');
    if (v === undefined) return undefined;
    if (!isDatum(v)) {
      this.meldingen.push({ pad: 'peildatum', regel: 'parameter', tekst: `peildatum moet een bestaande datum JJJJ-MM-DD zijn, is '${v}'` });
      return undefined;
    }
    return datum(v);
  }

  keuze<T extends string>(naam: string, keuzes: readonly T[]): T | undefined {
    const v = this.tekst(naam);
    if (v === undefined) return undefined;
    if (!(keuzes as readonly string[]).includes(v)) {
      this.meldingen.push({ pad: naam, regel: 'parameter', tekst: `${naam} moet een van ${keuzes.join(', ')} zijn, is '${v}'` });
      return undefined;
    }
    return v as T;
  }

  vrij(naam: string): string | undefined {
    return this.tekst(naam);
  }

  pagina(standaardPer = 50): { pagina: number; perPagina: number } {
    const p = this.tekst('pagina');
    const per = this.tekst('per');
    const pagina = p === undefined ? 1 : Number(p);
    const perPagina = per === undefined ? standaardPer : Number(per);
    if (!Number.isInteger(pagina) || pagina < 1 || pagina > 100_000) this.meldingen.push({ pad: 'pagina', regel: 'parameter', tekst: 'pagina moet een geheel getal vanaf 1 zijn' });
    if (!Number.isInteger(perPagina) || perPagina < 1 || perPagina > 500) this.meldingen.push({ pad: 'per', regel: 'parameter', tekst: 'per moet een geheel getal van 1 tot en met 500 zijn' });
    return { pagina: Number.isInteger(pagina) && pagina >= 1 ? pagina : 1, perPagina: Number.isInteger(perPagina) && perPagina >= 1 && perPagina <= 500 ? perPagina : standaardPer };
  }

  /** Throws the collected problems as one ValidatieFout (422). */
  controleer(): void {
    if (this.meldingen.length > 0) throw new ValidatieFout('ongeldige parameters', this.meldingen);
  }
}

/** The current query as plain strings (for links that keep the filters). */
export function queryVan(req: Request): Record<string, string | undefined> {
  const uit: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') uit[k] = v;
  return uit;
}
