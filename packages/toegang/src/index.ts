export * from './routes';
export * from './toegang';
