// dumps parseDocument output hash per doc for a dataset and the fixtures
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { createHash } from 'node:crypto';
import { parseDocument } from '../../src/lib/import';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
const [dataset, out] = process.argv.slice(2);
const lines: string[] = [];
async function one(name: string, bytes: Uint8Array) {
	let r: string;
	try { r = JSON.stringify(await parseDocument(bytes, name, DEFAULT_SETTINGS)); } catch (e) { r = 'ERR ' + (e as Error).message; }
	lines.push(`${name}\t${createHash('sha1').update(r).digest('hex')}`);
}
const fx = '/work/main/test/fixtures';
for (const dir of [fx, path.join(fx, 'real'), path.join(fx, 'bad')]) for (const f of fs.readdirSync(dir)) { const p = path.join(dir, f); if (fs.statSync(p).isFile()) await one(f, new Uint8Array(fs.readFileSync(p))); }
const rl = readline.createInterface({ input: fs.createReadStream(dataset) });
for await (const line of rl) { if (!line) continue; const { fileName, text } = JSON.parse(line); await one(fileName, Buffer.from(text)); }
fs.writeFileSync(out, lines.join('\n'));
console.log(lines.length);
