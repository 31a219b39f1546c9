import { parseForImport } from '../../src/lib/server/services/parse';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { readDataset } from './datasets';
const docs = [];
for await (const d of readDataset(process.argv[2], Number(process.argv[3] ?? 1000))) docs.push(d);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let round = 0; round < Number(process.argv[4] ?? 1); round++) {
	const t = cpu();
	for (const d of docs) { try { await parseForImport(d.bytes, d.fileName, DEFAULT_SETTINGS); } catch {} }
	console.log(`parseForImport ${((cpu() - t) / docs.length).toFixed(3)} ms/doc cpu`);
}
