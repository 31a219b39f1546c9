/**
 * Loads synthetic demo forms through the real import pipeline (parse, recompute, store), marked as demo
 * data so that the UI can say so and `deleteDemoData` can take them out again.
 */
import type { Kysely } from 'kysely';
import { DEMO_DEFAULTS, generateDataset, type DatasetOptions } from '../../demo';
import type { Database } from '../db/schema';
import { getSettings } from '../repositories/settings';
import { importFile, type ImportStatus } from './import';

export interface DemoResult {
	documents: number;
	counts: Record<ImportStatus, number>;
	/** forms generated without a unit or a year (a data-quality problem the demo shows): they cannot be stored */
	refused: number;
	/** the first few failures of forms that should have been stored */
	failures: string[];
}

export async function loadDemo(
	db: Kysely<Database>,
	opts: Partial<DatasetOptions> = {},
	onProgress?: (done: number, total: number) => void
): Promise<DemoResult> {
	const options: DatasetOptions = { ...DEMO_DEFAULTS, ...opts };
	const settings = await getSettings(db);
	const encoder = new TextEncoder();
	const counts: Record<ImportStatus, number> = { imported: 0, replaced: 0, unchanged: 0, failed: 0 };
	const failures: string[] = [];
	let refused = 0;
	let documents = 0;
	// the generator is lazy: count up front only for the progress display
	const total = countDocuments(options);
	for (const doc of generateDataset(options)) {
		const outcome = await importFile(
			db,
			{ fileName: doc.fileName, bytes: encoder.encode(doc.text) },
			{ settings, origin: 'demo' }
		);
		counts[outcome.status]++;
		if (outcome.status === 'failed') {
			if (doc.truth.unit === null || doc.truth.year === null) refused++;
			else if (failures.length < 5) failures.push(outcome.error ?? doc.fileName);
		}
		documents++;
		onProgress?.(documents, total);
	}
	return { documents, counts, refused, failures };
}

function countDocuments(options: DatasetOptions): number {
	let n = 0;
	for (const _ of generateDataset(options)) n++;
	return n;
}
