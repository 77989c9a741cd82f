export { BERICHTEN_QUEUE, type BerichtJob, type BerichtenQueueOpties, isBerichtJob, jobIdVoor, redisOpties, maakBerichtenQueue, enqueueBericht } from './queue';
export { startBerichtenWorker, geldigeBerichtJob, stopBijSignaal, type BerichtenWorkerOpties } from './worker';
export { processBericht, verwerkNieuwBericht, maakProcessorDeps, verwerkSlot, type ProcessorDeps, type VerwerkUitkomst } from './process';
export { leesBericht, type GelezenBericht } from './lees';
export { beantwoordAangehouden, type AangehoudenBesluitSoort, type AangehoudenUitkomst } from './handlers/declaratie';
export { EIGEN_XSD_VERSIE } from './antwoord';
