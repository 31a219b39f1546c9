/**
 * Bounds on what a grid may hold before the form reader sees it. The reader compares cell texts with each
 * other (which value belongs to which target), so its time grows faster than the size of the longest
 * cell: a hostile file with a cell of a million characters would keep an import busy for minutes. No real
 * self-evaluation form has a cell anywhere near this long (a 部门职能概述 runs to a few thousand characters).
 */
import { ImportError, type Grid } from './grid';

export const MAX_CELL_CHARS = 20_000;
/**
 * Rows of a grid read as one form (not a flat table, which holds many forms, one indicator per row). The
 * reader's cross-row checks grow with the square of the rows; a real form has a few hundred at most.
 */
export const MAX_FORM_ROWS = 800;

/** Refuse a grid with a cell longer than MAX_CELL_CHARS, or (`form`) more rows than MAX_FORM_ROWS. */
export function checkGridBounds(grid: Grid, opts: { form: boolean }): void {
	if (opts.form && grid.rows.length > MAX_FORM_ROWS) {
		throw new ImportError(
			grid.source,
			`表格有 ${grid.rows.length.toLocaleString('en-US')} 行，超过一张自评表 ${MAX_FORM_ROWS} 行的上限，拒绝读取（多张表请分开导入，或用扁平表）`,
			grid.sheet ? `工作表「${grid.sheet}」` : undefined
		);
	}
	for (const row of grid.rows) {
		for (const cell of row.cells) {
			if (cell.text.length > MAX_CELL_CHARS) {
				throw new ImportError(
					grid.source,
					`有一个单元格长达 ${cell.text.length.toLocaleString('en-US')} 个字符，超过 ${MAX_CELL_CHARS.toLocaleString('en-US')} 字的上限，不像是自评表，拒绝读取`,
					row.where
				);
			}
		}
	}
}
