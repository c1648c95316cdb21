export * from '../../domain/policy-evaluator.js';
export * from './account-seed.js';
export * from './request-simulator.js';
export * from './sandbox-account.js';
