/** JSON in the normalized-form contract: what `jixiao parse --json` prints, imported again. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type NormalizedForm } from '../../../src/lib/domain/form';
import { ImportError } from '../../../src/lib/import/grid';
import { parseDocument, readDocument } from '../../../src/lib/import/index';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url))));
const utf8 = (s: string) => new TextEncoder().encode(s);

async function refusal(promise: Promise<unknown>): Promise<ImportError> {
	try {
		await promise;
	} catch (e) {
		expect(e).toBeInstanceOf(ImportError);
		return e as ImportError;
	}
	throw new Error('accepted');
}

describe('JSON import', async () => {
	const [seed] = await parseDocument(fixture('wangcheng-2020.txt'), 'wangcheng-2020.txt', DEFAULT_SETTINGS);
	const copy = (): NormalizedForm => structuredClone(seed);
	const reason = async (value: unknown, name = 'x.json') => (await refusal(readDocument(utf8(JSON.stringify(value)), name))).reason;

	it('recomputes instead of trusting computed and the domain findings', async () => {
		const tampered = copy() as unknown as Record<string, unknown>;
		tampered.computed = { rate: 0.5, rateFormula: 'B/A', fundsScore: 0, totalScore: 1, grade: '差' };
		tampered.findings = [{ code: 'TOTAL_SCORE_MISMATCH', severity: 'error', message: '假的', where: null }];
		const [read] = await readDocument(utf8(JSON.stringify(tampered)), 'seed.json');
		expect(read.notes).toEqual([]);
		expect(read).not.toHaveProperty('computed');
		const [again] = await parseDocument(utf8(JSON.stringify(tampered)), 'seed.json', DEFAULT_SETTINGS);
		expect(again.computed).toEqual(seed.computed);
		expect(again.findings).toEqual(seed.findings);
	});

	it('keeps the form reader notes among the findings (codes the domain does not raise)', async () => {
		const form = copy();
		const note = { code: 'CELL_UNPLACED', severity: 'warning' as const, message: '「x」无法对应到任何一列，未采用。', where: '第 3 行' };
		form.findings = [note, ...form.findings];
		const [read] = await readDocument(utf8(JSON.stringify(form)), 'x.json');
		expect(read.notes).toEqual([note]);
		const [again] = await parseDocument(utf8(JSON.stringify(form)), 'x.json', DEFAULT_SETTINGS);
		expect(again.findings).toEqual(form.findings);
	});

	it('reads an array of forms, ignores unknown fields, and fills missing nullable fields with null', async () => {
		const minimal = { kind: 'project', unit: '区财政局', year: 2021, funds: { rows: [] }, indicators: [{ level1: '产出指标', weight: 10 }], extra: { anything: 1 } };
		const forms = await readDocument(utf8(JSON.stringify([copy(), minimal])), 'two.json');
		expect(forms).toHaveLength(2);
		expect(forms[1]).toEqual({
			kind: 'project',
			title: null,
			unit: '区财政局',
			project: null,
			year: 2021,
			moneyUnit: null,
			rateFormulaPrinted: null,
			funds: { rows: [], total: null },
			goals: { planned: null, achieved: null },
			indicators: [{ level1: '产出指标', level2: null, level3: null, content: null, targetValue: null, actualValue: null, weight: 10, score: null, reason: null, measure: null }],
			totalWeight: null,
			totalScorePrinted: null,
			notes: []
		});
	});

	it('accepts a ReadForm with notes instead of findings', async () => {
		const { computed: _c, findings: _f, ...read } = copy();
		const note = { code: 'YEAR_INFERRED', severity: 'info', message: '年度按文件名推断', where: null };
		const [back] = await readDocument(utf8(JSON.stringify({ ...read, notes: [note] })), 'read.json');
		expect(back.notes).toEqual([note]);
	});

	it('names the JSON path of a wrong value', async () => {
		const weight = copy() as unknown as { indicators: Record<string, unknown>[] };
		weight.indicators[3].weight = '6';
		expect(await reason(weight)).toBe('JSON 不符合自评表格式：indicators[3].weight 应为数字或 null');

		expect(await reason([copy(), { ...copy(), kind: 'dept' }])).toBe('JSON 不符合自评表格式：[1].kind 应为"department" 或 "project"');
		expect(await reason({ ...copy(), year: 2020.5 })).toBe('JSON 不符合自评表格式：year 应为整数（年度）或 null');
		expect(await reason({ ...copy(), moneyUnit: '千元' })).toBe('JSON 不符合自评表格式：moneyUnit 应为"万元"、"元" 之一或 null');
		expect(await reason({ ...copy(), funds: { rows: {}, total: null } })).toBe('JSON 不符合自评表格式：funds.rows 应为数组');
		expect(await reason({ ...copy(), funds: { rows: [], total: { budget: 1 } } })).toBe('JSON 不符合自评表格式：funds.total.source 应为文字（资金来源的行名）');
		expect(await reason({ ...copy(), unit: 42 })).toBe('JSON 不符合自评表格式：unit 应为文字或 null');
		expect(await reason({ ...copy(), indicators: undefined })).toBe('JSON 不符合自评表格式：indicators 应为数组');
		expect(await reason({ ...copy(), findings: [{ code: 'X', severity: 'fatal', message: 'm' }] })).toBe(
			'JSON 不符合自评表格式：findings[0].severity 应为"error"、"warning"、"info" 之一'
		);
		expect(await reason('a string')).toBe('JSON 不符合自评表格式：顶层 应为对象（一张自评表）');
		expect(await reason([])).toBe('JSON 数组为空，没有自评表');
	});

	it('names the place of a syntax error, and a cut-off file', async () => {
		expect((await refusal(readDocument(utf8('{\n  "kind": "project",\n  "unit" "x"\n}'), 'bad.json'))).reason).toBe('不是有效的 JSON：第 3 行第 10 列有语法错误');
		const text = JSON.stringify(copy(), null, 2);
		expect((await refusal(readDocument(utf8(text.slice(0, text.length / 2)), 'cut.json'))).reason).toBe('不是有效的 JSON：文件在 JSON 结束之前就结束了（可能不完整）');
	});

	it('reads a text form that happens to start with a bracket as text, not as broken JSON', async () => {
		const text = new TextDecoder().decode(fixture('wangcheng-2020.txt'));
		const [form] = await readDocument(utf8(`[附件1]\n${text}`), 'seed.txt');
		expect(form.unit).toBe('中共长沙市望城区委办公室');
	});
});
