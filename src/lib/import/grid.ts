/**
 * The Grid: what every format becomes before the one form reader sees it (architecture.md).
 * Text splits lines into cells, XLSX gives cells and merged ranges, PDF clusters positioned text items.
 */

export interface GridCell {
	/** the cell's text, trimmed; '' for an empty cell */
	text: string;
	/** 0-based column index in the source grid (XLSX column, text cell index, PDF column cluster) */
	col: number;
	/** number of columns this cell spans (merged cells); 1 when unknown */
	colSpan: number;
	/** number of rows this cell spans (merged cells); 1 when unknown */
	rowSpan: number;
	/** the numeric value when the source stored a number (XLSX numeric cells) */
	value?: number;
}

export interface GridRow {
	cells: GridCell[];
	/** how to name this row in a message: "第 12 行", "第 2 页", "Sheet1 第 14 行" */
	where: string;
	/** the source's line/row number, 1-based */
	line: number;
	/** PDF page, 1-based */
	page?: number;
}

export interface Grid {
	/** file name, for messages */
	source: string;
	/** sheet name (XLSX) */
	sheet?: string;
	rows: GridRow[];
	/** how cells were separated, so the reader knows whether positions are meaningful */
	layout: 'table' | 'tabs' | 'pipes' | 'spaces';
}

/** A parse failure that names the file and the place. */
export class ImportError extends Error {
	constructor(
		readonly file: string,
		readonly reason: string,
		readonly place?: string
	) {
		super(`${file}${place ? `（${place}）` : ''}: ${reason}`);
		this.name = 'ImportError';
	}
}
