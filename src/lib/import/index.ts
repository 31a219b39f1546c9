/**
 * The import entry points: bytes → ReadForm[] (readDocument) and → NormalizedForm[] (parseDocument).
 * The format is sniffed from the bytes; every format becomes Grids that the one form reader reads.
 */
import type { NormalizedForm, ReadForm, Settings } from '../domain/form';
import { evaluate } from '../domain/index';
import { decodeText, looksLikeText } from './decode';
import { ImportError, type Grid } from './grid';
import { readForm } from './reader';
import { sniff } from './sniff';
import { textToGrid } from './text';
import { xlsxToGrids } from './xlsx';
import { pdfToGrid } from './pdf';

/** The Grids of a document (one per sheet for a workbook). */
export async function documentGrids(bytes: Uint8Array, fileName: string): Promise<Grid[]> {
	const { format } = sniff(bytes, fileName);
	switch (format) {
		case 'xlsx':
			return xlsxToGrids(bytes, fileName);
		case 'pdf':
			return [await pdfToGrid(bytes, fileName)];
		case 'json':
			throw new ImportError(fileName, '暂不支持 JSON 文件：请导入自评表的 .xlsx、PDF 或文本文件');
		case 'csv':
			throw new ImportError(fileName, '暂不支持 CSV 文件：请在 Excel/WPS 中另存为 .xlsx 后再导入');
		case 'text': {
			const { text } = decodeText(bytes);
			if (!looksLikeText(text)) {
				throw new ImportError(fileName, '无法识别的文件：内容不是可读的文字，也不是 .xlsx 或 PDF');
			}
			if (text.trim() === '') throw new ImportError(fileName, '文件为空');
			return [textToGrid(text, fileName)];
		}
	}
}

/** Read every form in a document (a workbook may hold several). Throws ImportError on unreadable input. */
export async function readDocument(bytes: Uint8Array, fileName: string): Promise<ReadForm[]> {
	const grids = await documentGrids(bytes, fileName);
	const forms: ReadForm[] = [];
	const refusals: ImportError[] = [];
	for (const grid of grids) {
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
			throw new ImportError(fileName, r.reason, grids.length > 1 ? undefined : r.place);
		}
		throw new ImportError(fileName, '文件中没有可读取的表格');
	}
	return forms;
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
