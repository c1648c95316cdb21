/** Rekey as a library: the domain, detections, the sandbox account and the local drill runtime. */

export { type CallVerdict, type SimulatedCall, simulateCall } from './adapters/sandbox/request-simulator.js';
export { SandboxAccount } from './adapters/sandbox/sandbox-account.js';
export { renderReview } from './app/review/render-review.js';
export { type TriageDeps, type TriageResult, triage } from './app/triage.js';
export { normaliseEvent } from './detections/normalise.js';
export { DETECTION_RULES } from './detections/rules.js';
export * from './domain/index.js';
export { type Drill, loadDrill, parseDrill } from './drills/drill-file.js';
export { type DrillReport, type DrillRunOptions, runDrill } from './drills/drill-runner.js';
export { InvalidPatternError } from './eventbus/errors.js';
export { compilePattern, matchesEventPattern } from './eventbus/pattern.js';
