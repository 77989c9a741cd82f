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
