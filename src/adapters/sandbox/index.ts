export * from './account-seed.js';
export * from './policy-evaluator.js';
export * from './request-simulator.js';
export * from './sandbox-account.js';
