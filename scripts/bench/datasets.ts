/**
 * The benchmark's datasets: N synthetic documents from the demo generator, written once as JSON lines
 * (`{"fileName","text"}`) so that every part and every later run reads the same documents.
 *
 * Shape: 5 fiscal years, every unit files a department form each year and on average 0.25 project forms;
 * units = N / 6.25, so 100K documents are ~16,000 units × 5 complete years (a province's scale).
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { generateDataset } from '../../src/lib/demo';
import { log, now, progress, sizeLabel } from './lib';

export const YEARS = 5;
export const PROJECTS_PER_UNIT = 0.25;
export const SEED = 20260;

export interface DatasetInfo {
	size: number;
	file: string;
	units: number;
	bytes: number;
	/** documents per second of the generator, when this run generated it */
	generatedPerSecond: number | null;
}

export function datasetFile(dataDir: string, size: number): string {
	return path.join(dataDir, `dataset-${sizeLabel(size)}.jsonl`);
}

function unitsFor(size: number, attempt: number): number {
	return Math.ceil((size / (YEARS * (1 + PROJECTS_PER_UNIT))) * (1 + 0.02 * attempt));
}

export async function ensureDataset(dataDir: string, size: number, fresh: boolean): Promise<DatasetInfo> {
	fs.mkdirSync(dataDir, { recursive: true });
	const file = datasetFile(dataDir, size);
	const meta = `${file}.meta.json`;
	if (!fresh && fs.existsSync(file) && fs.existsSync(meta)) {
		const info = JSON.parse(fs.readFileSync(meta, 'utf8')) as DatasetInfo;
		log(`dataset ${sizeLabel(size)}: reusing ${path.relative(process.cwd(), file)} (${info.units} units)`);
		return { ...info, file, generatedPerSecond: null };
	}
	for (let attempt = 0; ; attempt++) {
		const units = unitsFor(size, attempt);
		log(`dataset ${sizeLabel(size)}: generating ${size} documents (${units} units × ${YEARS} years)`);
		const tmp = `${file}.tmp`;
		const out = fs.openSync(tmp, 'w');
		const bar = progress('generated', size);
		const t = now();
		let n = 0;
		let bytes = 0;
		let buffer: string[] = [];
		const flush = () => {
			if (buffer.length === 0) return;
			const chunk = buffer.join('');
			bytes += Buffer.byteLength(chunk);
			fs.writeSync(out, chunk);
			buffer = [];
		};
		for (const doc of generateDataset({ units, years: YEARS, projectsPerUnit: PROJECTS_PER_UNIT, seed: SEED, limit: size })) {
			buffer.push(`${JSON.stringify({ fileName: doc.fileName, text: doc.text })}\n`);
			n++;
			if (buffer.length === 1000) flush();
			bar.tick(n);
		}
		flush();
		fs.closeSync(out);
		const seconds = (now() - t) / 1000;
		if (n < size) {
			// the roster gave fewer documents than asked: widen it and try again
			fs.rmSync(tmp);
			continue;
		}
		fs.renameSync(tmp, file);
		const info: DatasetInfo = { size, file, units, bytes, generatedPerSecond: n / seconds };
		fs.writeFileSync(meta, JSON.stringify(info));
		return info;
	}
}

export interface DatasetDoc {
	fileName: string;
	bytes: Uint8Array;
}

/** The documents of a dataset file, in order, as the bytes a user would upload (UTF-8 text). */
export async function* readDataset(file: string, limit = Infinity): AsyncGenerator<DatasetDoc> {
	const rl = readline.createInterface({ input: fs.createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
	let n = 0;
	try {
		for await (const line of rl) {
			if (!line) continue;
			if (n++ >= limit) break;
			const { fileName, text } = JSON.parse(line) as { fileName: string; text: string };
			yield { fileName, bytes: Buffer.from(text, 'utf8') };
		}
	} finally {
		rl.close();
	}
}
