/**
 * XLSX → Grid: one Grid per non-empty worksheet. Merged ranges become one cell with colSpan/rowSpan (the
 * form reader fills merged labels down itself), empty cells stay as '' so columns line up.
 */
import type { Cell, CellValue, Worksheet } from 'exceljs';
import { inflateRawSync } from 'node:zlib';
import { ImportError, type Grid, type GridCell, type GridRow } from './grid';
import { checkSheetShapes, MAX_GRID_CELLS } from './xlsx-shape';

export interface XlsxOptions {
	/** refuse a workbook whose entries would unpack to more than this many bytes (zip bomb) */
	maxUncompressedBytes?: number;
}

export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;

const CORRUPT = '无法读取 Excel 文件：文件已损坏或不完整';
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

let exceljs: Promise<typeof import('exceljs')> | null = null;

/**
 * Loaded lazily: exceljs takes about half a second to load, paid otherwise by every process that reads
 * forms (each parse worker of a bulk import, the CLI), whether or not a workbook comes.
 */
async function loadExcelJs(): Promise<typeof import('exceljs')> {
	exceljs ??= import('exceljs').then((m) => ((m as { default?: typeof import('exceljs') }).default ?? m) as typeof import('exceljs'));
	return exceljs;
}

/** One Grid per non-empty sheet of an .xlsx workbook. */
export async function xlsxToGrids(
	bytes: Uint8Array,
	fileName: string,
	options: XlsxOptions = {}
): Promise<Grid[]> {
	if (OLE2_MAGIC.every((b, i) => bytes[i] === b)) {
		// Office wraps a password-protected .xlsx in the same OLE2 container as an old .xls
		if (containsUtf16(bytes, 'EncryptedPackage')) {
			throw new ImportError(fileName, 'Excel 文件已加密，无法读取：请取消密码后另存为 .xlsx');
		}
		throw new ImportError(fileName, '旧版 .xls 不能读取，请另存为 .xlsx');
	}
	const limit = options.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES;
	checkZipSize(bytes, fileName, limit);
	// before exceljs, which expands merged ranges cell by cell while loading
	checkSheetShapes(bytes, fileName, limit);

	const ExcelJS = await loadExcelJs();
	const workbook = new ExcelJS.Workbook();
	try {
		// exceljs wants a Node Buffer; a view over the same memory avoids a copy
		await workbook.xlsx.load(
			Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer
		);
	} catch {
		// the exceljs/JSZip message ("End of data reached", a stack into sax) helps no user
		throw new ImportError(fileName, CORRUPT);
	}
	const grids: Grid[] = [];
	for (const sheet of workbook.worksheets) {
		const grid = sheetToGrid(sheet, fileName);
		if (grid) grids.push(grid);
	}
	return grids;
}

interface Range {
	top: number;
	left: number;
	bottom: number;
	right: number;
}

function sheetToGrid(sheet: Worksheet, fileName: string): Grid | null {
	// the grid ends at the last cell with text: sheets often carry styles far beyond their content, and a
	// million styled empty rows would become a million grid rows
	let lastRow = 0;
	let lastCol = 0;
	sheet.eachRow((row, r) =>
		row.eachCell((cell, c) => {
			if (cellContent(cell).text === '') return;
			lastRow = Math.max(lastRow, r);
			lastCol = Math.max(lastCol, c);
		})
	);
	if (lastRow === 0) return null;
	const masters = new Map<string, Range>();
	const covered = new Set<string>();
	for (const m of mergeRanges(sheet)) {
		if (m.top > lastRow || m.left > lastCol) continue;
		masters.set(`${m.top}:${m.left}`, m);
		for (let r = m.top; r <= m.bottom; r++)
			for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(`${r}:${c}`);
		lastRow = Math.max(lastRow, m.bottom);
		lastCol = Math.max(lastCol, m.right);
	}
	// one stray cell at XFD1048576 would make a grid of 17 billion cells
	if (lastRow * lastCol > MAX_GRID_CELLS)
		throw new ImportError(
			fileName,
			`工作表「${sheet.name}」的内容跨 ${lastRow} 行 × ${lastCol} 列，超过 ${MAX_GRID_CELLS.toLocaleString('en-US')} 格的上限，拒绝读取`
		);

	const rows: GridRow[] = [];
	for (let r = 1; r <= lastRow; r++) {
		const row = sheet.getRow(r);
		const cells: GridCell[] = [];
		for (let c = 1; c <= lastCol; c++) {
			// exceljs repeats the master's value in every cell of a merged range: emit it once
			if (covered.has(`${r}:${c}`)) continue;
			const m = masters.get(`${r}:${c}`);
			const cell = cellContent(row.getCell(c));
			cells.push({
				text: cell.text,
				col: c - 1,
				colSpan: m ? m.right - m.left + 1 : 1,
				rowSpan: m ? m.bottom - m.top + 1 : 1,
				...(cell.value !== undefined ? { value: cell.value } : {})
			});
		}
		rows.push({ cells, where: `工作表「${sheet.name}」第 ${r} 行`, line: r });
	}
	return { source: fileName, sheet: sheet.name, rows, layout: 'table' };
}

function mergeRanges(sheet: Worksheet): Range[] {
	const list = (sheet.model as { merges?: string[] }).merges ?? [];
	const out: Range[] = [];
	for (const ref of list) {
		const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(ref.trim());
		if (!m) continue;
		const a = { col: colNumber(m[1]), row: Number(m[2]) };
		const b = m[3] ? { col: colNumber(m[3]), row: Number(m[4]) } : a;
		out.push({
			top: Math.min(a.row, b.row),
			left: Math.min(a.col, b.col),
			bottom: Math.max(a.row, b.row),
			right: Math.max(a.col, b.col)
		});
	}
	return out;
}

function colNumber(letters: string): number {
	let n = 0;
	for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
	return n;
}

interface Content {
	text: string;
	value?: number;
}

function cellContent(cell: Cell): Content {
	return valueContent(cell.value, cell.numFmt);
}

function valueContent(v: CellValue | undefined, numFmt: string | undefined): Content {
	if (v === null || v === undefined) return { text: '' };
	if (typeof v === 'number') return { text: formatNumber(v, numFmt), value: v };
	if (typeof v === 'string') return { text: cleanText(v) };
	if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE' };
	if (v instanceof Date) return { text: formatDate(v) };
	if (typeof v === 'object') {
		if ('richText' in v && Array.isArray(v.richText))
			return { text: cleanText(v.richText.map((run) => run.text ?? '').join('')) };
		if ('error' in v) return { text: String(v.error) };
		// formulas (plain and shared) print their cached result; an uncached formula shows nothing
		if ('formula' in v || 'sharedFormula' in v) {
			const result = (v as { result?: unknown }).result;
			return valueContent(result as CellValue | undefined, numFmt);
		}
		if ('hyperlink' in v) {
			const t = (v as { text?: unknown }).text;
			return valueContent((t ?? (v as { hyperlink: string }).hyperlink) as CellValue, numFmt);
		}
		if ('text' in v) return valueContent((v as { text: CellValue }).text, numFmt);
	}
	return { text: cleanText(String(v)) };
}

function cleanText(s: string): string {
	return s.replace(/\r\n?/g, '\n').trim();
}

/** The number as the sheet shows it for the common formats; General prints up to 15 significant digits. */
function formatNumber(v: number, numFmt: string | undefined): string {
	// the positive section, without colours, padding (_x), fill (*x), escapes and quoted literals
	const fmt = (numFmt ?? '')
		.split(';')[0]
		.replace(/\[[^\]]*\]|_.|\*.|\\.|"[^"]*"/g, '')
		.trim();
	const decimals = (f: string) => /\.(0+)/.exec(f)?.[1].length ?? 0;
	if (/%/.test(fmt) && /0/.test(fmt)) return `${(v * 100).toFixed(decimals(fmt))}%`;
	if (/^[#,]*0(\.0+)?$/.test(fmt)) {
		const fixed = v.toFixed(decimals(fmt));
		return fmt.includes(',') ? groupThousands(fixed) : fixed;
	}
	return String(Number(v.toPrecision(15)));
}

function groupThousands(fixed: string): string {
	const [int, frac] = fixed.split('.');
	const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return frac === undefined ? grouped : `${grouped}.${frac}`;
}

function formatDate(d: Date): string {
	// exceljs builds dates in UTC from the serial number, so UTC fields are the sheet's own
	const iso = d.toISOString();
	const time = iso.slice(11, 19);
	return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

function containsUtf16(bytes: Uint8Array, s: string): boolean {
	const needle = Buffer.from(s, 'utf16le');
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

/**
 * Refuse a zip bomb before exceljs inflates it: the central directory's declared sizes must add up to at most
 * `limit`, and every deflated entry is inflated once with its declared size as a hard cap, so an entry that
 * lies about its size is refused (as damaged) without ever allocating more than it declared.
 */
export function checkZipSize(bytes: Uint8Array, fileName: string, limit: number): number {
	const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const corrupt = () => new ImportError(fileName, CORRUPT);
	const human = (n: number) =>
		n >= 1024 * 1024 ? `${Number((n / 1024 / 1024).toFixed(1))} MB` : `${Math.ceil(n / 1024)} KB`;

	// End of central directory: 22 bytes plus a comment of at most 65535 bytes, searched from the end
	let eocd = -1;
	for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
		if (buf.readUInt32LE(i) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw corrupt();
	let entries = buf.readUInt16LE(eocd + 10);
	let cdSize = buf.readUInt32LE(eocd + 12);
	let cdOffset = buf.readUInt32LE(eocd + 16);
	if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
		const loc = eocd - 20;
		if (loc < 0 || buf.readUInt32LE(loc) !== 0x07064b50) throw corrupt();
		const z64 = Number(buf.readBigUInt64LE(loc + 8));
		if (z64 + 56 > buf.length || buf.readUInt32LE(z64) !== 0x06064b50) throw corrupt();
		entries = Number(buf.readBigUInt64LE(z64 + 32));
		cdSize = Number(buf.readBigUInt64LE(z64 + 40));
		cdOffset = Number(buf.readBigUInt64LE(z64 + 48));
	}
	if (cdOffset + cdSize > buf.length) throw corrupt();

	const entryList: { method: number; compressed: number; size: number; local: number }[] = [];
	let total = 0;
	let p = cdOffset;
	for (let n = 0; n < entries; n++) {
		if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw corrupt();
		const method = buf.readUInt16LE(p + 10);
		let compressed = buf.readUInt32LE(p + 20);
		let size = buf.readUInt32LE(p + 24);
		const nameLen = buf.readUInt16LE(p + 28);
		const extraLen = buf.readUInt16LE(p + 30);
		const commentLen = buf.readUInt16LE(p + 32);
		let local = buf.readUInt32LE(p + 42);
		if (size === 0xffffffff || compressed === 0xffffffff || local === 0xffffffff) {
			// ZIP64 extra field: only the fields that overflowed are present, in this order
			let e = p + 46 + nameLen;
			const end = e + extraLen;
			while (e + 4 <= end) {
				const id = buf.readUInt16LE(e);
				const len = buf.readUInt16LE(e + 2);
				if (id === 0x0001) {
					let q = e + 4;
					if (size === 0xffffffff) (size = Number(buf.readBigUInt64LE(q))), (q += 8);
					if (compressed === 0xffffffff) (compressed = Number(buf.readBigUInt64LE(q))), (q += 8);
					if (local === 0xffffffff) local = Number(buf.readBigUInt64LE(q));
					break;
				}
				e += 4 + len;
			}
		}
		total += size;
		entryList.push({ method, compressed, size, local });
		p += 46 + nameLen + extraLen + commentLen;
	}
	if (total > limit) {
		throw new ImportError(
			fileName,
			`Excel 文件解压后有 ${human(total)}，超过 ${human(limit)} 的上限（可能是压缩炸弹），拒绝读取`
		);
	}
	for (const { method, compressed, size, local } of entryList) {
		if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw corrupt();
		const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
		if (dataStart + compressed > buf.length) throw corrupt();
		if (method !== 8 || compressed === 0) continue;
		try {
			inflateRawSync(buf.subarray(dataStart, dataStart + compressed), { maxOutputLength: Math.max(size, 1) });
		} catch {
			// more data than declared is a lying header (a bomb in disguise) or damage; both are unreadable
			throw corrupt();
		}
	}
	return total;
}
