/**
 * Exports as the boss opens them: the XLSX read back with exceljs (values, number formats, the filter line,
 * the frozen header), the CSV as Excel reads it (BOM, quoting, CRLF), and formulas never coming alive.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
	buildCsv,
	buildXlsx,
	collectPages,
	contentDisposition,
	exportFileName,
	exportTime,
	filterLine,
	neutralize,
	type ExportTable
} from '../../src/lib/server/services/export';

const INJECTION = '=HYPERLINK("http://x","点我")';

function table(rows: Record<string, unknown>[] = []): ExportTable {
	return {
		sheetName: '对比 2020',
		title: '单位对比 · 2020 年',
		filters: '对比 · 2020 年 · 部门整体 · 仅低于预警线 · 导出于 2026-11-28 14:03',
		columns: [
			{ header: '单位', key: 'unit', kind: 'text' },
			{ header: '年度', key: 'year', kind: 'year' },
			{ header: '全年预算数（万元）', key: 'budget', kind: 'money' },
			{ header: '执行率', key: 'rate', kind: 'rate' },
			{ header: '复核得分', key: 'score', kind: 'score' },
			{ header: '问题数', key: 'findings', kind: 'int' }
		],
		rows: rows.length
			? rows
			: [
					{ unit: '中共长沙市望城区委办公室', year: 2020, budget: 2083, rate: 0.9444, score: 99.44, findings: 4 },
					{ unit: INJECTION, year: 2020, budget: 207.4538, rate: null, score: 85, findings: 0 },
					{ unit: '@SUM(A1)', year: 2021, budget: null, rate: 0.5, score: null, findings: 1 },
					{ unit: '-1+2', year: 2021, budget: 1, rate: 1, score: 0, findings: 0 }
				]
	};
}

async function readXlsx(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
	expect(wb.worksheets).toHaveLength(1);
	return wb.worksheets[0];
}

describe('buildXlsx', () => {
	it('writes the filter line, the header and numbers with their formats', async () => {
		const ws = await readXlsx(await buildXlsx(table()));
		expect(ws.name).toBe('对比 2020');
		expect(ws.getCell('A1').value).toBe('对比 · 2020 年 · 部门整体 · 仅低于预警线 · 导出于 2026-11-28 14:03');
		// the first line spans the table
		expect(ws.getCell('F1').isMerged).toBe(true);
		expect(ws.getCell('F1').master.address).toBe('A1');
		expect(ws.getRow(2).values).toEqual([undefined, '单位', '年度', '全年预算数（万元）', '执行率', '复核得分', '问题数']);
		expect(ws.getCell('A2').font?.bold).toBe(true);

		const seed = ws.getRow(3);
		expect(seed.getCell(1).value).toBe('中共长沙市望城区委办公室');
		expect(seed.getCell(2).value).toBe(2020);
		expect(seed.getCell(2).numFmt).toBe('0');
		expect(seed.getCell(3).value).toBe(2083);
		expect(seed.getCell(3).numFmt).toBe('0.00');
		expect(seed.getCell(4).value).toBe(0.9444);
		expect(seed.getCell(4).numFmt).toBe('0.00%');
		expect(seed.getCell(5).value).toBe(99.44);
		expect(seed.getCell(5).numFmt).toBe('0.00');
		expect(seed.getCell(6).value).toBe(4);
		expect(seed.getCell(6).numFmt).toBe('0');
	});

	it('keeps every printed digit and leaves absent values empty, never 0', async () => {
		const ws = await readXlsx(await buildXlsx(table()));
		expect(ws.getCell('C4').value).toBe(207.4538);
		expect(ws.getCell('D4').value).toBeNull();
		expect(ws.getCell('C5').value).toBeNull();
		expect(ws.getCell('E5').value).toBeNull();
		expect(ws.getCell('E6').value).toBe(0);
	});

	it('freezes the header, filters the table and sizes columns to their content', async () => {
		const ws = await readXlsx(await buildXlsx(table()));
		const view = ws.views[0] as ExcelJS.WorksheetViewFrozen;
		expect(view.state).toBe('frozen');
		expect(view.ySplit).toBe(2);
		expect(ws.autoFilter).toBeDefined();
		const filter = JSON.stringify(ws.autoFilter);
		expect(filter).toMatch(/A2/);
		expect(filter).toMatch(/F6/);
		// the unit column fits the longest name (CJK characters count double), the year column stays narrow
		const unitWidth = ws.getColumn(1).width ?? 0;
		const yearWidth = ws.getColumn(2).width ?? 0;
		expect(unitWidth).toBeGreaterThanOrEqual(24);
		expect(yearWidth).toBeLessThan(unitWidth);
		expect(yearWidth).toBeGreaterThanOrEqual(6);
	});

	it('writes formula-like text as inert strings with a leading apostrophe', async () => {
		const ws = await readXlsx(await buildXlsx(table()));
		for (const address of ['A4', 'A5', 'A6']) {
			const cell = ws.getCell(address);
			expect(cell.type).toBe(ExcelJS.ValueType.String);
			expect(cell.formula).toBeUndefined();
		}
		expect(ws.getCell('A4').value).toBe(`'${INJECTION}`);
		expect(ws.getCell('A5').value).toBe("'@SUM(A1)");
		expect(ws.getCell('A6').value).toBe("'-1+2");
	});

	it('cuts a long or forbidden sheet name to what Excel accepts', async () => {
		const ws = await readXlsx(await buildXlsx({ ...table(), sheetName: '问题/清单:[2020]*?' + '很长'.repeat(30) }));
		expect(ws.name.length).toBeLessThanOrEqual(31);
		expect(ws.name).not.toMatch(/[[\]:*?/\\]/);
	});

	it('writes an empty table with its header', async () => {
		const ws = await readXlsx(await buildXlsx({ ...table(), rows: [] }));
		expect(ws.getCell('A2').value).toBe('单位');
		expect(ws.actualRowCount).toBe(2);
	});
});

describe('buildCsv', () => {
	const csv = buildCsv(table());
	const lines = csv.slice(1).split('\r\n');

	it('starts with a UTF-8 BOM and the header, ends lines with CRLF', () => {
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const bytes = new TextEncoder().encode(csv);
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(lines[0]).toBe('单位,年度,全年预算数（万元）,执行率,复核得分,问题数');
		expect(csv.endsWith('\r\n')).toBe(true);
		expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		expect(lines).toHaveLength(6); // header, 4 rows, and the empty string after the last CRLF
	});

	it('writes amounts and scores as plain numbers and rates as percentages', () => {
		expect(lines[1]).toBe('中共长沙市望城区委办公室,2020,2083,94.44%,99.44,4');
		// absent values are empty fields
		expect(lines[2].endsWith(',207.4538,,85,0')).toBe(true);
		expect(lines[3]).toBe("'@SUM(A1),2021,,50.00%,,1");
	});

	it('quotes per RFC 4180 and neutralizes formulas', () => {
		expect(lines[2].startsWith(`"'=HYPERLINK(""http://x"",""点我"")",`)).toBe(true);
		expect(lines[4].startsWith("'-1+2,")).toBe(true);
		const text = buildCsv({
			...table(),
			rows: [{ unit: '甲,乙 "丙"\n第二行', year: 2020, budget: null, rate: null, score: null, findings: null }]
		});
		expect(text.slice(1).split('\r\n')[1]).toBe('"甲,乙 ""丙""\n第二行",2020,,,,');
	});
});

describe('helpers', () => {
	it('neutralizes only what a spreadsheet would evaluate', () => {
		expect(neutralize('=1+1')).toBe("'=1+1");
		expect(neutralize('+86 731')).toBe("'+86 731");
		expect(neutralize('\tx')).toBe("'\tx");
		expect(neutralize('\rx')).toBe("'\rx");
		expect(neutralize('中共长沙市望城区委办公室')).toBe('中共长沙市望城区委办公室');
		expect(neutralize('a=b')).toBe('a=b');
	});

	it('names files in Chinese with an ASCII fallback (RFC 5987)', () => {
		expect(exportFileName(['对比', 2020, '部门整体', null, ''], 'xlsx')).toBe('对比-2020-部门整体.xlsx');
		expect(exportFileName(['问题', 'a/b:c'], 'csv')).toBe('问题-a_b_c.csv');
		const header = contentDisposition('对比-2020-部门整体.xlsx');
		expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
		const encoded = /filename\*=UTF-8''(.+)$/.exec(header)![1];
		expect(decodeURIComponent(encoded)).toBe('对比-2020-部门整体.xlsx');
	});

	it('states the filters in force, the cap and the time in China', () => {
		const at = new Date('2026-11-28T06:03:00Z');
		expect(exportTime(at)).toBe('2026-11-28 14:03');
		expect(filterLine('对比', ['2020 年', '部门整体', null, '', '仅低于预警线'], { at })).toBe(
			'对比 · 2020 年 · 部门整体 · 仅低于预警线 · 导出于 2026-11-28 14:03'
		);
		expect(filterLine('问题', [], { at, total: 150_000, written: 100_000 })).toBe(
			'问题 · 共 150000 行，仅导出前 100000 行 · 导出于 2026-11-28 14:03'
		);
	});

	it('collects every page, and stops at the cap', async () => {
		const all = Array.from({ length: 25 }, (_, i) => i);
		const pages: number[] = [];
		const fetchPage = async (page: number, size: number) => {
			pages.push(page);
			return { rows: all.slice((page - 1) * size, page * size), total: all.length };
		};
		expect(await collectPages(fetchPage, 10)).toEqual({ rows: all, total: 25 });
		expect(pages).toEqual([1, 2, 3]);
		const capped = await collectPages(fetchPage, 10, 15);
		expect(capped.rows).toEqual(all.slice(0, 15));
		expect(capped.total).toBe(25);
		// a total that is a multiple of the page size does not ask for an empty page
		const asked: number[] = [];
		await collectPages(async (page, size) => {
			asked.push(page);
			return { rows: all.slice(0, 20).slice((page - 1) * size, page * size), total: 20 };
		}, 10);
		expect(asked).toEqual([1, 2]);
	});
});
