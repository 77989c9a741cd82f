import type { DataSource } from '@plafond/db';
import { uitnuttingUitBudget } from './budget-bron';
import type { UitnuttingBron } from './cijfers';

/** The figures source every process of the back office uses (the CLI's `serve` and `main.ts`). */
export function standaardUitnutting(ds: DataSource): UitnuttingBron {
  return uitnuttingUitBudget(ds);
}
