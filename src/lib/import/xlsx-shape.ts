/**
 * A look at a workbook's sheets before exceljs loads it. exceljs expands every merged range cell by cell
 * while loading, so one hostile `<mergeCell ref="A1:XFD1048576"/>` (17 billion cells) would hang the parse and
 * exhaust memory before any of our code runs. Real self-evaluation forms merge a few hundred cells.
 */
import { extractZip, ZipError } from './zip';
import { ImportError } from './grid';

/** merged cells in all sheets together; a form merges a few hundred */
export const MAX_MERGED_CELLS = 200_000;
/** cells a sheet's grid may span (rows × columns up to the last cell with text) */
export const MAX_GRID_CELLS = 2_000_000;

const MERGE = /<(?:[\w-]+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([^"']*)["']/g;
const REF = /^\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?$/i;

function col(letters: string): number {
	let n = 0;
	for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
	return n;
}

/** Cells covered by a merge reference ("B3:D5" → 9); 1 for what cannot be read (exceljs skips it too). */
export function mergeArea(ref: string): number {
	const m = REF.exec(ref.trim());
	if (!m) return 1;
	const r1 = Number(m[2]);
	const c1 = col(m[1]);
	const r2 = m[3] ? Number(m[4]) : r1;
	const c2 = m[3] ? col(m[3]) : c1;
	return (Math.abs(r2 - r1) + 1) * (Math.abs(c2 - c1) + 1);
}

/** Refuse workbooks whose merged ranges would make the parse unbounded. Runs on the zip's worksheet XML. */
export function checkSheetShapes(bytes: Uint8Array, fileName: string, maxUncompressedBytes: number): void {
	let files;
	try {
		files = extractZip(bytes, { maxTotalBytes: maxUncompressedBytes, maxEntries: 100_000 });
	} catch (err) {
		if (err instanceof ZipError) throw new ImportError(fileName, '无法读取 Excel 文件：文件已损坏或不完整');
		throw err;
	}
	const decoder = new TextDecoder('utf-8');
	let merged = 0;
	for (const f of files) {
		if (!/^xl\/worksheets\/[^/]+\.xml$/i.test(f.name)) continue;
		const xml = decoder.decode(f.bytes);
		for (const m of xml.matchAll(MERGE)) {
			merged += mergeArea(m[1]);
			if (merged > MAX_MERGED_CELLS) {
				throw new ImportError(
					fileName,
					`Excel 文件的合并单元格共超过 ${MAX_MERGED_CELLS.toLocaleString('en-US')} 格（如「${m[1]}」），不像是自评表，拒绝读取`
				);
			}
		}
	}
}
