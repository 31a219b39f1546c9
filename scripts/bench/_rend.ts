import fs from 'node:fs';
import { parseForImport } from '../../src/lib/server/services/parse';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { variant } from './renditions';
for (const f of ['wangcheng-2020.xlsx', 'wangcheng-2020.pdf']) {
	const bytes = new Uint8Array(fs.readFileSync(`test/fixtures/${f}`));
	const base = JSON.stringify(await parseForImport(bytes, f, DEFAULT_SETTINGS));
	for (let i = 0; i < 5; i++) {
		const v = variant(bytes, f, i);
		const t = performance.now();
		const out = JSON.stringify(await parseForImport(v, f, DEFAULT_SETTINGS));
		console.log(f, i, out === base, (performance.now() - t).toFixed(0), 'ms');
	}
}
