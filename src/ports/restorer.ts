/** Puts back what a step changed (its journaled undo), where the rights to do it are: the action function. */
export interface Restorer {
  restore(incidentId: string, step: string, actor: string): Promise<void>;
}
