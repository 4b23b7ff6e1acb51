export * from './organisations';
export * from './users';
export * from './programmes';
export * from './payments';
export * from './reports';
export * from './notifications';
export * from './audit';
export * from './operations';
