export * from './uitnutting';
export * from './signalen';
