/**
 * Asks the action function (the only one allowed to change IAM) to put back what a step changed, once responders
 * agreed. The request is only a prompt: the action function reads the settled approval and its own journal itself.
 */
export interface Restorer {
  restore(incidentId: string, step: string): Promise<void>;
}
