import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../src/lib/server/db';
import { importFiles } from '../../src/lib/server/services/import-batch';
import { importFile } from '../../src/lib/server/services/import';
import { createParsePool } from '../../src/lib/server/services/parse-pool';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { readDataset } from './datasets';
import { removeDb } from './lib';
const [file, mode = 'batch', workersArg = '1', limitArg] = process.argv.slice(2);
const limit = limitArg ? Number(limitArg) : Infinity;
const dbFile = `/tmp/bx/batch-${mode}.sqlite`;
removeDb(dbFile);
const db = await openDatabase(dbFile);
const docs = [];
for await (const d of readDataset(file, limit)) docs.push(d);
const pool = mode === 'pool' ? createParsePool({ workers: Number(workersArg) }) : null;
const cpu0 = process.cpuUsage();
const t = performance.now();
let counts;
if (mode === 'file') {
	counts = { imported: 0, replaced: 0, unchanged: 0, failed: 0 };
	for (const d of docs) counts[(await importFile(db, d, { settings: DEFAULT_SETTINGS, origin: 'demo' })).status]++;
} else {
	const r = await importFiles(db, docs, { settings: DEFAULT_SETTINGS, origin: 'demo', parser: pool?.parse });
	counts = { ...r.counts, tx: r.transactions };
}
const ms = performance.now() - t;
const cpu = process.cpuUsage(cpu0);
console.log(mode, workersArg, docs.length, `${ms.toFixed(0)} ms`, `${(docs.length / ms * 1000).toFixed(0)} docs/s`, `main+gc cpu ${((cpu.user + cpu.system) / 1000 / docs.length).toFixed(2)} ms/doc`, JSON.stringify(counts));
await pool?.close();
await db.destroy();
