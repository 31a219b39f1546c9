import { parseForImport, readerNotesOf } from '../../src/lib/server/services/parse';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { readDataset } from './datasets';
let n = 0, withNotes = 0, diff = 0;
for await (const d of readDataset(process.argv[2])) {
	let parsed; try { parsed = await parseForImport(d.bytes, d.fileName, DEFAULT_SETTINGS); } catch { continue; }
	for (const p of parsed) { n++; if (p.readerNotes.length) withNotes++; if (JSON.stringify(p.readerNotes) !== JSON.stringify(readerNotesOf(p.form, DEFAULT_SETTINGS))) diff++; }
}
console.log({ n, withNotes, diff });
