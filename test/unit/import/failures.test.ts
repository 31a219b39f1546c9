/**
 * The failure paths of the import, through readDocument: each bad file is refused with an ImportError that
 * names the file and says why in words an analyst understands (never a stack trace, never garbage forms).
 * test/integration/import-failures.test.ts checks that the same files leave nothing in the database.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/lib/domain/form';
import { ImportError } from '../../../src/lib/import/grid';
import { parseDocument, readDocument } from '../../../src/lib/import/index';
import { storedEntry, zip, zipBomb } from './zip-builder';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url))));
const utf8 = (s: string) => new TextEncoder().encode(s);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);

async function refusal(bytes: Uint8Array, name: string): Promise<ImportError> {
	try {
		await readDocument(bytes, name);
	} catch (e) {
		expect(e, name).toBeInstanceOf(ImportError);
		const err = e as ImportError;
		expect(err.file).toBe(name);
		expect(err.message.startsWith(name)).toBe(true);
		expect(err.message).not.toMatch(/\n\s+at |TypeError|undefined/);
		return err;
	}
	throw new Error(`${name} was accepted`);
}

/** The seed text without its unit name. */
function seedWithoutUnit(): Uint8Array {
	const text = new TextDecoder().decode(fixture('wangcheng-2020.txt'));
	expect(text).toContain('中共长沙市望城区委办公室');
	return utf8(text.replace('中共长沙市望城区委办公室', ''));
}

describe('refused files, with the file name and the reason', () => {
	it('a truncated XLSX', async () => {
		expect((await refusal(fixture('bad/truncated.xlsx'), 'truncated.xlsx')).reason).toBe('无法读取 Excel 文件：文件已损坏或不完整');
	});

	it('an XLSX cut in half here', async () => {
		const seed = fixture('wangcheng-2020.xlsx');
		expect((await refusal(seed.subarray(0, seed.length >> 1), '半个.xlsx')).reason).toBe('无法读取 Excel 文件：文件已损坏或不完整');
	});

	it('a PNG renamed .pdf', async () => {
		expect((await refusal(PNG, '自评表.pdf')).reason).toBe('不是表格文件：这是一张图片（PNG），请导入自评表的 .xlsx、PDF 或文本文件');
	});

	it('an encrypted PDF', async () => {
		expect((await refusal(fixture('bad/encrypted.pdf'), 'encrypted.pdf')).reason).toMatch(/^PDF 已加密/);
	});

	it('a password-protected XLSX says so, not "old .xls"', async () => {
		expect((await refusal(fixture('bad/password.xlsx'), 'password.xlsx')).reason).toMatch(/^Excel 文件已加密/);
	});

	it('a scanned PDF without a text layer', async () => {
		expect((await refusal(fixture('bad/scanned.pdf'), 'scanned.pdf')).reason).toMatch(/扫描件/);
	});

	it('a CSV with missing columns names them', async () => {
		const e = await refusal(utf8('单位,项目名称,一级指标,分值\n区委办,,产出指标,10\n'), '汇总.csv');
		expect(e.reason).toMatch(/^扁平表缺少必需的列：年度（/);
		const f = await refusal(utf8('年度,类型,资金分值\n2020,部门整体,10\n'), '汇总.csv');
		expect(f.reason).toMatch(/^扁平表缺少必需的列：单位、资金列（全年预算数、全年执行数）或指标列/);
	});

	it('a CSV that is neither a flat table nor a form', async () => {
		expect((await refusal(utf8('姓名,电话\n张三,123\n'), '通讯录.csv')).reason).toMatch(/^CSV 文件既不是扁平表/);
	});

	it('an empty file, whatever its name says', async () => {
		for (const name of ['empty.txt', 'empty.csv', 'empty.json', 'empty.xlsx', 'empty.pdf']) {
			expect((await refusal(new Uint8Array(), name)).reason, name).toBe('文件为空');
			expect((await refusal(utf8(' \r\n\t\n'), name)).reason, name).toBe('文件为空');
		}
		expect((await refusal(utf8('\uFEFF'), 'bom.csv')).reason).toBe('文件为空');
	});

	it('a zip bomb disguised as a workbook (300 MB of zeros in one entry)', async () => {
		const bomb = await zipBomb();
		expect(bomb.byteLength).toBeLessThan(1024 * 1024);
		expect((await refusal(bomb, 'bomb.xlsx')).reason).toMatch(/^Excel 文件解压后有 300 MB，超过 100 MB 的上限（可能是压缩炸弹），拒绝读取$/);
	});

	it('a zip bomb that lies about its size is stopped at the size it declared', async () => {
		const liar = await zipBomb('xl/worksheets/sheet1.xml', 1024);
		expect((await refusal(liar, 'liar.xlsx')).reason).toBe('无法读取 Excel 文件：文件已损坏或不完整');
	});

	it('a zip of forms given where one form is expected', async () => {
		const archive = zip([storedEntry('wangcheng-2020.txt', fixture('wangcheng-2020.txt'))]);
		expect((await refusal(archive, 'forms.zip')).reason).toMatch(/压缩包/);
	});
});

describe('a form with no unit name', () => {
	it('is read (the reader never invents a unit) and flagged', async () => {
		const [form] = await readDocument(seedWithoutUnit(), 'no-unit.txt');
		expect(form.unit).toBeNull();
		const [evaluated] = await parseDocument(seedWithoutUnit(), 'no-unit.txt', DEFAULT_SETTINGS);
		expect(evaluated.findings[0]).toMatchObject({ code: 'MISSING_UNIT', where: '表头' });
	});

	it('in a flat table, is refused at its row', async () => {
		const csv = '单位,年度,一级指标,分值\n区委办,2020,产出指标,10\n,2020,效益指标,10\n';
		expect((await refusal(utf8(csv), 'flat.csv')).reason).toBe('第 3 行「单位」为空：每一行都要填写单位名称');
	});

	it('in JSON, is read as null (and refused at import, see the integration test)', async () => {
		const [form] = await parseDocument(utf8(JSON.stringify({ kind: 'department', unit: null, year: 2020, funds: { rows: [] }, indicators: [] })), 'x.json', DEFAULT_SETTINGS);
		expect(form.unit).toBeNull();
		expect(form.findings.map((f) => f.code)).toContain('MISSING_UNIT');
	});
});
