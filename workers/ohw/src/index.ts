export { enqueueOhw, isOhwJob, maakOhwQueue, OHW_QUEUE, type OhwJob, type OhwQueueOpties } from './queue';
export { startOhwWorker, type OhwWorkerOpties } from './worker';
export { controleerAanlevering, ohwTemplateVoor, processOhwUpload, verwerkOhwBestand, type OhwBestand, type OhwProcessorDeps, type OhwUitkomst } from './process';
