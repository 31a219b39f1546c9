import { openDatabase } from '../../src/lib/server/db';
import { importFiles } from '../../src/lib/server/services/import-batch';
import { importFile, parseForImport, type ParsedForm } from '../../src/lib/server/services/import';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { readDataset } from './datasets';
import { removeDb } from './lib';
const [file, mode = 'batch', limitArg = '2000'] = process.argv.slice(2);
const docs = [];
const parsed = new Map<string, ParsedForm[] | Error>();
for await (const d of readDataset(file, Number(limitArg))) {
	docs.push(d);
	try { parsed.set(d.fileName, await parseForImport(d.bytes, d.fileName, DEFAULT_SETTINGS)); } catch (e) { parsed.set(d.fileName, e as Error); }
}
const parser = async (_b: Uint8Array, name: string) => { const p = parsed.get(name)!; if (p instanceof Error) throw p; return p; };
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const dbFile = `/tmp/bx/store-${mode}.sqlite`;
removeDb(dbFile);
const db = await openDatabase(dbFile);
const t = cpu(); const w = performance.now();
if (mode === 'file') for (const d of docs) await importFile(db, d, { settings: DEFAULT_SETTINGS, origin: 'demo', parser });
else await importFiles(db, docs, { settings: DEFAULT_SETTINGS, origin: 'demo', parser, batchSize: Number(process.env.BATCH ?? 200) });
console.log(`${mode}: store ${((cpu() - t) / docs.length).toFixed(3)} ms/doc cpu, ${((performance.now() - w) / docs.length).toFixed(3)} wall`);
await db.destroy();
