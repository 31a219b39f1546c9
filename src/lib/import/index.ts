/**
 * The import entry points: bytes → ReadForm[] (readDocument) and → NormalizedForm[] (parseDocument).
 * The format is sniffed from the bytes; every format becomes Grids that the one form reader reads.
 */
import type { NormalizedForm, ReadForm, Settings } from '../domain/form';
import { evaluate } from '../domain/index';
import { delimitedToGrid } from './csv';
import { decodeText, looksLikeText } from './decode';
import { isFlatGrid, isFlatText, readFlatGrid } from './flat';
import { ImportError, type Grid } from './grid';
import { checkGridBounds } from './bounds';
import { readJsonDocument } from './json';
import { readForm } from './reader';
import { sniff, type FileFormat } from './sniff';
import { textToGrid } from './text';
import { xlsxToGrids } from './xlsx';
import { pdfToGrid } from './pdf';

/**
 * The Grids of a document (one per sheet for a workbook). `format`: what sniff said of these bytes, when
 * the caller already asked (it scans the bytes, and the bulk import reads thousands of documents).
 */
export async function documentGrids(
	bytes: Uint8Array,
	fileName: string,
	format: FileFormat = sniff(bytes, fileName).format
): Promise<Grid[]> {
	switch (format) {
		case 'xlsx':
			return xlsxToGrids(bytes, fileName);
		case 'pdf':
			return [await pdfToGrid(bytes, fileName)];
		case 'csv':
		case 'json': // only when the text is not valid JSON after all (see readDocument)
		case 'text': {
			const { text } = decodeText(bytes);
			if (!looksLikeText(text)) {
				throw new ImportError(fileName, '无法识别的文件：内容不是可读的文字，也不是 .xlsx 或 PDF');
			}
			if (text.trim() === '') throw new ImportError(fileName, '文件为空');
			// a CSV, or a text whose first line is a flat table's header (a TSV export): RFC 4180 fields
			if (format === 'csv') return [delimitedToGrid(text, fileName)];
			if (isFlatText(text)) return [delimitedToGrid(text, fileName)];
			return [textToGrid(text, fileName)];
		}
	}
}

/** Read every form in a document (a workbook may hold several). Throws ImportError on unreadable input. */
export async function readDocument(
	bytes: Uint8Array,
	fileName: string,
	format: FileFormat = sniff(bytes, fileName).format
): Promise<ReadForm[]> {
	if (format === 'json' && (fileName.toLowerCase().endsWith('.json') || isJson(bytes))) return readJsonDocument(bytes, fileName);
	const grids = await documentGrids(bytes, fileName, format);
	const forms: ReadForm[] = [];
	const refusals: ImportError[] = [];
	// before any reading: the reader's time grows faster than its longest cell
	for (const grid of grids) checkGridBounds(grid, { form: !isFlatGrid(grid) });
	for (const grid of grids) {
		// a flat table's errors name a row and a column: they are the answer, not a refusal to try elsewhere
		if (isFlatGrid(grid)) {
			forms.push(...readFlatGrid(grid));
			continue;
		}
		try {
			forms.push(readForm(grid));
		} catch (e) {
			if (e instanceof ImportError) refusals.push(e);
			else throw wrap(fileName, e, grid);
		}
	}
	if (forms.length === 0) {
		if (refusals.length) {
			const r = refusals[0];
			const reason =
				format === 'csv'
					? `CSV 文件既不是扁平表（第一行应是「单位」「年度」等列名，见导入页的模板），也不是自评表：${r.reason}`
					: r.reason;
			throw new ImportError(fileName, reason, grids.length > 1 ? undefined : r.place);
		}
		throw new ImportError(fileName, '文件中没有可读取的表格');
	}
	return forms;
}

function isJson(bytes: Uint8Array): boolean {
	try {
		JSON.parse(decodeText(bytes).text);
		return true;
	} catch {
		return false;
	}
}

/** A reader bug must not surface as a TypeError deep in a request: name the file and what failed. */
function wrap(fileName: string, e: unknown, grid: Grid): ImportError {
	const msg = e instanceof Error ? e.message : String(e);
	return new ImportError(fileName, `读取自评表时出错（${msg}）`, grid.sheet);
}

/** readDocument + the domain's recomputation and findings. */
export async function parseDocument(
	bytes: Uint8Array,
	fileName: string,
	settings: Settings
): Promise<NormalizedForm[]> {
	const forms = await readDocument(bytes, fileName);
	return forms.map((f) => evaluate(f, settings));
}

export { ImportError } from './grid';
export { readForm } from './reader';
export { textToGrid } from './text';
export { decodeText } from './decode';
export { sniff } from './sniff';
export { FLAT_COLUMNS } from './flat';
export { formsToFlatRows, flatTemplateCsv, flatTemplateXlsx } from './flat-write';
