/** Runs every benchmark and prints one table (`npm run bench`), then the time-to-contain ratio on its own line. */
import { benchBigInput } from './big-input.js';
import { benchBundles } from './bundles.js';
import { benchDetections } from './detections.js';
import { benchPlaybooks } from './playbooks.js';
import { benchStorm } from './storm.js';
import { benchStreamApart } from './stream.js';
import { benchTimeToContain } from './time-to-contain.js';

const blank: [string, string] = ['', ''];
const contain = await benchTimeToContain();
const rows: Array<[string, string]> = [
  ...contain.rows,
  blank,
  ...(await benchDetections()),
  ...benchStreamApart(),
  blank,
  ...(await benchStorm()),
  blank,
  [
    'per playbook run (drill / path)',
    'outcome, cost and speed, triage and its notice counted as invocations',
  ],
  ...(await benchPlaybooks()),
  blank,
  ...(await benchBundles()),
  blank,
  ...(await benchBigInput()),
];
const width = Math.max(...rows.map(([label]) => label.length));
console.log(`Rekey benchmarks (node ${process.version}, ${new Date().toISOString().slice(0, 10)})\n`);
for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
console.log(`\ntime to contain: ${contain.ratio.toFixed(2)} x lower bound`);
