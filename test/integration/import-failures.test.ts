/**
 * Bad files through the import service and the batch upload: each fails with a reason naming the file, and
 * nothing but the failure log is written — no document, no unit, no form. Also the new formats' happy path
 * (flat CSV with two forms, JSON export) end to end into SQLite.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { toDelimited } from '../../src/lib/import/csv';
import { formsToFlatRows } from '../../src/lib/import/flat-write';
import { parseDocument } from '../../src/lib/import';
import type { Database } from '../../src/lib/server/db/schema';
import { listImports } from '../../src/lib/server/repositories/imports';
import { ImportJob } from '../../src/lib/server/services/jobs';
import { importFile } from '../../src/lib/server/services/import';
import { storedEntry, zip, zipBomb } from '../unit/import/zip-builder';
import { FIXTURES, rowCounts, SEED_TXT, tempDb } from './helpers';

const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
const utf8 = (s: string) => new TextEncoder().encode(s);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

let db: Kysely<Database>;
let close: () => Promise<void>;
beforeEach(async () => {
	({ db, close } = await tempDb());
});
afterEach(async () => {
	await close();
});

const NOTHING = { units: 0, documents: 0, forms: 0, form_data: 0, fund_rows: 0, indicators: 0, findings: 0 };

describe('a bad file fails alone and leaves only its failure log', async () => {
	const seedText = fs.readFileSync(SEED_TXT, 'utf8');
	const cases: [string, () => Promise<Uint8Array> | Uint8Array, RegExp][] = [
		['truncated.xlsx', () => fixture('bad/truncated.xlsx'), /无法读取 Excel 文件：文件已损坏或不完整/],
		['自评表.pdf', () => PNG, /这是一张图片（PNG）/],
		['encrypted.pdf', () => fixture('bad/encrypted.pdf'), /PDF 已加密/],
		['汇总.csv', () => utf8('单位,一级指标,分值\n区委办,产出指标,10\n'), /扁平表缺少必需的列：年度/],
		['bad-number.csv', () => utf8('单位,年度,一级指标,分值\n区委办,2020,产出指标,十\n'), /第 2 行「分值」不是数字：十/],
		['no-unit.txt', () => utf8(seedText.replace('中共长沙市望城区委办公室', '')), /无法识别单位名称，表格未保存/],
		['no-unit.json', () => utf8(JSON.stringify({ kind: 'department', unit: null, year: 2020, funds: { rows: [] }, indicators: [] })), /无法识别单位名称/],
		['bad.json', () => utf8('{"kind": "department", "unit": "x", "year": "2020", "funds": {"rows": []}, "indicators": []}'), /year 应为数字或 null/],
		['empty.csv', () => new Uint8Array(), /文件为空/],
		['bomb.xlsx', () => zipBomb(), /压缩炸弹/]
	];
	for (const [name, make, reason] of cases) {
		it(name, async () => {
			const outcome = await importFile(db, { fileName: name, bytes: await make() });
			expect(outcome.status).toBe('failed');
			expect(outcome.error).toMatch(new RegExp(`^${name.replace('.', '\\.')}`));
			expect(outcome.error).toMatch(reason);
			expect(outcome.forms).toEqual([]);
			expect(await rowCounts(db)).toMatchObject({ ...NOTHING, imports: 1 });
			const [log] = await listImports(db);
			expect(log).toMatchObject({ status: 'failed', fileName: name });
		});
	}
});

describe('the new formats import end to end', () => {
	it('a flat CSV with two forms stores both, in one document', async () => {
		const [seed] = await parseDocument(fixture('wangcheng-2020.txt'), 'wangcheng-2020.txt', DEFAULT_SETTINGS);
		const other = { ...seed, unit: '望城区财政局', findings: [] };
		const csv = utf8(`\uFEFF${toDelimited(formsToFlatRows([seed, other]))}`);
		const outcome = await importFile(db, { fileName: '汇总.csv', bytes: csv });
		expect(outcome.status).toBe('imported');
		expect(outcome.forms.map((f) => [f.unit, f.year, f.rate, f.totalScore])).toEqual([
			['中共长沙市望城区委办公室', 2020, 0.9444, 99.44],
			['望城区财政局', 2020, 0.9444, 99.44]
		]);
		expect(await rowCounts(db)).toMatchObject({ documents: 1, units: 2, forms: 2, indicators: 30 });
		const doc = await db.selectFrom('documents').select('format').executeTakeFirstOrThrow();
		expect(doc.format).toBe('csv');
	});

	it('the JSON that `jixiao parse --json` prints imports to the same evaluation', async () => {
		const [seed] = await parseDocument(fixture('wangcheng-2020.txt'), 'wangcheng-2020.txt', DEFAULT_SETTINGS);
		const outcome = await importFile(db, { fileName: 'seed.json', bytes: utf8(JSON.stringify(seed, null, 2)) });
		expect(outcome.status).toBe('imported');
		expect(outcome.forms[0]).toMatchObject({ unit: seed.unit, rate: seed.computed.rate, totalScore: seed.computed.totalScore, findingsCount: seed.findings.length });
	});
});

describe('a zip bomb in a batch upload becomes a failed row, and nothing is queued', () => {
	const limits = { maxFileBytes: 20 * 1024 * 1024, maxFilesPerBatch: 100, maxUnzippedBytes: 16 * 1024 * 1024, maxPdfPages: 200 };

	function expectNothingQueued(job: ImportJob): void {
		const snap = job.snapshot();
		expect(snap.counts).toMatchObject({ queued: 0, importing: 0, imported: 0 });
		// uploads are written to the job folder only when queued for the importer
		expect(fs.readdirSync(job.dir)).toEqual([]);
	}

	it('a bomb uploaded as a .zip batch (refused by its declared size, before inflating)', async () => {
		const job = new ImportJob(limits);
		try {
			const rows = job.addUpload('forms.zip', await zipBomb('form.txt'));
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({ name: 'forms.zip', status: 'failed' });
			expect(rows[0].message).toBe('forms.zip: 压缩包解压后共 300 MB，超过 16 MB 的上限（可能是压缩炸弹），已拒绝');
			expectNothingQueued(job);
		} finally {
			job.close();
		}
	});

	it('a bomb that lies about its size (stopped while inflating, at the limit)', async () => {
		const job = new ImportJob(limits);
		try {
			const [row] = job.addUpload('forms.zip', await zipBomb('form.txt', 1000));
			expect(row.status).toBe('failed');
			expect(row.message).toBe('forms.zip: 压缩包解压后超过 16 MB 的上限（可能是压缩炸弹），已拒绝');
			expectNothingQueued(job);
		} finally {
			job.close();
		}
	});

	it('a zip containing a zip bomb (the inner archive is not opened)', async () => {
		const job = new ImportJob(limits);
		try {
			const outer = zip([storedEntry('inner/bomb.zip', await zipBomb('form.txt'))]);
			const [row] = job.addUpload('batch.zip', outer);
			expect(row).toMatchObject({ name: 'bomb.zip', from: 'batch.zip', status: 'failed' });
			expect(row.message).toBe('bomb.zip: 压缩包内的压缩包不会展开，请解压后再上传');
			expectNothingQueued(job);
		} finally {
			job.close();
		}
	});

	it('a bomb disguised as a workbook in a batch fails at import, storing nothing', async () => {
		// a .xlsx is queued as a form (only the importer opens it): the import service refuses it
		const outcome = await importFile(db, { fileName: 'bomb.xlsx', bytes: await zipBomb() });
		expect(outcome.error).toBe('bomb.xlsx: Excel 文件解压后有 300 MB，超过 100 MB 的上限（可能是压缩炸弹），拒绝读取');
		expect(await rowCounts(db)).toMatchObject({ ...NOTHING, imports: 1 });
	});
});
