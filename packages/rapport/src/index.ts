export * from './excel';
export * from './regio-rapport';
