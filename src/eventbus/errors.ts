import { RekeyError } from '../domain/errors.js';

/** An EventBridge event pattern that EventBridge would refuse, with the reason. */
export class InvalidPatternError extends RekeyError {}
