export {};
export * from './xml/node';
export * from './xml/tokenizer';
export * from './xml/parse-bericht';
export * from './schema/validator';
export * from './check';
export * from './model';
export * from './serialize';
export * from './regels';
