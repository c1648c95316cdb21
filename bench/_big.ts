import { benchBigInput } from './big-input.js';
const t = Date.now();
for (const r of await benchBigInput()) console.log(r.join('  '));
console.log('seconds', (Date.now() - t) / 1000);
