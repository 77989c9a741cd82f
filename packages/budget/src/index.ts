export * from './model';
export * from './prognose';
export * from './signalen';
export * from './uitnutting';
export * from './herverdeling';
export * from './terugblik';
