export * from './uitnutting';
export * from './signalen';
export * from './model';
