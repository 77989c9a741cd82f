export * from './datum';
export * from './geld';
export * from './bsn';
export * from './pseudoniem';
export * from './melding';
export * from './errors';
export * from './config';
export * from './log';
