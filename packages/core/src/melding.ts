/**
 * One finding of a validation: where (a path), which rule, what is wrong, and which retourcode the
 * standard assigns. Validators collect every finding and report once.
 */
export interface Melding {
  pad: string;
  regel: string;
  tekst: string;
  retourcode?: string;
}

/** A budgetlijn code (budgetlijnen.csv): letters, digits, `.`, `_` or `-`, at most 20; compared in upper case. */
export function isBudgetlijnCode(v: string): boolean {
  return /^[A-Za-z0-9._-]{1,20}$/.test(v);
}
