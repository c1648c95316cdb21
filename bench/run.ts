/** Runs every benchmark and prints one table (`npm run bench`). */
import { benchBundles } from './bundles.js';
import { benchDetections } from './detections.js';
import { benchPlaybooks } from './playbooks.js';

const rows = [
  ...(await benchDetections()),
  ['', ''] as [string, string],
  ['per playbook run (drill / path)', 'outcome, cost and speed, triage counted as one invocation'] as [
    string,
    string,
  ],
  ...(await benchPlaybooks()),
  ['', ''] as [string, string],
  ...(await benchBundles()),
];
const width = Math.max(...rows.map(([label]) => label.length));
console.log(`Rekey benchmarks (node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`);
for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
