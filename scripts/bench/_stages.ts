/** Dev tool: where the time of one document goes (main thread, no workers). */
const performance = { now: () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } };
import { evaluate } from '../../src/lib/domain';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { readDocument } from '../../src/lib/import';
import { openDatabase } from '../../src/lib/server/db';
import { importFile, readerNotesOf } from '../../src/lib/server/services/import';
import { readDataset } from './datasets';
import { removeDb } from './lib';

const file = process.argv[2];
const limit = Number(process.argv[3] ?? 1000);
const docs = [];
for await (const d of readDataset(file, limit)) docs.push(d);
const settings = DEFAULT_SETTINGS;
let tRead = 0, tEval = 0, tNotes = 0;
const parsed = new Map();
for (const d of docs) {
	let t = performance.now();
	let reads;
	try { reads = await readDocument(d.bytes, d.fileName); } catch { tRead += performance.now() - t; continue; }
	tRead += performance.now() - t; t = performance.now();
	const forms = reads.map((r) => evaluate(r, settings));
	tEval += performance.now() - t; t = performance.now();
	for (const f of forms) readerNotesOf(f, settings);
	tNotes += performance.now() - t;
	parsed.set(d.fileName, forms);
}
const n = docs.length;
console.log(`read ${(tRead / n).toFixed(3)} ms/doc, evaluate ${(tEval / n).toFixed(3)}, readerNotes ${(tNotes / n).toFixed(3)}`);
const dbFile = '/tmp/bx/stages.sqlite';
removeDb(dbFile);
const db = await openDatabase(dbFile);
let t = performance.now();
let stored = 0;
for (const d of docs) {
	const forms = parsed.get(d.fileName);
	if (!forms) continue;
	await importFile(db, d, { settings, origin: 'demo', parse: async () => forms });
	stored++;
}
console.log(`store ${((performance.now() - t) / stored).toFixed(3)} ms/doc (${stored} docs, importFile with parsed forms)`);
await db.destroy();
