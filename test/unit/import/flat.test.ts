/**
 * The flat table (one row per indicator, the form's values repeated): CSV/TSV/XLSX in, forms out; errors that
 * name the row and the column; the template.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/lib/domain/form';
import { delimitedToGrid, toDelimited } from '../../../src/lib/import/csv';
import { FLAT_COLUMNS, isFlatGrid } from '../../../src/lib/import/flat';
import { FLAT_EXAMPLE } from '../../../src/lib/import/flat-example';
import { flatTemplateCsv, flatTemplateXlsx, formsToFlatRows } from '../../../src/lib/import/flat-write';
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

/** A bureau's sheet: the brief's columns, two forms, numbers written the way people type them. */
const HEADER = ['单位', '年度', '类型', '项目名称', '金额单位', '年初预算数', '全年预算数', '全年执行数', '上级转移支付', '资金分值', '执行率(印刷)', '资金得分(印刷)', '执行率公式', '总分值', '自评总分', '一级指标', '二级指标', '三级指标', '目标内容', '指标性质', '目标值', '完成值', '分值', '得分', '未完成原因', '改进措施'];
const DEPT = ['望城区委办', '2020', '部门整体', '', '万元', '2,083.00', '2,083.00', '1,967.20', '0', '10', '94.00%', '9.44', '(B-C)/A', '100', '99.44'];
const PROJ = ['望城区财政局', '2021年', '项目支出', '农村公路养护', '万元', '', '500', '450', '', '10', '90%', '9', '', '100', '95'];
const BUREAU = [
	HEADER,
	[...DEPT, '产出指标', '数量指标', '党员轮训', '开展一次党员轮训', '=', '1次', '1次', '45', '45', '', ''],
	[...DEPT, '效益指标', '社会效益指标', '群众联系', '保持密切联系', '定性', '良好', '良好', '45', '45', '', ''],
	[...PROJ, '产出指标', '数量指标', '养护里程', '养护农村公路', '≥', '100公里', '90公里', '50', '43', '雨季延误', '加强调度'],
	[...PROJ, '满意度指标', '服务对象满意度指标', '群众满意度', '', '≥', '90%', '95%', '40', '40', '', '']
];

describe('reading a flat CSV', async () => {
	const forms = await readDocument(utf8(toDelimited(BUREAU)), '2020汇总.csv');

	it('groups rows into forms by unit, year, kind and project, in order of appearance', () => {
		expect(forms.map((f) => [f.unit, f.year, f.kind, f.project])).toEqual([
			['望城区委办', 2020, 'department', null],
			['望城区财政局', 2021, 'project', '农村公路养护']
		]);
		expect(forms.map((f) => f.indicators.length)).toEqual([2, 2]);
	});

	it('takes the funds total from the repeated columns, numbers as typed (2,083.00, 94.00%)', () => {
		expect(forms[0].funds).toEqual({
			rows: [],
			total: {
				source: '年度资金总额',
				initialBudget: 2083,
				budget: 2083,
				executed: 1967.2,
				transfer: 0,
				weight: 10,
				ratePrinted: 0.94,
				ratePrintedText: '94.00%',
				scorePrinted: 9.44
			}
		});
		expect(forms[0].rateFormulaPrinted).toBe('(B-C)/A');
		expect(forms[1].funds.total).toMatchObject({ initialBudget: null, transfer: null, ratePrinted: 0.9, ratePrintedText: '90%' });
		expect(forms[1].rateFormulaPrinted).toBeNull();
		expect(forms[0]).toMatchObject({ moneyUnit: '万元', totalWeight: 100, totalScorePrinted: 99.44, notes: [] });
	});

	it('reads each indicator row, naming the row it came from', () => {
		expect(forms[1].indicators[0]).toEqual({
			level1: '产出指标',
			level2: '数量指标',
			level3: '养护里程',
			content: '养护农村公路',
			nature: '≥',
			targetValue: '100公里',
			actualValue: '90公里',
			weight: 50,
			score: 43,
			reason: '雨季延误',
			measure: '加强调度',
			where: '第 4 行'
		});
		expect(forms[1].indicators[1].content).toBeNull();
	});

	it('goes through the domain like any form (rate recomputed by the printed formula)', async () => {
		const [dept] = await parseDocument(utf8(toDelimited(BUREAU)), 'x.csv', DEFAULT_SETTINGS);
		expect(dept.computed).toMatchObject({ rate: 0.9444, rateFormula: '(B-C)/A', fundsScore: 9.44, totalScore: 99.44, grade: '优' });
		expect(dept.findings.map((f) => f.code)).toContain('RATE_PRINTED_MISMATCH');
	});

	it('reads the same table as GBK, with a UTF-8 BOM, or tab-separated in a .txt', async () => {
		const plain = JSON.stringify(forms);
		const variants: [string, Uint8Array][] = [
			['gbk.csv', new Uint8Array(iconv.encode(toDelimited(BUREAU), 'gbk'))],
			['bom.csv', utf8(`\uFEFF${toDelimited(BUREAU)}`)],
			['tabs.txt', utf8(toDelimited(BUREAU, '\t'))]
		];
		for (const [name, bytes] of variants) {
			const again = await readDocument(bytes, name);
			expect(JSON.stringify(again), name).toBe(plain);
		}
	});

	it('accepts English keys and the contract field names as headers', async () => {
		const english = ['unit', 'year', 'kind', 'project', 'moneyUnit', 'initialBudget', 'budget', 'executed', 'transfer', 'fundsWeight', 'ratePrinted', 'fundsScorePrinted', 'rateFormulaPrinted', 'totalWeight', 'totalScorePrinted', 'level1', 'level2', 'level3', 'content', 'nature', 'targetValue', 'actualValue', 'weight', 'score', 'reason', 'measure'];
		const again = await readDocument(utf8(toDelimited([english, ...BUREAU.slice(1)])), 'en.csv');
		expect(again).toEqual(forms);
	});

	it('infers the kind from the project name when 类型 is left out', async () => {
		const rows = [
			['单位', '年度', '项目名称', '一级指标', '分值', '得分'],
			['区财政局', '2021', '公路养护', '产出指标', '10', '9'],
			['区委办', '2020', '', '产出指标', '10', '10']
		];
		const [p, d] = await readDocument(utf8(toDelimited(rows)), 'k.csv');
		expect([p.kind, d.kind]).toEqual(['project', 'department']);
		expect(p.funds.total).toBeNull();
	});
});

describe('flat-table errors name the file, the row and the column', () => {
	const csv = (rows: string[][]) => utf8(toDelimited(rows));
	const row = (budget: string) => [...DEPT.slice(0, 6), budget, ...DEPT.slice(7), '产出指标', '数量指标', 'x', '', '', '', '', '10', '10', '', ''];

	it('a bad number', async () => {
		const rows = [HEADER, row('2083'), row('2083'), row('2083'), row('2083'), row('2083'), row('abc')];
		const e = await refusal(readDocument(csv(rows), '汇总.csv'));
		expect(e.reason).toBe('第 7 行「全年预算数」不是数字：abc');
		expect(e.message).toBe('汇总.csv: 第 7 行「全年预算数」不是数字：abc');
	});

	it('a repeated funds value that differs within one form', async () => {
		const e = await refusal(readDocument(csv([HEADER, row('2083'), row('2,083'), row('2000')]), 'x.csv'));
		expect(e.reason).toMatch(/^第 4 行「全年预算数」为 2000，与同一张表第 2 行的 2083 不一致（望城区委办 2020 年部门整体）/);
	});

	it('a percentage where an amount belongs, a rate that is neither a percentage nor a fraction', async () => {
		expect((await refusal(readDocument(csv([HEADER, row('94%')]), 'x.csv'))).reason).toBe('第 2 行「全年预算数」不能是百分数：94%');
		const rate = [...DEPT.slice(0, 10), '94.44', ...DEPT.slice(11), '产出指标'];
		expect((await refusal(readDocument(csv([HEADER, rate]), 'x.csv'))).reason).toBe('第 2 行「执行率(印刷)」应写成百分数（如 94.44%）或小数（如 0.9444）：94.44');
	});

	it('missing columns, named', async () => {
		const e = await refusal(readDocument(csv([['单位', '类型', '项目名称', '分值'], ['区委办', '部门整体', '', '10']]), '缺列.csv'));
		expect(e.file).toBe('缺列.csv');
		expect(e.reason).toMatch(/^扁平表缺少必需的列：年度、资金列（全年预算数、全年执行数）或指标列/);
		expect(e.reason).toContain('「单位」「类型」「项目名称」「分值」');
	});

	it('a row without a unit or year, a kind or money unit that means nothing', async () => {
		const r = (unit: string, year: string, kind = '部门整体', money = '万元') => [unit, year, kind, '', money, ...DEPT.slice(5), '产出指标'];
		expect((await refusal(readDocument(csv([HEADER, r('区委办', '2020'), r('', '2020')]), 'x.csv'))).reason).toBe('第 3 行「单位」为空：每一行都要填写单位名称');
		expect((await refusal(readDocument(csv([HEADER, r('区委办', '')]), 'x.csv'))).reason).toBe('第 2 行「年度」为空：每一行都要填写年度');
		expect((await refusal(readDocument(csv([HEADER, r('区委办', '二〇二〇')]), 'x.csv'))).reason).toBe('第 2 行「年度」不是年度：二〇二〇');
		expect((await refusal(readDocument(csv([HEADER, r('区委办', '2020', '整体')]), 'x.csv'))).reason).toBe('第 2 行「类型」应为「部门整体」或「项目支出」：整体');
		expect((await refusal(readDocument(csv([HEADER, r('区委办', '2020', '部门整体', '千元')]), 'x.csv'))).reason).toBe('第 2 行「金额单位」应为「万元」或「元」：千元');
	});

	it('two columns that mean the same', async () => {
		const e = await refusal(readDocument(csv([['单位', '年度', '执行率', '执行率(印刷)', '一级指标'], ['a', '2020', '1', '1', 'x']]), 'x.csv'));
		expect(e.reason).toBe('第 1 行的第 C 列「执行率」和第 D 列「执行率(印刷)」是同一列，请只保留一列');
	});

	it('a fund-source row that also holds an indicator', async () => {
		const rows = [[...HEADER, '资金来源'], [...row('2083'), '财政拨款']];
		expect((await refusal(readDocument(csv(rows), 'x.csv'))).reason).toMatch(/^第 2 行「资金来源」已填写，这一行却也填了指标列/);
	});

	it('a header alone', async () => {
		expect((await refusal(readDocument(csv([HEADER]), 'x.csv'))).reason).toBe('扁平表只有表头，没有数据行');
	});
});

describe('what the flat table carries beyond the indicators', () => {
	it('fund-source rows, the total row name, long texts on one row, reader notes', async () => {
		const H = ['单位', '年度', '资金来源', '资金合计行', '全年预算数', '全年执行数', '执行率(印刷)', '一级指标', '分值', '部门职能概述', '提示代码', '提示级别', '提示位置', '提示内容'];
		const rows = [
			H,
			['区委办', '2020', '财政拨款', '合计', '2000', '1900', '95%', '', '', '', '', '', '', ''],
			['区委办', '2020', '其他资金', '合计', '83', '67.2', '', '', '', '', '', '', '', ''],
			['区委办', '2020', '', '合计', '2083', '1967.2', '', '产出指标', '90', '办文办会', '', '', '', ''],
			['区委办', '2020', '', '', '—', '', '', '', '', '', 'CELL_UNPLACED', 'warning', '第 12 行', '「x」无法对应']
		];
		const [f] = await readDocument(utf8(toDelimited(rows)), 'x.csv');
		expect(f.funds.rows.map((r) => [r.source, r.budget, r.executed, r.ratePrinted])).toEqual([
			['财政拨款', 2000, 1900, 0.95],
			['其他资金', 83, 67.2, null]
		]);
		expect(f.funds.total).toMatchObject({ source: '合计', budget: 2083, executed: 1967.2, ratePrinted: null });
		expect(f.functions).toBe('办文办会');
		expect(f.indicators).toHaveLength(1);
		expect(f.notes).toEqual([{ code: 'CELL_UNPLACED', severity: 'warning', message: '「x」无法对应', where: '第 12 行' }]);
	});

	it('columns it does not know are not imported, and the form says so', async () => {
		const rows = [
			['单位', '年度', '一级指标', '分值', '负责人', ''],
			['区委办', '2020', '产出指标', '10', '张三', '备注'],
			['区财政局', '2020', '产出指标', '10', '', '']
		];
		const [a, b] = await readDocument(utf8(toDelimited(rows)), 'x.csv');
		expect(a.notes.map((n) => n.message)).toEqual(['「负责人」列不是扁平表的列，其中的内容未导入。', '第 F 列（没有表头）不是扁平表的列，其中的内容未导入。']);
		expect(a.notes[0]).toMatchObject({ code: 'FLAT_COLUMN_IGNORED', severity: 'warning', where: '第 1 行' });
		expect(b.notes).toEqual([]);
	});
});

describe('where the header is', () => {
	it('below up to three title lines, which are noted, not imported', async () => {
		const rows = [['2020年度部门整体支出绩效自评汇总表'], [''], ['填报日期：2021年3月', ''], ...BUREAU];
		const forms = await readDocument(utf8(toDelimited(rows)), '汇总.csv');
		expect(forms).toHaveLength(2);
		expect(forms[0].indicators[0].where).toBe('第 5 行');
		expect(forms[0].notes).toEqual([
			{ code: 'FLAT_TITLE_SKIPPED', severity: 'info', message: '表头上方的「2020年度部门整体支出绩效自评汇总表」未导入（视为标题）。', where: '第 1 行' },
			{ code: 'FLAT_TITLE_SKIPPED', severity: 'info', message: '表头上方的「填报日期：2021年3月」未导入（视为标题）。', where: '第 3 行' }
		]);
		// a tab-separated text with a title line is recognised as well
		const tsv = await readDocument(utf8(toDelimited(rows, '\t')), '汇总.txt');
		expect(tsv.map((f) => f.unit)).toEqual(['望城区委办', '望城区财政局']);
	});

	it('not below a line of label | value cells, the way a form starts', () => {
		const grid = (text: string) => delimitedToGrid(text, 'x.csv');
		expect(isFlatGrid(grid('项目支出绩效自评表\n预算单位,区财政局,年度,2020,项目名称,公路养护\n一级指标,二级指标,分值\n'))).toBe(false);
		expect(isFlatGrid(grid('一张表\n单位,年度,一级指标,分值,备注,说明,其他,更多\n'))).toBe(false);
		expect(isFlatGrid(grid('单位,年度,一级指标,分值,备注,说明,其他,更多\n'))).toBe(true);
		expect(isFlatGrid(grid('a\nb\nc\nd\n单位,年度,一级指标\n'))).toBe(false);
	});
});

describe('a flat XLSX sheet', () => {
	async function workbook(fill: (ws: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
		const wb = new ExcelJS.Workbook();
		fill(wb.addWorksheet('汇总'));
		return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
	}

	it('is told from a form workbook by its header and read with numeric cells, percentages and merged cells', async () => {
		const bytes = await workbook((ws) => {
			ws.addRow(['单位', '年度', '全年预算数', '全年执行数', '执行率', '一级指标', '二级指标', '分值', '得分']);
			ws.addRow(['区委办', 2020, 2083, 1967.2, 0.9444, '产出指标', '数量指标', 50, 50]);
			ws.addRow([null, 2020, 2083, 1967.2, 0.9444, '效益指标', '社会效益指标', 40, 38.5]);
			ws.getCell('E2').numFmt = '0.00%';
			ws.getCell('E3').numFmt = '0.00%';
			ws.getCell('C2').numFmt = '#,##0.0';
			ws.mergeCells('A2:A3');
		});
		const [f] = await readDocument(bytes, '汇总.xlsx');
		expect(f.unit).toBe('区委办');
		// the amount as stored, not as the 1-decimal format shows it
		expect(f.funds.total).toMatchObject({ budget: 2083, executed: 1967.2, ratePrinted: 0.9444, ratePrintedText: '94.44%' });
		expect(f.indicators.map((i) => [i.level1, i.score, i.where])).toEqual([
			['产出指标', 50, '工作表「汇总」第 2 行'],
			['效益指标', 38.5, '工作表「汇总」第 3 行']
		]);
	});

	it('finds the header below a title merged across the sheet', async () => {
		const bytes = await workbook((ws) => {
			ws.addRow(['2020年汇总']);
			ws.mergeCells('A1:D1');
			ws.addRow(['单位', '年度', '一级指标', '分值']);
			ws.addRow(['区委办', 2020, '产出指标', 10]);
		});
		const [f] = await readDocument(bytes, '汇总.xlsx');
		expect(f.indicators.map((i) => [i.level1, i.weight])).toEqual([['产出指标', 10]]);
		expect(f.notes.map((n) => n.where)).toEqual(['工作表「汇总」第 1 行']);
	});

	it('names the sheet and the row in an error', async () => {
		const bytes = await workbook((ws) => {
			ws.addRow(['单位', '年度', '一级指标', '分值']);
			ws.addRow(['区委办', 2020, '产出指标', 'abc']);
		});
		const e = await refusal(readDocument(bytes, '汇总.xlsx'));
		expect(e.message).toBe('汇总.xlsx（工作表「汇总」）: 第 2 行「分值」不是数字：abc');
	});

	it('leaves a form workbook to the form reader', async () => {
		const [f] = await readDocument(fixture('wangcheng-2020.xlsx'), 'wangcheng-2020.xlsx');
		expect(f.indicators[0].where).toBe('工作表「部门整体自评表」第 11 行');
	});
});

describe('the embedded example and the template', () => {
	const squash = (v: unknown) =>
		JSON.parse(JSON.stringify(v, (k, x) => (k === 'where' ? undefined : typeof x === 'string' ? x.replace(/\s+/g, '') : x)));

	it('FLAT_EXAMPLE is what the form reader makes of the seed', async () => {
		const [seed] = await readDocument(fixture('wangcheng-2020.txt'), 'wangcheng-2020.txt');
		expect(squash(FLAT_EXAMPLE)).toEqual(squash(seed));
	});

	it('lists every column once, with a Chinese header, an English key and a description', () => {
		const keys = FLAT_COLUMNS.map((c) => c.key);
		expect(new Set(keys).size).toBe(keys.length);
		expect(new Set(FLAT_COLUMNS.map((c) => c.header)).size).toBe(keys.length);
		for (const c of FLAT_COLUMNS) expect(c.description.length, c.key).toBeGreaterThan(1);
		expect(formsToFlatRows([])).toEqual([FLAT_COLUMNS.map((c) => c.header)]);
	});

	it('the CSV template starts with a BOM and reads back to the example', async () => {
		const csv = flatTemplateCsv([FLAT_EXAMPLE]);
		expect(csv.startsWith('\uFEFF单位,年度,类型,')).toBe(true);
		const [back] = await readDocument(utf8(csv), 'template.csv');
		expect(squash(back)).toEqual(squash(FLAT_EXAMPLE));
	});

	it('the XLSX template has a bold frozen header with notes, numbers as numbers, and reads back to the example', async () => {
		const bytes = await flatTemplateXlsx([FLAT_EXAMPLE]);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
		const ws = wb.worksheets[0];
		expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
		expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
		expect(ws.getRow(1).getCell(1).value).toBe('单位');
		expect(String(ws.getRow(1).getCell(1).note)).toContain('单位名称');
		const budget = FLAT_COLUMNS.findIndex((c) => c.key === 'budget') + 1;
		expect(ws.getRow(2).getCell(budget).value).toBe(2083);
		expect(ws.getColumn(1).width).toBeGreaterThan(20);
		expect(ws.rowCount).toBe(1 + 1 + 15);
		const [back] = await readDocument(bytes, 'template.xlsx');
		expect(squash(back)).toEqual(squash(FLAT_EXAMPLE));
	});

	it('the README documents every column as FLAT_COLUMNS has it', () => {
		const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
		for (const c of FLAT_COLUMNS) expect(readme, c.key).toContain(`| ${c.header} | \`${c.key}\` | ${c.description} |`);
	});

	it('refuses to write two forms the flat table could not tell apart', () => {
		expect(() => formsToFlatRows([FLAT_EXAMPLE, FLAT_EXAMPLE])).toThrow(/无法区分/);
	});
});
