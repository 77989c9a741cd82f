/** Data shapes of the schema definitions in `definities.ts`. */

/** Built-in XSD types the iStandaarden restrict. */
export type XsdBase = 'string' | 'integer' | 'date' | 'time';

/**
 * One restriction step of a simple type: either of a built-in (`base`) or of a named basisschema type
 * (`restrict`). Facets of the steps are all enforced; the patterns of ONE step are alternatives.
 */
export interface SimpleTypeDef {
  base?: XsdBase;
  restrict?: string;
  patterns?: string[];
  enumeration?: string[];
  minLength?: number;
  maxLength?: number;
  minInclusive?: string;
  maxInclusive?: string;
  /**
   * The regelrapport rule this restriction is the schema form of (CS015, CS025, CS319): a value that
   * fails it is reported under that rule code instead of `XSD`.
   */
  regel?: string;
}

/** `[naam, type, minOccurs, maxOccurs]`; type is a named type or an anonymous restriction. */
export type Particle = readonly [naam: string, type: string | SimpleTypeDef, min: number, max: number];

/** A complex type: a sequence of element particles (the only content model the iStandaarden use). */
export type ComplexTypeDef = readonly Particle[];

export interface BerichtDef {
  code: { JW: string; WMO: string };
  /** Message-local complex types; `Root` is the type of `Bericht`. */
  types: Record<string, ComplexTypeDef>;
  /** Types that differ in the iWmo variant of this message. */
  wmo?: Record<string, ComplexTypeDef>;
}
