/**
 * Hostile and broken input: mutated copies of the seed corpus (truncated, bit-flipped, shuffled lines, huge
 * cells, repeated rows) and built workbooks (thousands of merged ranges, one gigantic range, a far-away
 * cell) through the real readers. Each input must either parse or be refused with an ImportError, within a
 * time bound; imports of mutated files must be all or nothing. The test prints how many inputs it tried.
 *
 * JIXIAO_FUZZ_RUNS multiplies the number of runs (default 1); JIXIAO_FUZZ_SEED changes the inputs.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { parseDocument, readDocument } from '../../src/lib/import';
import { flatTemplateCsv } from '../../src/lib/import/flat-write';
import { FLAT_EXAMPLE } from '../../src/lib/import/flat-example';
import { ImportError } from '../../src/lib/import/grid';
import { importFile } from '../../src/lib/server/services/import';
import { FIXTURES, rowCounts, tempDb, tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/jixiao.js');
const RUNS = Math.max(1, Number(process.env.JIXIAO_FUZZ_RUNS) || 1);
const SEED = Number(process.env.JIXIAO_FUZZ_SEED) || 20201128;
/** one parse of a small file; generous, because the machine runs other tests alongside */
const PARSE_BOUND_MS = 15_000;

interface Seed {
	name: string;
	bytes: Uint8Array;
	text: boolean;
}

let seeds: Seed[];
let tried = 0;
let accepted = 0;
let refused = 0;
let slowest = { ms: 0, what: '' };

beforeAll(async () => {
		// plain copies: a Buffer's slice() is a view, and a bit flip would change the seed itself
	const file = (p: string, text: boolean): Seed => ({ name: path.basename(p), bytes: new Uint8Array(fs.readFileSync(p)), text });
	const seedForm = (await parseDocument(fs.readFileSync(path.join(FIXTURES, 'wangcheng-2020.txt')), 'w.txt', DEFAULT_SETTINGS))[0];
	seeds = [
		file(path.join(FIXTURES, 'wangcheng-2020.txt'), true),
		file(path.join(FIXTURES, 'wangcheng-2020.gbk.txt'), true),
		file(path.join(FIXTURES, 'wangcheng-2020.xlsx'), false),
		...fs
			.readdirSync(path.join(FIXTURES, 'real'))
			.filter((f) => f.endsWith('.txt'))
			.map((f) => file(path.join(FIXTURES, 'real', f), true)),
		{ name: 'flat.csv', bytes: new TextEncoder().encode(flatTemplateCsv([FLAT_EXAMPLE])), text: true },
		{ name: 'form.json', bytes: new TextEncoder().encode(JSON.stringify(seedForm)), text: true }
	];
});

afterAll(() => {
	console.log(
		`fuzz: ${tried} inputs tried (${accepted} read, ${refused} refused with a reason); slowest ${slowest.ms} ms (${slowest.what})`
	);
});

/** Parse one input: a ReadForm list or an ImportError, nothing else, within the bound. */
async function tryParse(bytes: Uint8Array, name: string, what: string): Promise<void> {
	tried++;
	const start = performance.now();
	try {
		const forms = await readDocument(bytes, name);
		expect(Array.isArray(forms)).toBe(true);
		accepted++;
	} catch (err) {
		if (!(err instanceof ImportError)) throw new Error(`${what}: ${name} threw ${(err as Error)?.stack ?? String(err)}`);
		expect(err.message).toContain(name);
		refused++;
	}
	const ms = Math.round(performance.now() - start);
	if (ms > slowest.ms) slowest = { ms, what: `${what} ${name}` };
	expect(ms, `${what} ${name} took ${ms} ms`).toBeLessThan(PARSE_BOUND_MS);
}

type Mutation =
	| { kind: 'truncate'; at: number }
	| { kind: 'flip'; bits: { at: number; bit: number }[] }
	| { kind: 'shuffle'; seed: number }
	| { kind: 'hugeCell'; line: number; size: number; char: string }
	| { kind: 'repeat'; line: number; times: number }
	| { kind: 'splice'; at: number; junk: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
	fc.record({
		kind: fc.constant('flip' as const),
		bits: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), bit: fc.integer({ min: 0, max: 7 }) }), {
			minLength: 1,
			maxLength: 40
		})
	}),
	fc.record({ kind: fc.constant('shuffle' as const), seed: fc.integer() }),
	fc.record({
		kind: fc.constant('hugeCell' as const),
		line: fc.nat(),
		size: fc.integer({ min: 10_000, max: 2_000_000 }),
		char: fc.constantFrom('9', '一', '\t', ' ', '|', '%', '.', '"', '\u3000')
	}),
	fc.record({ kind: fc.constant('repeat' as const), line: fc.nat(), times: fc.integer({ min: 100, max: 5000 }) }),
	fc.record({ kind: fc.constant('splice' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), junk: fc.uint8Array({ maxLength: 64 }) })
);

function lines(bytes: Uint8Array): string[] {
	return Buffer.from(bytes).toString('latin1').split('\n');
}
const fromLines = (ls: string[]) => new Uint8Array(Buffer.from(ls.join('\n'), 'latin1'));

function mutate(seed: Seed, m: Mutation): Uint8Array {
	const b = seed.bytes;
	switch (m.kind) {
		case 'truncate':
			return b.slice(0, Math.floor(b.length * m.at));
		case 'flip': {
			const out = b.slice();
			for (const { at, bit } of m.bits) {
				const i = Math.min(out.length - 1, Math.floor(out.length * at));
				if (i >= 0) out[i] ^= 1 << bit;
			}
			return out;
		}
		case 'shuffle': {
			const ls = lines(b);
			let x = m.seed | 0;
			for (let i = ls.length - 1; i > 0; i--) {
				x = (Math.imul(x, 1103515245) + 12345) | 0;
				const j = Math.abs(x) % (i + 1);
				[ls[i], ls[j]] = [ls[j], ls[i]];
			}
			return fromLines(ls);
		}
		case 'hugeCell': {
			// latin1 round trip keeps the other bytes; the cell itself is UTF-8
			const ls = lines(b);
			const i = m.line % ls.length;
			ls[i] = `${ls[i]}\t${Buffer.from(m.char.repeat(m.size), 'utf8').toString('latin1')}`;
			return fromLines(ls);
		}
		case 'repeat': {
			const ls = lines(b);
			const i = m.line % ls.length;
			return fromLines([...ls.slice(0, i), ...Array<string>(m.times).fill(ls[i]), ...ls.slice(i + 1)]);
		}
		case 'splice': {
			const i = Math.floor(b.length * m.at);
			const out = new Uint8Array(b.length + m.junk.length);
			out.set(b.subarray(0, i));
			out.set(m.junk, i);
			out.set(b.subarray(i), i + m.junk.length);
			return out;
		}
	}
}

describe('fuzzing the importers', () => {
	it('mutated text, CSV and JSON forms parse or are refused, each within the bound', async () => {
		await fc.assert(
			fc.asyncProperty(fc.nat(), mutation, async (pick, m) => {
				const textSeeds = seeds.filter((s) => s.text);
				const seed = textSeeds[pick % textSeeds.length];
				await tryParse(mutate(seed, m), seed.name, m.kind);
			}),
			{ numRuns: 400 * RUNS, seed: SEED, endOnFailure: true }
		);
	}, 600_000);

	it('mutated workbooks (bit flips, truncation, junk) parse or are refused', async () => {
		const xlsx = seeds.find((s) => s.name.endsWith('.xlsx'))!;
		await fc.assert(
			fc.asyncProperty(
				mutation.filter((m) => m.kind === 'flip' || m.kind === 'truncate' || m.kind === 'splice'),
				async (m) => tryParse(mutate(xlsx, m), xlsx.name, `xlsx ${m.kind}`)
			),
			{ numRuns: 120 * RUNS, seed: SEED + 1, endOnFailure: true }
		);
	}, 600_000);

	it('mutated cells inside a workbook (huge texts, odd numbers, formula-looking strings) are read safely', async () => {
		const zip = await JSZip.loadAsync(seeds.find((s) => s.name.endsWith('.xlsx'))!.bytes);
		const shared = await zip.file('xl/sharedStrings.xml')!.async('string');
		const strings = [...shared.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].length;
		await fc.assert(
			fc.asyncProperty(
				fc.nat({ max: strings - 1 }),
				fc.oneof(
					fc.string({ maxLength: 200 }),
					fc.constantFrom('=HYPERLINK("http://x","y")', '+1+1', '-1e309', '@SUM(A1)', '<script>alert(1)</script>', '9'.repeat(400)),
					fc.integer({ min: 100_000, max: 1_000_000 }).map((n) => '字'.repeat(n))
				),
				async (index, text) => {
					let n = 0;
					const escaped = text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
					const changed = shared.replace(/<t([^>]*)>([^<]*)<\/t>/g, (all, attrs) => (n++ === index ? `<t${attrs}>${escaped}</t>` : all));
					zip.file('xl/sharedStrings.xml', changed);
					const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
					await tryParse(bytes, 'cells.xlsx', 'xlsx cell');
				}
			),
			{ numRuns: 40 * RUNS, seed: SEED + 2, endOnFailure: true }
		);
	}, 600_000);

	it('a few mutated PDFs parse or are refused', async () => {
		const pdf: Seed = { name: 'wangcheng-2020.pdf', bytes: new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'wangcheng-2020.pdf'))), text: false };
		await fc.assert(
			fc.asyncProperty(
				mutation.filter((m) => m.kind === 'flip' || m.kind === 'truncate'),
				async (m) => tryParse(mutate(pdf, m), pdf.name, `pdf ${m.kind}`)
			),
			{ numRuns: 12 * RUNS, seed: SEED + 3, endOnFailure: true }
		);
	}, 600_000);

	it('an import of a mutated file is all or nothing', async () => {
		const { db, close } = await tempDb();
		try {
			const samples = fc.sample(fc.tuple(fc.nat(), mutation), { numRuns: 40 * RUNS, seed: SEED + 4 });
			const textSeeds = seeds.filter((s) => s.name.endsWith('.txt'));
			let stored = 0;
			for (const [i, [pick, m]] of samples.entries()) {
				const seed = textSeeds[pick % textSeeds.length];
				const before = await rowCounts(db);
				const bytes = mutate(seed, m);
				tried++;
				const outcome = await importFile(db, { fileName: `${i}-${seed.name}`, bytes });
				const after = await rowCounts(db);
				if (outcome.status === 'failed') {
					// only the failure's own log row
					expect({ ...after, imports: before.imports }).toEqual(before);
					expect(after.imports).toBe(before.imports + 1);
				} else if (outcome.status !== 'unchanged') {
					stored++;
					expect(after.documents).toBe(before.documents + 1);
					const forms = await db.selectFrom('forms').select('id').where('document_id', '=', outcome.documentId!).execute();
					expect(forms).toHaveLength(outcome.forms.length);
				}
			}
			expect(stored).toBeGreaterThan(0);
		} finally {
			await close();
		}
	}, 600_000);
});

describe('hostile workbooks (each parsed in its own process, killed if it hangs)', () => {
	const run = promisify(execFile);
	let dir: string;
	beforeAll(() => {
		dir = tempDir('jixiao-fuzz-');
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	async function withSheetXml(edit: (xml: string) => string): Promise<string> {
		const zip = await JSZip.loadAsync(fs.readFileSync(path.join(FIXTURES, 'wangcheng-2020.xlsx')));
		const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
		zip.file('xl/worksheets/sheet1.xml', edit(xml));
		const file = path.join(dir, `${Math.random().toString(36).slice(2)}.xlsx`);
		fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
		return file;
	}

	const addMerges = (extra: string) => (xml: string) => xml.replace(/<mergeCells count="(\d+)">/, `<mergeCells count="$1">${extra}`);

	/** `jixiao parse` under a hard timeout and a heap cap: the exit code and the one-line message. */
	async function parseInChild(file: string): Promise<{ code: number; stderr: string; ms: number }> {
		tried++;
		const start = performance.now();
		try {
			await run(process.execPath, ['--max-old-space-size=1024', BIN, 'parse', file], { cwd: ROOT, timeout: 60_000, killSignal: 'SIGKILL' });
			return { code: 0, stderr: '', ms: performance.now() - start };
		} catch (err) {
			const e = err as { code?: number; killed?: boolean; stderr: string };
			if (e.killed) throw new Error(`${path.basename(file)}: parse did not finish within 60 s`);
			return { code: e.code ?? -1, stderr: e.stderr, ms: performance.now() - start };
		}
	}

	it('thousands of small merged ranges are read', async () => {
		const merges = Array.from({ length: 3000 }, (_, i) => `<mergeCell ref="M${100 + i * 2}:O${101 + i * 2}"/>`).join('');
		const r = await parseInChild(await withSheetXml(addMerges(merges)));
		expect(r.code).toBe(0);
	}, 90_000);

	it.each([
		['one range over the whole sheet', addMerges('<mergeCell ref="A30:XFD1048576"/>')],
		['a million-row column', addMerges('<mergeCell ref="L1:L1000000"/>')],
		['many large ranges', addMerges(Array.from({ length: 500 }, (_, i) => `<mergeCell ref="P${i * 1000 + 1}:T${i * 1000 + 999}"/>`).join(''))]
	])('%s is refused quickly with a reason', async (_label, edit) => {
		const r = await parseInChild(await withSheetXml(edit));
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/合并单元格共超过 200,000 格/);
	}, 90_000);

	it('a cell with text at the last row and column is refused, not expanded', async () => {
		const file = await withSheetXml((xml) =>
			xml.replace('</sheetData>', '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>远处的单元格</t></is></c></row></sheetData>')
		);
		const r = await parseInChild(file);
		expect(r.code).toBe(1);
		expect(r.stderr).toMatch(/超过 2,000,000 格的上限/);
	}, 90_000);
});
