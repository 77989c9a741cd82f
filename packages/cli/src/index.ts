export { main } from './main';
export { berichtBestanden, importeerStamdataUit, schrijfUitvoer, verwerkBerichten, verwerkMap, verwerkStroom } from './verwerk';
export type { BestandUitkomst, InvoerBericht, VerwerkOpties } from './verwerk';
export { budgetStand, type BudgetStand } from './budgetstand';
