/**
 * Delimited text (CSV, TSV) → records, per RFC 4180: fields in double quotes may hold the delimiter, line
 * breaks and doubled quotes. Rows are numbered as a spreadsheet shows them (one number per record, blank
 * records counted), because that is where users look when a message names a row.
 */
import { type Grid, type GridCell, type GridRow } from './grid';

export type Delimiter = ',' | '\t';

export interface DelimitedRecord {
	fields: string[];
	/** 1-based record number (the row number Excel shows for the file) */
	row: number;
}

/**
 * Splits text into records. A quote opens a quoted field only at the start of a field; a stray quote inside
 * an unquoted field is kept as text (Excel writes such files, and refusing them would help nobody). An
 * unterminated quoted field runs to the end of the text, as Excel reads it.
 */
export function parseDelimited(text: string, delimiter: Delimiter): DelimitedRecord[] {
	const records: DelimitedRecord[] = [];
	let fields: string[] = [];
	let field = '';
	let quoted = false;
	let fieldStart = true;
	let row = 1;
	const n = text.length;
	const endRecord = () => {
		fields.push(field);
		records.push({ fields, row });
		fields = [];
		field = '';
		fieldStart = true;
		row++;
	};
	for (let i = 0; i < n; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i++;
				} else quoted = false;
			} else field += c;
			continue;
		}
		if (c === '"' && fieldStart) {
			quoted = true;
			fieldStart = false;
		} else if (c === delimiter) {
			fields.push(field);
			field = '';
			fieldStart = true;
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			endRecord();
		} else {
			field += c;
			fieldStart = false;
		}
	}
	// a final line break ends the last record; no line break means the last record is still open
	if (!fieldStart || fields.length > 0 || field !== '') endRecord();
	return records;
}

/** Tab when the first record has more tabs than commas outside quotes; comma otherwise. */
export function detectDelimiter(text: string): Delimiter {
	let tabs = 0;
	let commas = 0;
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === '"') quoted = !quoted;
		else if (!quoted && (c === '\n' || c === '\r')) {
			if (tabs + commas > 0) break;
		} else if (!quoted && c === '\t') tabs++;
		else if (!quoted && c === ',') commas++;
	}
	return tabs > commas ? '\t' : ',';
}

/** Delimited text as a Grid: one cell per field, positions meaningful (layout 'table'). */
export function delimitedToGrid(text: string, fileName: string, delimiter = detectDelimiter(text)): Grid {
	const rows: GridRow[] = parseDelimited(text, delimiter).map((r) => ({
		cells: r.fields.map((f, col): GridCell => ({ text: f.trim(), col, colSpan: 1, rowSpan: 1 })),
		where: `第 ${r.row} 行`,
		line: r.row
	}));
	return { source: fileName, rows, layout: 'table' };
}

/** One CSV field, quoted only when it must be (delimiter, quote, line break, or edge spaces Excel would eat). */
export function csvField(value: string, delimiter: Delimiter = ','): string {
	if (value === '') return '';
	if (value.includes(delimiter) || /["\r\n]/.test(value) || value !== value.trim()) {
		return `"${value.replace(/"/g, '""')}"`;
	}
	return value;
}

/** Records → CSV text with CRLF line ends (RFC 4180; what Excel writes and expects). */
export function toDelimited(rows: readonly (readonly string[])[], delimiter: Delimiter = ','): string {
	return rows.map((r) => r.map((f) => csvField(f, delimiter)).join(delimiter)).join('\r\n') + '\r\n';
}
