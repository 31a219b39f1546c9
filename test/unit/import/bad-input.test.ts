import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../../src/lib/import/index';
import { ImportError } from '../../../src/lib/import/grid';

const FIX = fileURLToPath(new URL('../../fixtures/', import.meta.url));

async function refusal(bytes: Uint8Array, name: string): Promise<ImportError> {
	try {
		await readDocument(bytes, name);
	} catch (e) {
		expect(e).toBeInstanceOf(ImportError);
		return e as ImportError;
	}
	throw new Error(`${name} was accepted`);
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('bad input is refused with the file name and a reason', () => {
	it('an empty file', async () => {
		const e = await refusal(new Uint8Array(), 'empty.txt');
		expect(e.file).toBe('empty.txt');
		expect(e.reason).toBe('文件为空');
		expect(e.message).toContain('empty.txt');
	});

	it('a file of blank lines', async () => {
		expect((await refusal(utf8('\n \r\n\t\n'), 'blank.txt')).reason).toBe('文件为空');
	});

	it('a PNG renamed .txt', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
		const e = await refusal(png, '自评表.txt');
		expect(e.reason).toMatch(/^不是表格文件：这是一张图片（PNG）/);
		expect(e.message).toContain('自评表.txt');
	});

	it('a JPEG', async () => {
		const e = await refusal(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]), 'scan.jpg');
		expect(e.reason).toContain('JPEG');
	});

	it('a legacy .xls (OLE2 header)', async () => {
		const xls = new Uint8Array(512);
		xls.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
		const e = await refusal(xls, '2020年自评表.xls');
		expect(e.reason).toBe('这是旧版 Excel（.xls）文件，无法读取：请在 Excel/WPS 中另存为 .xlsx 后再导入');
		expect(e.file).toBe('2020年自评表.xls');
	});

	it('random bytes', async () => {
		// a fixed pseudo-random sequence: the test must not depend on luck
		const bytes = new Uint8Array(4096);
		let x = 12345;
		for (let i = 0; i < bytes.length; i++) {
			x = (x * 1103515245 + 12345) & 0x7fffffff;
			bytes[i] = x >> 16;
		}
		const e = await refusal(bytes, 'noise.bin');
		expect(e.reason).toMatch(/无法识别/);
	});

	it('a text that is not a form', async () => {
		const text = '关于开展2021年度春季植树活动的通知\n各单位：\n为美化环境，定于3月12日开展植树活动，请各单位组织干部职工参加。\n';
		const e = await refusal(utf8(text), 'notice.txt');
		expect(e.reason).toMatch(/^不是绩效自评表：/);
	});

	it('a zip that is not a workbook', async () => {
		const zip = utf8('PK\x03\x04not really a workbook');
		const e = await refusal(zip, 'archive.zip');
		expect(e.reason).toContain('压缩包');
	});

	it('a truncated copy of the seed is read, not refused, and says it is incomplete', async () => {
		const seed = readFileSync(`${FIX}wangcheng-2020.txt`, 'utf8');
		const half = seed.slice(0, seed.indexOf('可持续影响指标'));
		const [form] = await readDocument(utf8(half), 'half.txt');
		expect(form.unit).toBe('中共长沙市望城区委办公室');
		expect(form.notes.map((n) => n.code)).toContain('FORM_TRUNCATED');
		expect(form.totalScorePrinted).toBeNull();
	});
});

describe('never a crash of another type', () => {
	const seed = readFileSync(`${FIX}wangcheng-2020.txt`, 'utf8');
	const words = ['项目名称', '年度资金总额', '一级指标', '二级指标', '得分', '分值', '执行率(B/A)', '100%', '10', '—', '|', '\t', '\n', '总分', '产出指标', '数量指标', '12.5', '1,000.00', '（2021年度）', '其中:', '合计'];

	it('on texts made of form labels, numbers and separators', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.constantFrom(...words), { maxLength: 120 }), async (parts) => {
				try {
					const forms = await readDocument(utf8(parts.join(' ')), 'fuzz.txt');
					expect(forms.length).toBeGreaterThan(0);
				} catch (e) {
					expect(e).toBeInstanceOf(ImportError);
				}
			}),
			{ numRuns: 150 }
		);
	});

	it('on the seed with lines dropped or cut short', async () => {
		const lines = seed.split('\n');
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.boolean(), { minLength: lines.length, maxLength: lines.length }),
				fc.integer({ min: 0, max: seed.length }),
				async (keep, cut) => {
					const text = lines.filter((_, i) => keep[i]).join('\n').slice(0, cut);
					try {
						await readDocument(utf8(text), 'seed-damaged.txt');
					} catch (e) {
						expect(e).toBeInstanceOf(ImportError);
					}
				}
			),
			{ numRuns: 100 }
		);
	});
});
