import { NietGevonden } from '@plafond/core';
import { aanbiederOpAgb, gemeenten, type Aanbieder, type DataSource, type Gemeente } from '@plafond/db';
import { UsageError } from './command';

// Checks of codes a user types, shared by every command that takes an --agb or --gemeente: the same
// mistake gets the same Dutch line everywhere, before anything is stored.

/** The aanbieder of an AGB-code typed by the user; a usage error when it is no AGB-code, NietGevonden when unknown. */
export async function bestaandeAanbieder(ds: DataSource, agb: string, optie = '--agb'): Promise<Aanbieder> {
  if (!/^\d{8}$/.test(agb)) throw new UsageError(`${optie} ${JSON.stringify(agb)} is geen AGB-code (8 cijfers)`);
  const a = await aanbiederOpAgb(ds, agb);
  if (!a) throw new NietGevonden(`onbekende aanbieder: AGB-code ${agb} staat niet in de stamdata (importeer de aanbieders met plafond import)`);
  return a;
}

/** The gemeente of a CBS code typed by the user; a usage error when it is no CBS code, NietGevonden when unknown. */
export async function bestaandeGemeente(ds: DataSource, cbs: string, optie = '--gemeente'): Promise<Gemeente> {
  if (!/^\d{4}$/.test(cbs)) throw new UsageError(`${optie} ${JSON.stringify(cbs)} is geen CBS-gemeentecode (4 cijfers)`);
  const alle = await gemeenten(ds);
  const g = alle.find((x) => x.cbsCode === cbs);
  if (!g) throw new NietGevonden(`onbekende gemeente ${cbs}: kies uit ${alle.map((x) => `${x.cbsCode} ${x.naam}`).join(', ')}`);
  return g;
}
