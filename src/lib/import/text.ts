/**
 * Text → Grid. Text forms come from PDF text extraction (tab-separated, like the seed), from flattened web
 * tables (` | ` between cells) or from pages where cells are only separated by spaces. Cells keep their
 * positions where the layout has them (tabs), and rows cut by a page break are joined back.
 */
import type { Grid, GridCell, GridRow } from './grid';
import { cleanCell } from './aliases';

export type TextLayout = Grid['layout'];

/** Decides how the cells of a text are separated. */
export function detectLayout(lines: string[]): TextLayout {
	const nonBlank = lines.filter((l) => l.trim() !== '');
	if (nonBlank.length === 0) return 'spaces';
	if (nonBlank.some((l) => l.includes('\t'))) return 'tabs';
	const piped = nonBlank.filter((l) => l.includes('|')).length;
	if (piped >= 3 && piped / nonBlank.length >= 0.2) return 'pipes';
	return 'spaces';
}

function cell(text: string, col: number): GridCell {
	return { text: cleanCell(text), col, colSpan: 1, rowSpan: 1 };
}

/** Splits one line into cells according to the layout. */
export function splitLine(line: string, layout: TextLayout): string[] {
	switch (layout) {
		case 'tabs':
			return line.split('\t');
		case 'pipes': {
			const trimmed = line.trim();
			const parts = trimmed.split('|');
			// the bars at both ends close the row; the cells between them, even empty ones, are cells
			if (trimmed.startsWith('|')) parts.shift();
			if (trimmed.endsWith('|') && parts.length) parts.pop();
			// a lone `|` is one empty cell
			return parts.length ? parts : [''];
		}
		case 'spaces':
		case 'table': {
			const t = line.trim();
			// runs of two or more spaces are column gaps; single spaces then belong to the cell text
			if (/[ \u3000]{2,}/.test(t)) return t.split(/[ \t\u3000]{2,}/).filter((s) => s !== '');
			// a long line with only the odd space is a flattened table whose spaces are line-wrap debris
			// inside cells (产 出 指 标): one cell without them, which the form reader cuts at its labels
			if (isRunTogether(t)) return [t.replace(/[ \t\u3000]+/g, '')];
			// otherwise single spaces are the only separators (flattened web tables)
			return t.split(/[ \t\u3000]+/).filter((s) => s !== '');
		}
	}
}

/**
 * A line of run-together cells (text copied from a document viewer): long, and spaces are rare compared
 * with the text, so they cannot be cell separators.
 */
export function isRunTogether(line: string): boolean {
	const t = line.trim();
	if (t.length < 120 || /[ \u3000]{2,}/.test(t)) return false;
	const spaces = (t.match(/[ \t\u3000]+/g) ?? []).length;
	return spaces * 12 < t.length;
}

/** Text → Grid, with page-broken continuation rows joined to the row they continue. */
export function textToGrid(text: string, fileName: string): Grid {
	const lines = text.split('\n');
	const layout = detectLayout(lines);
	const rows: GridRow[] = [];
	let blankBefore = false;
	let soupLine = -2;
	for (let i = 0; i < lines.length; i++) {
		const raw = lines[i];
		const lineNo = i + 1;
		if (raw.trim() === '') {
			blankBefore = true;
			continue;
		}
		const prevRow = rows[rows.length - 1];
		if (layout === 'spaces' && (isRunTogether(raw) || (soupLine === i - 1 && PAGE_MARK.test(raw.trim())))) {
			// document viewers cut one run-together table into numbered pages (1、… 2、… 3、…): the page
			// number is not content, and the cut falls anywhere, even inside a cell
			// the page number is dropped only where the numbering runs on (1、 then 2、 on the next line)
			const t = raw.trim();
			const paged = soupLine === i - 1 ? PAGE_MARK.test(t) : pageRunsOn(t, lines[i + 1]);
			const text = (paged ? t.replace(PAGE_MARK, '') : t).replace(/[ \t\u3000]+/g, '');
			if (soupLine === i - 1 && prevRow) {
				prevRow.cells[0].text += text;
				prevRow.where = `${prevRow.where.replace(/（至第 \d+ 行）$/, '')}（至第 ${lineNo} 行）`;
			} else {
				rows.push({ cells: [cell(text, 0)], where: `第 ${lineNo} 行`, line: lineNo });
			}
			soupLine = i;
			blankBefore = false;
			continue;
		}
		const parts = splitLine(raw, layout);
		const cells = parts.map((p, col) => cell(p, col));
		const allEmpty = cells.every((c) => c.text === '');
		if (allEmpty && layout !== 'pipes') {
			blankBefore = true;
			continue;
		}
		const prev = rows[rows.length - 1];
		const fixed = layout === 'tabs' || (layout === 'pipes' && cells.length >= 4);
		if (fixed && blankBefore && prev && isContinuation(cells, prev.cells)) {
			joinContinuation(prev, cells);
			prev.where = `${prev.where}（续第 ${lineNo} 行）`;
			blankBefore = false;
			continue;
		}
		rows.push({ cells, where: `第 ${lineNo} 行`, line: lineNo });
		blankBefore = false;
	}
	return { source: fileName, rows, layout };
}

const PAGE_MARK = /^\d{1,2}、/;

function pageRunsOn(line: string, next: string | undefined): boolean {
	const a = /^(\d{1,2})、/.exec(line);
	const b = next ? /^(\d{1,2})、/.exec(next.trim()) : null;
	return !!a && !!b && Number(b[1]) === Number(a[1]) + 1;
}

const NUMERIC = /^[-+]?\d[\d,]*(\.\d+)?%?$/;

/**
 * A row after a page break that continues the previous row: its first cell is empty, it has few non-empty
 * cells, none of them a number, and each sits (aligned from the right, since rows after a break may lack
 * the leading merged column) under a text cell of the previous row.
 */
function isContinuation(cells: GridCell[], prev: GridCell[]): boolean {
	if (cells.length === 0 || cells[0].text !== '') return false;
	const filled = cells.filter((c) => c.text !== '');
	if (filled.length === 0 || filled.length > 3 || filled.length * 2 >= cells.length) return false;
	if (filled.some((c) => NUMERIC.test(c.text.replace(/\s+/g, '')))) return false;
	const shift = prev.length - cells.length;
	if (shift < 0 || shift > 2) return false;
	// the previous row must be a data row (it has numbers somewhere), not a header or a title
	if (!prev.some((c) => NUMERIC.test(c.text.replace(/\s+/g, '')))) return false;
	return filled.every((c) => {
		const above = prev[c.col + shift];
		return above !== undefined && above.text !== '' && !NUMERIC.test(above.text.replace(/\s+/g, ''));
	});
}

function joinContinuation(prev: GridRow, cells: GridCell[]): void {
	const shift = prev.cells.length - cells.length;
	for (const c of cells) {
		if (c.text === '') continue;
		const above = prev.cells[c.col + shift];
		// Chinese text runs on without a separator; a space only between two Latin/digit characters
		const sep = /[A-Za-z0-9]$/.test(above.text) && /^[A-Za-z0-9]/.test(c.text) ? ' ' : '';
		above.text = above.text + sep + c.text;
	}
}
