import { RekeyError } from '../domain/errors.js';

/** An EventBridge event pattern that EventBridge would refuse, with the reason. */
export class InvalidPatternError extends RekeyError {}

/** An event that EventBridge's TestEventPattern refuses ("Parameter Event is not valid."), with the reason. */
export class InvalidTestEventError extends RekeyError {}
