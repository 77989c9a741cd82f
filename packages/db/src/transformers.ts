import type { ValueTransformer } from 'typeorm';
import type { Cents } from '@plafond/core';

/**
 * PostgreSQL `bigint` comes back from pg as a string (it may exceed 2^53); money columns map it
 * to a TS `bigint` of eurocents so no amount ever passes through a float.
 */
export const bigintTransformer: ValueTransformer = {
  to: (v: Cents | null | undefined) => (v === null || v === undefined ? v : v.toString()),
  from: (v: string | null) => (v === null ? null : BigInt(v)),
};

/** Money columns (`*_cents`): eurocents as `bigint`. */
export const centsTransformer = bigintTransformer;

/** Converts a `bigint` column value from pg (string) to cents; null stays null. */
export function centsUitDb(v: string | number | null): Cents | null {
  return v === null ? null : BigInt(v);
}
