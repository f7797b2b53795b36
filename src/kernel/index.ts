export * from './prng.ts';
export * from './eventQueue.ts';
export * from './kernel.ts';
export * from './trace.ts';
export * from './invariants.ts';
export * from './wallclock.ts';
export * from './memo.ts';
