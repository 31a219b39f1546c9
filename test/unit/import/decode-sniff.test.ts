import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, looksLikeText } from '../../../src/lib/import/decode';
import { sniff, zipEntryNames } from '../../../src/lib/import/sniff';
import { ImportError } from '../../../src/lib/import/grid';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIX = fileURLToPath(new URL('../../fixtures/', import.meta.url));

const text = '部门(单位)名称\t中共长沙市望城区委办公室\r\n资金情况 (万元)\t—\r\n';

describe('decodeText', () => {
	it('reads UTF-8 without BOM and normalises CRLF', () => {
		const d = decodeText(new TextEncoder().encode(text));
		expect(d).toEqual({ text: text.replace(/\r\n/g, '\n'), encoding: 'utf-8', bom: false });
	});

	it('strips a UTF-8 BOM', () => {
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('单位名称')]);
		expect(decodeText(bytes)).toEqual({ text: '单位名称', encoding: 'utf-8', bom: true });
	});

	it('reads UTF-16 LE and BE with their BOMs', () => {
		const le = iconv.encode('\ufeff单位名称\r\n', 'utf-16le');
		expect(decodeText(new Uint8Array(le))).toMatchObject({ text: '单位名称\n', encoding: 'utf-16le' });
		const be = iconv.encode('\ufeff单位名称', 'utf-16be');
		expect(decodeText(new Uint8Array(be))).toMatchObject({ text: '单位名称', encoding: 'utf-16be' });
	});

	it('falls back to GB18030 when the bytes are not valid UTF-8', () => {
		const gbk = iconv.encode(text, 'gbk');
		const d = decodeText(new Uint8Array(gbk));
		expect(d.encoding).toBe('gb18030');
		expect(d.text).toBe(text.replace(/\r\n/g, '\n'));
	});

	it('decodes the GBK seed to exactly the UTF-8 seed', () => {
		const utf8 = readFileSync(`${FIX}wangcheng-2020.txt`, 'utf8');
		const gbk = decodeText(new Uint8Array(readFileSync(`${FIX}wangcheng-2020.gbk.txt`)));
		expect(gbk.encoding).toBe('gb18030');
		expect(gbk.text).toBe(utf8);
	});

	it('tells text from binary', () => {
		expect(looksLikeText('一级指标\t二级指标\n')).toBe(true);
		expect(looksLikeText('\u0001\u0002\u0003abc\u0004\u0005')).toBe(false);
	});
});

describe('sniff', () => {
	const bytes = (...b: number[]) => new Uint8Array(b);
	const refuse = (b: Uint8Array, name: string) => {
		try {
			sniff(b, name);
		} catch (e) {
			expect(e).toBeInstanceOf(ImportError);
			return (e as ImportError).reason;
		}
		throw new Error('accepted');
	};

	it('recognises the seed renditions by their bytes', () => {
		expect(sniff(new Uint8Array(readFileSync(`${FIX}wangcheng-2020.xlsx`)), 'a.bin').format).toBe('xlsx');
		expect(sniff(new Uint8Array(readFileSync(`${FIX}wangcheng-2020.pdf`)), 'a.txt').format).toBe('pdf');
		expect(sniff(new Uint8Array(readFileSync(`${FIX}wangcheng-2020.txt`)), 'a.txt').format).toBe('text');
		expect(sniff(new Uint8Array(readFileSync(`${FIX}wangcheng-2020.gbk.txt`)), 'a.txt').format).toBe('text');
	});

	it('lists the entries of the workbook zip', () => {
		const names = zipEntryNames(new Uint8Array(readFileSync(`${FIX}wangcheng-2020.xlsx`)));
		expect(names).toContain('[Content_Types].xml');
		expect(names.some((n) => n.startsWith('xl/'))).toBe(true);
	});

	it('detects JSON and CSV', () => {
		expect(sniff(new TextEncoder().encode('  \n[{"a":1}]'), 'x.txt').format).toBe('json');
		expect(sniff(new TextEncoder().encode('a,b'), 'x.csv').format).toBe('csv');
	});

	it('refuses empty files, .xls, images and unknown binaries', () => {
		expect(refuse(bytes(), 'a.txt')).toBe('文件为空');
		expect(refuse(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0), 'a.xls')).toMatch(/旧版 Excel（\.xls）/);
		expect(refuse(bytes(0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0), 'a.txt')).toMatch(/图片（GIF）/);
		expect(refuse(bytes(0x00, 0x01, 0x02, 0x03, 0x41), 'a.dat')).toMatch(/无法识别的二进制文件/);
	});

	it('does not take a text starting with BM for a bitmap', () => {
		expect(sniff(new TextEncoder().encode('BM 项目支出绩效自评表'), 'a.txt').format).toBe('text');
	});
});
