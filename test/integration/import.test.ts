import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NormalizedForm } from '../../src/lib/domain/form';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/lib/server/db/schema';
import { getDocumentBytes } from '../../src/lib/server/repositories/documents';
import { countFindingsByCode, listFindings } from '../../src/lib/server/repositories/findings';
import { getForm, listCurrentForms, listFormVersions, yearsAvailable } from '../../src/lib/server/repositories/forms';
import { listImports } from '../../src/lib/server/repositories/imports';
import { importFile, type ParseFn } from '../../src/lib/server/services/import';
import { changeSettings, recomputeAll } from '../../src/lib/server/services/recompute';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { FINDING_CODES } from '../../src/lib/domain';
import { parseDocument } from '../../src/lib/import';
import { FIXTURES, rowCounts, SEED_TXT, tempDb, type TableCounts } from './helpers';
import path from 'node:path';
import { stubParse } from './stub';

// the real parser, for expected values and for wrapping in tests that need a changed form
const parse: ParseFn = parseDocument;
const seedBytes = () => new Uint8Array(fs.readFileSync(SEED_TXT));
const EMPTY: TableCounts = {
	units: 0,
	documents: 0,
	imports: 0,
	forms: 0,
	form_data: 0,
	fund_rows: 0,
	indicators: 0,
	findings: 0,
	settings: 0
};

let db: Kysely<Database>;
let close: () => Promise<void>;
beforeEach(async () => {
	({ db, close } = await tempDb());
});
afterEach(async () => {
	await close();
});

function edited(from: string, to: string): Uint8Array {
	const text = fs.readFileSync(SEED_TXT, 'utf8');
	expect(text).toContain(from);
	return new TextEncoder().encode(text.split(from).join(to));
}

describe('importFile', () => {
	it('stores the seed: form, fund rows, 15 indicators, findings and aggregates', async () => {
		const [expected] = await parse(seedBytes(), 'wangcheng-2020.txt', DEFAULT_SETTINGS);
		const outcome = await importFile(db, { fileName: 'wangcheng-2020.txt', bytes: seedBytes() });
		expect(outcome.status).toBe('imported');
		expect(outcome.error).toBeUndefined();
		expect(outcome.forms).toHaveLength(1);
		const [f] = outcome.forms;
		expect(f).toMatchObject({
			status: 'imported',
			unit: '中共长沙市望城区委办公室',
			year: 2020,
			kind: 'department',
			project: null,
			version: 1,
			rate: 0.9444,
			totalScorePrinted: 99.44,
			totalScore: 99.44,
			grade: '优',
			findingsCount: expected.findings.length
		});

		const counts = await rowCounts(db);
		expect(counts).toEqual({
			...EMPTY,
			units: 1,
			documents: 1,
			imports: 1,
			forms: 1,
			form_data: 1,
			fund_rows: 2,
			indicators: 15,
			findings: expected.findings.length
		});

		const row = await db.selectFrom('forms').selectAll().executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			year: 2020,
			kind: 'department',
			project: '',
			version: 1,
			is_current: 1,
			replaced_by: null,
			rate_formula: '(B-C)/A',
			budget: 2083,
			executed: 1967.2,
			transfer: 0,
			initial_budget: null,
			funds_weight: 10,
			rate_printed: 0.94,
			rate: 0.9444,
			funds_score_printed: 9.44,
			funds_score: 9.44,
			total_weight: 100,
			total_score_printed: 99.44,
			total_score: 99.44,
			grade: '优',
			indicator_count: 15,
			findings_count: expected.findings.length,
			errors_count: expected.findings.filter((x) => x.severity === 'error').length,
			money_unit: '万元'
		});
		expect(row.import_id).toBe(outcome.importId);
		// the reader's note is kept apart for recomputation
		const stored = await db.selectFrom('form_data').selectAll().executeTakeFirstOrThrow();
		expect(stored.form_id).toBe(row.id);
		// reader notes (if any) are findings of the form that the domain checks do not raise
		for (const note of JSON.parse(stored.reader_notes)) {
			expect(expected.findings).toContainEqual(note);
			expect(Object.keys(FINDING_CODES)).not.toContain(note.code);
		}
		expect(JSON.parse(stored.data)).toEqual(expected);

		const funds = await db.selectFrom('fund_rows').selectAll().orderBy('ord').execute();
		expect(funds.map((r) => [r.source, r.is_total, r.budget, r.executed, r.weight, r.score_printed])).toEqual([
			['财政拨款', 0, 2083, 1967.2, null, null],
			['年度资金总额', 1, 2083, 1967.2, 10, 9.44]
		]);
		const indicators = await db.selectFrom('indicators').selectAll().orderBy('ord').execute();
		expect(indicators.map((i) => i.weight).reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(90);
		expect(indicators.filter((i) => i.weight === 0)).toHaveLength(3);
		expect(indicators[14]).toMatchObject({ level2: '服务对象满意度指标', target_value: '95%', where: '第 34 行' });
		const findings = await db.selectFrom('findings').select(['code', 'severity']).orderBy('ord').execute();
		expect(findings).toEqual(expected.findings.map((x) => ({ code: x.code, severity: x.severity })));
		expect(findings.map((x) => x.code)).toContain('RATE_PRINTED_MISMATCH');

		// the detail is the NormalizedForm exactly, with its document
		const detail = await getForm(db, f.formId);
		expect(detail?.form).toEqual(expected);
		expect(detail?.document).toMatchObject({ fileName: 'wangcheng-2020.txt', format: 'text', size: seedBytes().length });
		expect(detail?.versions.map((v) => v.version)).toEqual([1]);
		const doc = await getDocumentBytes(db, detail!.documentId);
		expect(Buffer.from(doc!.bytes).equals(Buffer.from(seedBytes()))).toBe(true);

		const imports = await listImports(db);
		expect(imports).toHaveLength(1);
		expect(imports[0]).toMatchObject({ status: 'ok', fileName: 'wangcheng-2020.txt', formsCount: 1, documentId: detail!.documentId });

		// a form's children go with it (foreign keys are on)
		await db.deleteFrom('forms').where('id', '=', f.formId).execute();
		expect(await rowCounts(db)).toMatchObject({ forms: 0, form_data: 0, fund_rows: 0, indicators: 0, findings: 0 });
		await expect(db.deleteFrom('units').execute()).resolves.toBeDefined();
		await expect(db.insertInto('fund_rows').values({ form_id: 999, ord: 0, is_total: 0, source: 'x' }).execute()).rejects.toThrow(/FOREIGN KEY/);
	});

	it('leaves everything as it was when the same bytes come again', async () => {
		const first = await importFile(db, { fileName: 'wangcheng-2020.txt', bytes: seedBytes() });
		const before = await rowCounts(db);
		let parsed = 0;
		const again = await importFile(
			db,
			{ fileName: 'renamed.txt', bytes: seedBytes() },
			{ parse: (...args) => (parsed++, parse(...args)) }
		);
		expect(again.status).toBe('unchanged');
		expect(parsed).toBe(0);
		expect(again.forms.map((f) => [f.formId, f.status, f.totalScore])).toEqual([[first.forms[0].formId, 'unchanged', 99.44]]);
		expect(await rowCounts(db)).toEqual(before);
	});

	it('treats two concurrent imports of the same bytes as one import', async () => {
		const [a, b] = await Promise.all([
			importFile(db, { fileName: 'a.txt', bytes: seedBytes() }),
			importFile(db, { fileName: 'b.txt', bytes: seedBytes() })
		]);
		expect([a.status, b.status].sort()).toEqual(['imported', 'unchanged']);
		expect((await rowCounts(db)).forms).toBe(1);
	});

	it('replaces the current form by a changed copy and keeps the old version', async () => {
		const v1 = await importFile(db, { fileName: 'wangcheng-2020.txt', bytes: seedBytes() });
		const v2 = await importFile(db, { fileName: 'wangcheng-2020-v2.txt', bytes: edited('1967.2', '1900') });
		expect(v2.status).toBe('replaced');
		expect(v2.forms[0]).toMatchObject({ status: 'replaced', version: 2, rate: 0.9121 });

		const { rows, total } = await listCurrentForms(db, { year: 2020 });
		expect(total).toBe(1);
		expect(rows.map((r) => [r.id, r.version, r.executed, r.rate])).toEqual([[v2.forms[0].formId, 2, 1900, 0.9121]]);

		const old = await getForm(db, v1.forms[0].formId);
		expect(old).toMatchObject({ version: 1, isCurrent: false, replacedBy: v2.forms[0].formId, executed: 1967.2 });
		expect(old?.form.computed.rate).toBe(0.9444);
		const versions = await listFormVersions(db, v1.forms[0].formId);
		expect(versions.map((v) => [v.version, v.isCurrent, v.fileName])).toEqual([
			[2, true, 'wangcheng-2020-v2.txt'],
			[1, false, 'wangcheng-2020.txt']
		]);
		expect(await rowCounts(db)).toMatchObject({ units: 1, documents: 2, imports: 2, forms: 2, indicators: 30 });

		// a third version of the same key keeps counting
		const v3 = await importFile(db, { fileName: 'v3.txt', bytes: edited('1967.2', '2000') });
		expect(v3.forms[0]).toMatchObject({ status: 'replaced', version: 3 });
		expect((await listFormVersions(db, v2.forms[0].formId)).map((v) => [v.version, v.isCurrent])).toEqual([
			[3, true],
			[2, false],
			[1, false]
		]);
	});

	it('stores the four renditions of the seed as four versions of one form with equal aggregates', async () => {
		const files = ['wangcheng-2020.txt', 'wangcheng-2020.gbk.txt', 'wangcheng-2020.xlsx', 'wangcheng-2020.pdf'];
		const outcomes = [];
		for (const name of files)
			outcomes.push(await importFile(db, { fileName: name, bytes: new Uint8Array(fs.readFileSync(path.join(FIXTURES, name))) }));
		expect(outcomes.map((o) => [o.status, o.forms[0]?.version])).toEqual([
			['imported', 1],
			['replaced', 2],
			['replaced', 3],
			['replaced', 4]
		]);
		const versions = await listFormVersions(db, outcomes[0].forms[0].formId);
		expect(versions.map((v) => v.fileName)).toEqual([...files].reverse());
		const rows = await db
			.selectFrom('forms')
			.select(['budget', 'executed', 'rate', 'rate_printed', 'funds_score', 'total_score', 'total_score_printed', 'grade', 'indicator_count'])
			.orderBy('version')
			.execute();
		for (const row of rows) expect(row).toEqual(rows[0]);
		expect(rows[0]).toMatchObject({ rate: 0.9444, total_score: 99.44, grade: '优', indicator_count: 15 });
		expect(await db.selectFrom('documents').select('format').orderBy('id').execute()).toEqual(
			['text', 'text', 'xlsx', 'pdf'].map((format) => ({ format }))
		);
	});

	it('fails a broken file with a message naming it, and logs only the failure', async () => {
		const outcome = await importFile(db, { fileName: 'broken.txt', bytes: new TextEncoder().encode('这不是一张表') });
		expect(outcome.status).toBe('failed');
		expect(outcome.forms).toEqual([]);
		expect(outcome.error).toMatch(/^broken\.txt/);
		expect(outcome.error).not.toContain('\n');
		expect(await rowCounts(db)).toEqual({ ...EMPTY, imports: 1 });
		const [log] = await listImports(db, { status: 'failed' });
		expect(log).toMatchObject({ status: 'failed', fileName: 'broken.txt', documentId: null, message: outcome.error });
		expect(log.sha256).toMatch(/^[0-9a-f]{64}$/);
	});

	it('writes nothing when the transaction fails half-way', async () => {
		const [good] = await parse(seedBytes(), 'two.txt', DEFAULT_SETTINGS);
		// the second form violates the kind CHECK constraint, after the first form and its unit were written
		const bad = { ...good, unit: '另一个单位', kind: 'neither' } as unknown as NormalizedForm;
		const outcome = await importFile(db, { fileName: 'two.txt', bytes: seedBytes() }, { parse: async () => [good, bad] });
		expect(outcome.status).toBe('failed');
		expect(outcome.error).toMatch(/^two\.txt: .*CHECK/);
		expect(await rowCounts(db)).toEqual({ ...EMPTY, imports: 1 });
		// and the same file can be imported once the problem is gone
		const retry = await importFile(db, { fileName: 'two.txt', bytes: seedBytes() });
		expect(retry.status).toBe('imported');
	});

	it.each([
		['unit', { unit: null }, /无法识别单位名称/],
		['unit (blank)', { unit: '  ' }, /无法识别单位名称/],
		['year', { year: null }, /无法识别年度/],
		['project of a project form', { kind: 'project', project: null }, /缺少项目名称/]
	])('refuses a form without its %s', async (_what, change, message) => {
		const outcome = await importFile(
			db,
			{ fileName: 'x.txt', bytes: seedBytes() },
			{ parse: async (...args) => (await parse(...args)).map((f) => ({ ...f, ...change }) as NormalizedForm) }
		);
		expect(outcome.status).toBe('failed');
		expect(outcome.error).toMatch(/^x\.txt/);
		expect(outcome.error).toMatch(message);
		expect(await rowCounts(db)).toEqual({ ...EMPTY, imports: 1 });
	});

	it('fails a file in which no form was found', async () => {
		const outcome = await importFile(db, { fileName: 'empty.txt', bytes: seedBytes() }, { parse: async () => [] });
		expect(outcome).toMatchObject({ status: 'failed', error: 'empty.txt: 未找到绩效自评表' });
	});
});

describe('reading stored forms', () => {
	it('lists, filters and sorts current forms and findings', async () => {
		await importFile(db, { fileName: 'a.txt', bytes: seedBytes() });
		const project = async (...args: Parameters<ParseFn>) =>
			(await parse(...args)).map((f) => ({ ...f, kind: 'project', project: '某项目', unit: '某县财政局', year: 2021 }) as NormalizedForm);
		await importFile(db, { fileName: 'b.txt', bytes: edited('1967.2', '1500') }, { parse: project });

		expect(await yearsAvailable(db)).toEqual([2021, 2020]);
		expect(await yearsAvailable(db, { kind: 'department' })).toEqual([2020]);
		const all = await listCurrentForms(db, { sort: 'rate' });
		expect(all.total).toBe(2);
		expect(all.rows.map((r) => [r.unit, r.kind, r.project, r.rate])).toEqual([
			['某县财政局', 'project', '某项目', 0.7201],
			['中共长沙市望城区委办公室', 'department', null, 0.9444]
		]);
		expect((await listCurrentForms(db, { sort: '-rate' })).rows.map((r) => r.rate)).toEqual([0.9444, 0.7201]);
		expect((await listCurrentForms(db, { kind: 'project' })).rows.map((r) => r.unit)).toEqual(['某县财政局']);
		expect((await listCurrentForms(db, { search: '望城' })).total).toBe(1);
		expect((await listCurrentForms(db, { search: '某项' })).rows.map((r) => r.project)).toEqual(['某项目']);
		const page = await listCurrentForms(db, { sort: 'unit', limit: 1, offset: 1 });
		expect(page.total).toBe(2);
		expect(page.rows).toHaveLength(1);

		const below = await listFindings(db, { code: 'RATE_BELOW_ALERT' });
		expect(below.rows.map((r) => [r.unit, r.year, r.project])).toEqual([['某县财政局', 2021, '某项目']]);
		const errors = await listFindings(db, { severity: 'error', year: 2020 });
		expect(errors.rows.every((r) => r.severity === 'error' && r.year === 2020)).toBe(true);
		expect(errors.total).toBeGreaterThan(0);
		const byCode = await countFindingsByCode(db);
		expect(byCode.find((c) => c.code === 'ACTUAL_MATCHES_OTHER_TARGET')).toMatchObject({ count: 6, forms: 2 });
	});
});

describe('recomputeAll', () => {
	it('re-evaluates stored forms under new settings, keeping the reader notes', async () => {
		// the stub adds a reader note (READER_NOTE) that must survive re-evaluation
		const { forms } = await importFile(db, { fileName: 'a.txt', bytes: seedBytes() }, { parse: stubParse });
		const id = forms[0].formId;
		const codes = async () =>
			(await db.selectFrom('findings').select('code').where('form_id', '=', id).orderBy('ord').execute()).map((r) => r.code);
		expect(await codes()).not.toContain('RATE_BELOW_ALERT');
		const before = (await getForm(db, id))!;

		const result = await changeSettings(db, { alertLine: 0.95 });
		expect(result).toMatchObject({ forms: 1, changed: 1, settings: { alertLine: 0.95 } });
		// the stored form is now what a fresh import under the new settings would give
		const [expected] = await stubParse(seedBytes(), 'a.txt', { ...result.settings });
		const after = (await getForm(db, id))!;
		expect(after.form).toEqual(expected);
		expect(await codes()).toEqual(expected.findings.map((f) => f.code));
		expect(await codes()).toContain('RATE_BELOW_ALERT');
		expect(await codes()).toContain('READER_NOTE');
		expect(after.findingsCount).toBe(expected.findings.length);
		expect(after.findingsCount).toBeGreaterThan(before.findingsCount);
		expect(after.warningsCount).toBe(expected.findings.filter((f) => f.severity === 'warning').length);

		// nothing changes on a second pass; going back restores the original evaluation
		expect(await recomputeAll(db)).toEqual({ forms: 1, changed: 0 });
		await changeSettings(db, { alertLine: 0.9 });
		expect((await getForm(db, id))!.form).toEqual(before.form);
	});
});
