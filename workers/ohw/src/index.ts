export { enqueueOhw, isOhwJob, maakOhwQueue, OHW_QUEUE, type OhwJob, type OhwQueueOpties } from './queue';
// One reading of REDIS_URL for every queue: the berichten worker's.
export { redisOpties } from '@plafond/worker-berichten';
export { startOhwWorker, type OhwWorkerOpties } from './worker';
export { controleerAanlevering, ohwTemplateVoor, ohwTerugkoppelingVan, processOhwUpload, verwerkOhwBestand, type OhwBestand, type OhwProcessorDeps, type OhwUitkomst } from './process';
