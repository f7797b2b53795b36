export * from './names.ts';
export * from './resources.ts';
export * from './validation.ts';
export * from './duration.ts';
export * from './errors.ts';
export * from './time.ts';
export * from './ingress.ts';
