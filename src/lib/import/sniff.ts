/**
 * What kind of file is this? Decided from the bytes (magic numbers) first and the name second, so that a
 * renamed file is still recognised and a binary file is refused with a clear reason instead of being parsed
 * as garbage text.
 */
import { ImportError } from './grid';

export type FileFormat = 'xlsx' | 'pdf' | 'json' | 'csv' | 'text';

export interface Sniffed {
	format: FileFormat;
}

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: readonly number[], offset = 0): boolean {
	if (bytes.length < offset + magic.length) return false;
	return magic.every((b, i) => bytes[offset + i] === b);
}

function ascii(s: string): number[] {
	return Array.from(s, (c) => c.charCodeAt(0));
}

/** Images, archives and office formats that are not forms, with the name users know them by. */
const FOREIGN: { magic: number[]; offset?: number; what: string }[] = [
	{ magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: '一张图片（PNG）' },
	{ magic: [0xff, 0xd8, 0xff], what: '一张图片（JPEG）' },
	{ magic: ascii('GIF87a'), what: '一张图片（GIF）' },
	{ magic: ascii('GIF89a'), what: '一张图片（GIF）' },
	{ magic: [0x49, 0x49, 0x2a, 0x00], what: '一张图片（TIFF）' },
	{ magic: [0x4d, 0x4d, 0x00, 0x2a], what: '一张图片（TIFF）' },
	{ magic: ascii('WEBP'), offset: 8, what: '一张图片（WEBP）' },
	{ magic: ascii('Rar!'), what: '一个压缩包（RAR）' },
	{ magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: '一个压缩包（7z）' },
	{ magic: [0x1f, 0x8b], what: '一个压缩包（gzip）' }
];

/**
 * Detects the format of a file. Throws ImportError for empty files, legacy .xls, images, archives and other
 * binary files; everything else is 'text' (whose decoding is checked later).
 */
export function sniff(bytes: Uint8Array, fileName: string): Sniffed {
	const name = fileName.toLowerCase();
	if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)) {
		throw new ImportError(fileName, '文件为空');
	}
	if (startsWith(bytes, OLE2)) {
		// a password-protected .xlsx comes in the same container as an old .xls: the XLSX reader says "encrypted"
		if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from('EncryptedPackage', 'utf16le'))) {
			return { format: 'xlsx' };
		}
		if (name.endsWith('.doc')) {
			throw new ImportError(fileName, '这是旧版 Word（.doc）文件，无法读取：请另存为 .xlsx 表格或导出为 PDF 后再导入');
		}
		throw new ImportError(fileName, '这是旧版 Excel（.xls）文件，无法读取：请在 Excel/WPS 中另存为 .xlsx 后再导入');
	}
	if (startsWith(bytes, ascii('PK'))) {
		const entries = zipEntryNames(bytes);
		if (entries.some((e) => e.startsWith('xl/')) || (entries.length === 0 && name.endsWith('.xlsx'))) {
			return { format: 'xlsx' };
		}
		if (entries.some((e) => e.startsWith('word/'))) {
			throw new ImportError(fileName, '这是 Word（.docx）文件，无法直接读取：请把表格复制到 Excel 另存为 .xlsx，或导出为 PDF 后再导入');
		}
		if (name.endsWith('.xlsx')) return { format: 'xlsx' };
		throw new ImportError(fileName, '不是表格文件：这是一个压缩包（ZIP）');
	}
	// %PDF may follow a few junk bytes; readers accept it anywhere in the first kilobyte
	if (indexOf(bytes.subarray(0, 1024), ascii('%PDF-')) >= 0) return { format: 'pdf' };
	for (const f of FOREIGN) {
		if (startsWith(bytes, f.magic, f.offset ?? 0)) {
			if (f.what.includes('WEBP') && !startsWith(bytes, ascii('RIFF'))) continue;
			throw new ImportError(fileName, `不是表格文件：这是${f.what}，请导入自评表的 .xlsx、PDF 或文本文件`);
		}
	}
	if (isBmp(bytes)) {
		throw new ImportError(fileName, '不是表格文件：这是一张图片（BMP），请导入自评表的 .xlsx、PDF 或文本文件');
	}
	if (looksBinary(bytes)) {
		throw new ImportError(fileName, '无法识别的二进制文件：不是文本、.xlsx 或 PDF 格式的自评表');
	}
	const first = firstNonSpace(bytes);
	if (first === 0x7b || first === 0x5b) return { format: 'json' };
	if (name.endsWith('.json')) return { format: 'json' };
	if (name.endsWith('.csv')) return { format: 'csv' };
	return { format: 'text' };
}

function firstNonSpace(bytes: Uint8Array): number | null {
	let i = 0;
	// skip a UTF-8 BOM too
	if (startsWith(bytes, [0xef, 0xbb, 0xbf])) i = 3;
	for (; i < bytes.length; i++) {
		const b = bytes[i];
		if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
	}
	return null;
}

function indexOf(hay: Uint8Array, needle: number[]): number {
	outer: for (let i = 0; i + needle.length <= hay.length; i++) {
		for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
		return i;
	}
	return -1;
}

/**
 * NUL bytes never occur in UTF-8 or GBK text; UTF-16 (which has them) is recognised by its BOM, or by
 * alternating zero bytes when the BOM is missing.
 */
function looksBinary(bytes: Uint8Array): boolean {
	if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return false;
	const sample = bytes.subarray(0, 8192);
	let nul = 0;
	let control = 0;
	for (const b of sample) {
		if (b === 0) nul++;
		else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
	}
	return nul > 0 || control / sample.length > 0.01;
}

/** Names in a zip's central directory (enough to tell a workbook from a .docx or another archive). */
export function zipEntryNames(bytes: Uint8Array): string[] {
	const names: string[] = [];
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	// end of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes
	const min = Math.max(0, bytes.length - 65557);
	let eocd = -1;
	for (let i = bytes.length - 22; i >= min; i--) {
		if (view.getUint32(i, true) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	const decoder = new TextDecoder('utf-8');
	if (eocd >= 0) {
		const count = view.getUint16(eocd + 10, true);
		let p = view.getUint32(eocd + 16, true);
		for (let k = 0; k < count && p + 46 <= bytes.length; k++) {
			if (view.getUint32(p, true) !== 0x02014b50) break;
			const nameLen = view.getUint16(p + 28, true);
			const extra = view.getUint16(p + 30, true);
			const comment = view.getUint16(p + 32, true);
			names.push(decoder.decode(bytes.subarray(p + 46, p + 46 + nameLen)));
			p += 46 + nameLen + extra + comment;
		}
		if (names.length) return names;
	}
	// a truncated zip has no directory: fall back to the local headers
	for (let p = 0; p + 30 <= bytes.length; ) {
		if (view.getUint32(p, true) !== 0x04034b50) break;
		const size = view.getUint32(p + 18, true);
		const nameLen = view.getUint16(p + 26, true);
		const extra = view.getUint16(p + 28, true);
		names.push(decoder.decode(bytes.subarray(p + 30, p + 30 + nameLen)));
		if (size === 0) break; // streamed entry: sizes sit in a data descriptor we cannot find cheaply
		p += 30 + nameLen + extra + size;
	}
	return names;
}

/** 'BM' alone is too weak (a text may start with it): the header also stores the file size. */
function isBmp(bytes: Uint8Array): boolean {
	if (bytes.length < 26 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) return false;
	const size = bytes[2] | (bytes[3] << 8) | (bytes[4] << 16) | (bytes[5] << 24);
	return size === bytes.length;
}
