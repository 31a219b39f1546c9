import { ensureDataset } from './datasets';
for (const s of process.argv.slice(2)) await ensureDataset('bench-data', Number(s), false);
