/**
 * PDF → Grid. A PDF has no cells, only positioned text and drawn lines, so the table is rebuilt:
 * - with ruling lines (the usual case: spreadsheet exports draw cell borders), the lines give the exact cell
 *   rectangles, a missing border between two cells means they are merged, and a merged range cut by a page break
 *   continues on the next page when the border is missing on both sides of the break;
 * - without rules, text items are clustered into columns (x gaps shared by most lines) and rows (vertical bands).
 * Wrapped lines of one cell are joined back into one text. Stream order is ignored: only positions count.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ImportError, type Grid, type GridCell, type GridRow } from './grid';

export interface PdfOptions {
	/** refuse documents with more pages than this */
	maxPages?: number;
	/** false: ignore drawn lines and cluster text positions only (for tests and for PDFs with misleading rules) */
	useRules?: boolean;
}

export const DEFAULT_MAX_PAGES = 200;

const CORRUPT = '无法读取 PDF 文件：文件已损坏或不完整';
const SCANNED = '这是扫描件（没有文字层），无法读取：请提供原始 Excel 或可复制文字的 PDF';
const ENCRYPTED = 'PDF 已加密（需要密码才能打开），无法读取：请提供未加密的 PDF 或原始 Excel';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjsPromise: Promise<{ pdfjs: PdfJs; root: string }> | null = null;

/** Loaded lazily: pdfjs is large and most imports are spreadsheets or text. */
function loadPdfJs(): Promise<{ pdfjs: PdfJs; root: string }> {
	pdfjsPromise ??= (async () => {
		// resolved from this module, so it works from the built server, the CLI (tsx) and Vitest alike
		const require = createRequire(import.meta.url);
		const root = require.resolve('pdfjs-dist/package.json').replace(/package\.json$/, '');
		const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
		// Node has no web workers: pdfjs runs its worker code in-process ("fake worker") and imports it from
		// workerSrc, whose default is relative to pdf.mjs and breaks once a bundler moves pdf.mjs; an absolute
		// file URL does not
		if (!pdfjs.GlobalWorkerOptions.workerSrc || pdfjs.GlobalWorkerOptions.workerSrc.startsWith('.')) {
			pdfjs.GlobalWorkerOptions.workerSrc = pathToFileURL(`${root}legacy/build/pdf.worker.mjs`).href;
		}
		return { pdfjs, root };
	})();
	return pdfjsPromise;
}

/**
 * A text item in page space as displayed: the page's /Rotate and crop offset applied, y growing upwards
 * (like PDF user space), so that "left" and "up" are what a reader of the page sees.
 */
interface Item {
	page: number;
	str: string;
	/** left edge and baseline */
	x: number;
	y: number;
	/** horizontal extent */
	w: number;
	size: number;
	/** the middle of the glyphs, which decides the cell */
	cx: number;
	cy: number;
}

interface HSeg {
	y: number;
	x0: number;
	x1: number;
}

interface VSeg {
	x: number;
	y0: number;
	y1: number;
}

interface PageData {
	n: number;
	items: Item[];
	h: HSeg[];
	v: VSeg[];
}

/** The PDF's text items rebuilt into rows and columns, all pages in one Grid. */
export async function pdfToGrid(bytes: Uint8Array, fileName: string, options: PdfOptions = {}): Promise<Grid> {
	const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
	const { pdfjs, root } = await loadPdfJs();
	const task = pdfjs.getDocument({
		// pdfjs transfers (detaches) the buffer it is given; the caller keeps its bytes
		data: new Uint8Array(bytes),
		cMapUrl: `${root}cmaps/`,
		cMapPacked: true,
		standardFontDataUrl: `${root}standard_fonts/`,
		isEvalSupported: false,
		useSystemFonts: false,
		// a broken content stream must fail the import, not yield a page with part of its text
		stopAtErrors: true,
		verbosity: pdfjs.VerbosityLevel.ERRORS
	});
	const pages: PageData[] = [];
	try {
		let doc;
		try {
			doc = await task.promise;
		} catch (e) {
			if ((e as { name?: string }).name === 'PasswordException') throw new ImportError(fileName, ENCRYPTED);
			throw new ImportError(fileName, CORRUPT);
		}
		if (doc.numPages > maxPages) {
			throw new ImportError(fileName, `PDF 共 ${doc.numPages} 页，超过 ${maxPages} 页的上限，拒绝读取`);
		}
		for (let n = 1; n <= doc.numPages; n++) {
			try {
				const page = await doc.getPage(n);
				const viewport = page.getViewport({ scale: 1 });
				// user space → displayed page (viewport: y down) → flipped back to y up
				const base = multiply([1, 0, 0, -1, 0, viewport.height], viewport.transform as Matrix);
				const content = await page.getTextContent();
				const items: Item[] = [];
				for (const it of content.items) {
					if (!('str' in it) || it.str.trim() === '') continue;
					items.push(placeItem(n, it.str, it.width, it.height, multiply(base, it.transform as Matrix)));
				}
				// the operator list decodes images too: not worth it for pages without text (a scan, a blank page)
				const { h, v } =
					options.useRules === false || items.length === 0
						? { h: [], v: [] }
						: rulings(await page.getOperatorList(), pdfjs.OPS, base);
				pages.push({ n, items, h, v });
				page.cleanup();
			} catch {
				throw new ImportError(fileName, CORRUPT, `第 ${n} 页`);
			}
		}
	} finally {
		await task.destroy();
	}
	if (pages.every((p) => p.items.length === 0)) throw new ImportError(fileName, SCANNED);

	const rows = buildRows(pages);
	return { source: fileName, rows, layout: 'table' };
}

/** An item from its text matrix in displayed page space; rotated text keeps its extent and middle right. */
function placeItem(page: number, str: string, width: number, height: number, m: Matrix): Item {
	const size = Math.hypot(m[2], m[3]) || height || 10;
	const along = Math.hypot(m[0], m[1]) || 1;
	const [ux, uy] = [m[0] / along, m[1] / along];
	const [nx, ny] = [m[2] / size, m[3] / size];
	const [x0, y0] = [m[4], m[5]];
	const x1 = x0 + ux * width;
	return {
		page,
		str,
		x: Math.min(x0, x1),
		y: y0,
		w: Math.abs(x1 - x0),
		size,
		cx: x0 + (ux * width) / 2 + nx * size * 0.3,
		cy: y0 + (uy * width) / 2 + ny * size * 0.3
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Ruling lines from the operator list

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
	// n applied first, then m (PDF's `cm` pre-multiplies the current matrix)
	return [
		n[0] * m[0] + n[1] * m[2],
		n[0] * m[1] + n[1] * m[3],
		n[2] * m[0] + n[3] * m[2],
		n[2] * m[1] + n[3] * m[3],
		n[4] * m[0] + n[5] * m[2] + m[4],
		n[4] * m[1] + n[5] * m[3] + m[5]
	];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
	return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

const MIN_RULE = 4;

function rulings(
	list: { fnArray: number[]; argsArray: unknown[] },
	OPS: PdfJs['OPS'],
	base: Matrix
): { h: HSeg[]; v: VSeg[] } {
	const h: HSeg[] = [];
	const v: VSeg[] = [];
	const stack: Matrix[] = [];
	let ctm: Matrix = base;
	const strokes = new Set<number>([
		OPS.stroke,
		OPS.closeStroke,
		OPS.fillStroke,
		OPS.eoFillStroke,
		OPS.closeFillStroke,
		OPS.closeEOFillStroke
	]);
	const fills = new Set<number>([OPS.fill, OPS.eoFill]);

	const addLine = (ax: number, ay: number, bx: number, by: number) => {
		if (Math.abs(ay - by) < 0.5 && Math.abs(ax - bx) >= MIN_RULE)
			h.push({ y: (ay + by) / 2, x0: Math.min(ax, bx), x1: Math.max(ax, bx) });
		else if (Math.abs(ax - bx) < 0.5 && Math.abs(ay - by) >= MIN_RULE)
			v.push({ x: (ax + bx) / 2, y0: Math.min(ay, by), y1: Math.max(ay, by) });
	};

	for (let i = 0; i < list.fnArray.length; i++) {
		const fn = list.fnArray[i];
		const args = list.argsArray[i] as unknown[] | null;
		if (fn === OPS.save) stack.push(ctm);
		else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
		else if (fn === OPS.transform) ctm = multiply(ctm, args as Matrix);
		else if (fn === OPS.paintFormXObjectBegin) {
			stack.push(ctm);
			const m = args?.[0] as Matrix | null;
			if (m) ctm = multiply(ctm, m);
		} else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
		else if (fn === OPS.constructPath && args) {
			const op = args[0] as number;
			const data = (args[1] as ArrayLike<number>[] | null)?.[0];
			if (!data || (!strokes.has(op) && !fills.has(op))) continue;
			const pts = pathSegments(data, ctm);
			if (strokes.has(op)) for (const [a, b] of pts) addLine(a[0], a[1], b[0], b[1]);
			else {
				// borders are sometimes filled hairline rectangles instead of strokes
				const xs = pts.flatMap(([a, b]) => [a[0], b[0]]);
				const ys = pts.flatMap(([a, b]) => [a[1], b[1]]);
				if (xs.length === 0) continue;
				const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
				if (y1 - y0 < 2 && x1 - x0 >= MIN_RULE) addLine(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2);
				else if (x1 - x0 < 2 && y1 - y0 >= MIN_RULE) addLine((x0 + x1) / 2, y0, (x0 + x1) / 2, y1);
			}
		}
	}
	return { h: mergeH(h), v: mergeV(v) };
}

type Pt = [number, number];

/** Straight segments of a pdfjs path (DrawOPS: 0 moveTo, 1 lineTo, 2 curveTo, 3 quadraticCurveTo, 4 closePath). */
function pathSegments(data: ArrayLike<number>, ctm: Matrix): [Pt, Pt][] {
	const out: [Pt, Pt][] = [];
	let start: Pt | null = null;
	let cur: Pt | null = null;
	for (let i = 0; i < data.length; ) {
		const op = data[i++];
		if (op === 0) {
			cur = start = apply(ctm, data[i], data[i + 1]);
			i += 2;
		} else if (op === 1) {
			const p = apply(ctm, data[i], data[i + 1]);
			if (cur) out.push([cur, p]);
			cur = p;
			i += 2;
		} else if (op === 2) {
			cur = apply(ctm, data[i + 4], data[i + 5]);
			i += 6;
		} else if (op === 3) {
			cur = apply(ctm, data[i + 2], data[i + 3]);
			i += 4;
		} else if (op === 4) {
			if (cur && start) out.push([cur, start]);
			cur = start;
		} else break;
	}
	return out;
}

function mergeH(segs: HSeg[]): HSeg[] {
	segs.sort((a, b) => a.y - b.y || a.x0 - b.x0);
	const out: HSeg[] = [];
	for (const s of segs) {
		const last = out.at(-1);
		if (last && Math.abs(last.y - s.y) < 1 && s.x0 <= last.x1 + 1.5) last.x1 = Math.max(last.x1, s.x1);
		else out.push({ ...s });
	}
	return out;
}

function mergeV(segs: VSeg[]): VSeg[] {
	segs.sort((a, b) => a.x - b.x || a.y0 - b.y0);
	const out: VSeg[] = [];
	for (const s of segs) {
		const last = out.at(-1);
		if (last && Math.abs(last.x - s.x) < 1 && s.y0 <= last.y1 + 1.5) last.y1 = Math.max(last.y1, s.y1);
		else out.push({ ...s });
	}
	return out;
}

/** Sorted cluster centres of values closer than `tol` to their neighbour. */
function cluster(values: number[], tol: number): number[] {
	const sorted = [...values].sort((a, b) => a - b);
	const out: number[][] = [];
	for (const v of sorted) {
		const last = out.at(-1);
		if (last && v - last[last.length - 1] <= tol) last.push(v);
		else out.push([v]);
	}
	return out.map((g) => g.reduce((s, v) => s + v, 0) / g.length);
}

// ---------------------------------------------------------------------------------------------------------------
// Rows: ruled cells where there are rules, clustered text elsewhere

/** A row before numbering: where it starts (page, y from the top for ordering) and its cells. */
interface PendingRow {
	page: number;
	top: number;
	cells: GridCell[];
}

function buildRows(pages: PageData[]): GridRow[] {
	// column boundaries come from all pages together: a boundary hidden by a merged cell on one page shows elsewhere
	const xs = cluster(
		pages.flatMap((p) => p.v.map((s) => s.x)),
		2
	);
	const ruled = xs.length >= 2 ? ruledRows(pages, xs) : { rows: [], free: pages.map((p) => p.items) };
	const rows: PendingRow[] = [...ruled.rows];
	rows.push(...clusteredRows(pages, ruled.free, xs));
	// pages in order, rows top-down within a page; sort is stable so ties keep construction order
	rows.sort((a, b) => a.page - b.page || b.top - a.top);

	const out: GridRow[] = [];
	let page = 0;
	let k = 0;
	for (const r of rows) {
		if (r.page !== page) (page = r.page), (k = 0);
		k++;
		r.cells.sort((a, b) => a.col - b.col);
		out.push({ cells: r.cells, where: `第 ${r.page} 页第 ${k} 行`, line: out.length + 1, page: r.page });
	}
	return out;
}

interface Band {
	page: number;
	top: number;
	bottom: number;
	/** columns that exist on this page (inside the page's ruled x range) */
	c0: number;
	c1: number;
}

/**
 * Cells from ruling lines. Every (band, column) slot starts as its own cell; slots are united where the border
 * between them is missing, across page breaks too. Bands whose lower border is missing in every column are one
 * row cut by a page break (or by a stray line), so they collapse into one grid row.
 */
function ruledRows(pages: PageData[], xs: number[]): { rows: PendingRow[]; free: Item[][] } {
	const bands: Band[] = [];
	const firstBand = new Map<number, number>();
	for (const p of pages) {
		if (p.v.length === 0 || p.h.length === 0) continue;
		// a row cut by a page break has no border at the break: the vertical rules' ends mark the table's edge there
		const vTop = Math.max(...p.v.map((s) => s.y1));
		const vBottom = Math.min(...p.v.map((s) => s.y0));
		const hys = p.h.map((s) => s.y);
		if (vTop > Math.max(...hys) + 2) hys.push(vTop);
		if (vBottom < Math.min(...hys) - 2) hys.push(vBottom);
		const ys = cluster(hys, 1).reverse();
		const vx0 = Math.min(...p.v.map((s) => s.x));
		const vx1 = Math.max(...p.v.map((s) => s.x));
		const c0 = xs.findIndex((x) => x >= vx0 - 2);
		let c1 = xs.length - 1;
		while (c1 > 0 && xs[c1] > vx1 + 2) c1--;
		if (c1 - c0 < 1) continue;
		firstBand.set(p.n, bands.length);
		for (let b = 0; b + 1 < ys.length; b++) bands.push({ page: p.n, top: ys[b], bottom: ys[b + 1], c0, c1 });
	}
	if (bands.length === 0) return { rows: [], free: pages.map((p) => p.items) };

	const ncol = xs.length - 1;
	const pageOf = new Map(pages.map((p) => [p.n, p]));
	const slot = (b: number, c: number) => b * ncol + c;
	const parent = Array.from({ length: bands.length * ncol }, (_, i) => i);
	const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
	const unite = (a: number, b: number) => void (parent[find(a)] = find(b));

	const vRuleAt = (p: PageData, x: number, y0: number, y1: number) => {
		const tol = Math.min(1.5, (y1 - y0) / 3);
		return p.v.some((s) => Math.abs(s.x - x) < 1.5 && s.y0 <= y0 + tol && s.y1 >= y1 - tol);
	};
	const hRuleAt = (p: PageData, y: number, x0: number, x1: number) => {
		const tol = Math.min(1.5, (x1 - x0) / 3);
		return p.h.some((s) => Math.abs(s.y - y) < 1.5 && s.x0 <= x0 + tol && s.x1 >= x1 - tol);
	};

	// open boundary between neighbouring bands, per column; a full-width open boundary joins the bands into one row
	const rowBreak: boolean[] = [];
	for (let b = 0; b < bands.length; b++) {
		const band = bands[b];
		const page = pageOf.get(band.page)!;
		for (let c = band.c0; c + 1 < band.c1; c++) {
			if (!vRuleAt(page, xs[c + 1], band.bottom, band.top)) unite(slot(b, c), slot(b, c + 1));
		}
		const next = bands[b + 1];
		if (!next) continue;
		let anyClosed = false;
		let anyShared = false;
		for (let c = Math.max(band.c0, next.c0); c < Math.min(band.c1, next.c1); c++) {
			anyShared = true;
			let open: boolean;
			if (next.page === band.page) open = !hRuleAt(page, band.bottom, xs[c], xs[c + 1]);
			else
				// a cell runs on over a page break only into the very next page, open on both sides of the break
				open =
					next.page === band.page + 1 &&
					!hRuleAt(page, band.bottom, xs[c], xs[c + 1]) &&
					!hRuleAt(pageOf.get(next.page)!, next.top, xs[c], xs[c + 1]);
			if (open) unite(slot(b, c), slot(b + 1, c));
			else anyClosed = true;
		}
		rowBreak[b] = anyClosed || !anyShared;
	}

	const rowOfBand: number[] = [];
	let row = 0;
	for (let b = 0; b < bands.length; b++) {
		rowOfBand[b] = row;
		if (rowBreak[b] !== false) row++;
	}

	// text items into the slot under their centre; the rest is free text for the clustering pass
	const texts = new Map<number, Item[]>();
	const free: Item[][] = pages.map(() => []);
	pages.forEach((p, pi) => {
		const start = firstBand.get(p.n);
		for (const it of p.items) {
			const { cx, cy } = it;
			let hit = -1;
			if (start !== undefined) {
				for (let b = start; b < bands.length && bands[b].page === p.n; b++) {
					const band = bands[b];
					if (cy > band.top || cy <= band.bottom) continue;
					for (let c = band.c0; c < band.c1; c++)
						if (cx >= xs[c] && cx < xs[c + 1]) {
							hit = slot(b, c);
							break;
						}
					break;
				}
			}
			if (hit < 0) free[pi].push(it);
			else {
				const root = find(hit);
				const list = texts.get(root) ?? [];
				list.push(it);
				texts.set(root, list);
			}
		}
	});

	// each united group becomes one cell at its top-left slot, spanning its bounding box
	const box = new Map<number, { b0: number; b1: number; c0: number; c1: number }>();
	for (let b = 0; b < bands.length; b++)
		for (let c = bands[b].c0; c < bands[b].c1; c++) {
			const r = find(slot(b, c));
			const g = box.get(r);
			if (!g) {
				box.set(r, { b0: b, b1: b, c0: c, c1: c });
				continue;
			}
			g.b0 = Math.min(g.b0, b);
			g.b1 = Math.max(g.b1, b);
			g.c0 = Math.min(g.c0, c);
			g.c1 = Math.max(g.c1, c);
		}
	const rows = new Map<number, PendingRow>();
	for (const [r, g] of box) {
		const first = rowOfBand[g.b0];
		const band = bands[g.b0];
		let pending = rows.get(first);
		if (!pending) rows.set(first, (pending = { page: band.page, top: band.top, cells: [] }));
		pending.cells.push({
			text: joinLines(lines(texts.get(r) ?? [])),
			col: g.c0,
			colSpan: g.c1 - g.c0 + 1,
			rowSpan: rowOfBand[g.b1] - first + 1
		});
	}
	// rows whose every slot is covered by a cell from above still exist in the sheet: keep them, empty
	for (let b = 0; b < bands.length; b++)
		if (!rows.has(rowOfBand[b])) rows.set(rowOfBand[b], { page: bands[b].page, top: bands[b].top, cells: [] });
	return { rows: [...rows.values()], free };
}

/**
 * Items grouped into text lines by baseline (tolerance relative to the font size): pages in order, top line
 * first, items left to right. A cell cut by a page break reads on from the next page.
 */
function lines(items: Item[]): Item[][] {
	const sorted = [...items].sort((a, b) => a.page - b.page || b.y - a.y || a.x - b.x);
	const out: { page: number; y: number; size: number; items: Item[] }[] = [];
	for (const it of sorted) {
		const line = out.find(
			(l) => l.page === it.page && Math.abs(l.y - it.y) <= 0.5 * Math.min(l.size, it.size)
		);
		if (line) line.items.push(it);
		else out.push({ page: it.page, y: it.y, size: it.size, items: [it] });
	}
	return out.map((l) => l.items.sort((a, b) => a.x - b.x));
}

function lineText(items: Item[]): string {
	let s = '';
	let end = -Infinity;
	for (const it of items) {
		// a visible gap of about a space's width is a space that the PDF drew as a move, not a glyph
		if (s && it.x - end > 0.2 * it.size && !/\s$/.test(s) && !/^\s/.test(it.str)) s += ' ';
		s += it.str;
		end = Math.max(end, it.x + it.w);
	}
	return s.replace(/\s+/g, ' ').trim();
}

function joinLines(ls: Item[][]): string {
	let s = '';
	for (const l of ls) {
		const t = lineText(l);
		if (!t) continue;
		// a wrap inside a Latin word run needs its space back; Chinese and numbers wrap without one
		s += s && /[A-Za-z]$/.test(s) && /^[A-Za-z]/.test(t) ? ` ${t}` : t;
	}
	return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Clustering: text outside ruled tables (titles, notes) and PDFs without rules

interface Chunk {
	items: Item[];
	x0: number;
	x1: number;
	y: number;
	size: number;
}

/**
 * A text line split into chunks, the cells of that line, at gaps wider than half a character: a space in the
 * text is about a quarter of one, the padding of two neighbouring cells usually more.
 */
function chunks(line: Item[]): Chunk[] {
	const out: Chunk[] = [];
	for (const it of line) {
		const last = out.at(-1);
		if (last && it.x - last.x1 <= 0.5 * it.size) {
			last.items.push(it);
			last.x1 = Math.max(last.x1, it.x + it.w);
		} else out.push({ items: [it], x0: it.x, x1: it.x + it.w, y: it.y, size: it.size });
	}
	return out;
}

/**
 * Rows from free text. With known column boundaries (a ruled table elsewhere) a chunk takes the column it starts
 * in. Without, columns are the x ranges that most lines leave empty between them, and a row is a vertical band:
 * in each column, lines closer than 1.6 line heights are one (wrapped) cell, and cells whose vertical extents
 * overlap across columns are one row — which is how a single-line cell centred beside a wrapped one joins it.
 */
function clusteredRows(pages: PageData[], free: Item[][], xs: number[]): PendingRow[] {
	const pageLines = pages.map((p, i) => ({ page: p.n, lines: lines(free[i]).map(chunks) }));
	const out: PendingRow[] = [];
	if (xs.length >= 2) {
		const colOf = (x: number) => {
			let c = 0;
			while (c + 1 < xs.length - 1 && x >= xs[c + 1] - 1) c++;
			return c;
		};
		const mid = (xs[0] + xs[xs.length - 1]) / 2;
		for (const { page, lines: ls } of pageLines)
			for (const cs of ls) {
				if (cs.length === 0) continue;
				const only = cs.length === 1 ? cs[0] : null;
				// a lone line centred over the table is a title merged across it (as the sheet had it)
				const centred = only && Math.abs((only.x0 + only.x1) / 2 - mid) < 0.03 * (xs[xs.length - 1] - xs[0]);
				out.push({
					page,
					top: cs[0].y + cs[0].size,
					cells: centred
						? [{ text: lineText(only.items), col: 0, colSpan: xs.length - 1, rowSpan: 1 }]
						: cs.map((ch) => ({ text: lineText(ch.items), col: colOf(ch.x0), colSpan: 1, rowSpan: 1 }))
				});
			}
		return out;
	}

	const cols = columnsFromGaps(pageLines.flatMap((p) => p.lines));
	// the first column the chunk fills at least half of (or that half fills the chunk), else the nearest
	const colOf = (ch: Chunk) => {
		for (let i = 0; i < cols.length; i++) {
			const overlap = Math.min(ch.x1, cols[i][1]) - Math.max(ch.x0, cols[i][0]);
			if (overlap > 0.5 * Math.min(ch.x1 - ch.x0, cols[i][1] - cols[i][0])) return i;
		}
		const mid = (ch.x0 + ch.x1) / 2;
		let best = 0;
		for (let i = 1; i < cols.length; i++)
			if (Math.abs((cols[i][0] + cols[i][1]) / 2 - mid) < Math.abs((cols[best][0] + cols[best][1]) / 2 - mid)) best = i;
		return best;
	};
	for (const { page, lines: ls } of pageLines) {
		// per column, stack chunks into blocks (wrapped cells)
		interface Block {
			col: number;
			span: number;
			chunks: Chunk[];
			top: number;
			bottom: number;
		}
		const blocks: Block[] = [];
		const open = new Map<number, Block>();
		for (const cs of ls)
			for (const ch of cs) {
				const col = colOf(ch);
				let span = 1;
				while (col + span < cols.length && cols[col + span][0] < ch.x1 - ch.size) span++;
				const prev = open.get(col);
				const lastY = prev?.chunks.at(-1)?.y;
				if (prev && lastY !== undefined && lastY - ch.y <= 1.6 * ch.size) {
					prev.chunks.push(ch);
					prev.bottom = ch.y - 0.3 * ch.size;
					prev.span = Math.max(prev.span, span);
				} else {
					const b = { col, span, chunks: [ch], top: ch.y + ch.size, bottom: ch.y - 0.3 * ch.size };
					blocks.push(b);
					open.set(col, b);
				}
			}
		// bands: connected components of overlapping vertical extents. A block that overlaps two separate blocks
		// of one other column is a merged label drawn at the middle of its range: it would glue rows together,
		// so it joins the band it overlaps most instead of shaping the bands
		const overlaps = (a: Block, b: Block) => a.top > b.bottom && b.top > a.bottom;
		const bridges = new Set<Block>();
		for (const a of blocks) {
			const byCol = new Map<number, Block[]>();
			for (const b of blocks) if (b.col !== a.col && overlaps(a, b)) byCol.set(b.col, [...(byCol.get(b.col) ?? []), b]);
			for (const bs of byCol.values())
				if (bs.some((b, i) => bs.some((c, j) => j > i && !overlaps(b, c)))) bridges.add(a);
		}
		blocks.sort((a, b) => b.top - a.top);
		let band: { top: number; bottom: number; blocks: Block[] } | null = null;
		const bands: { top: number; bottom: number; blocks: Block[] }[] = [];
		for (const b of blocks) {
			if (bridges.has(b)) continue;
			if (band && b.top > band.bottom) {
				band.blocks.push(b);
				band.bottom = Math.min(band.bottom, b.bottom);
			} else bands.push((band = { top: b.top, bottom: b.bottom, blocks: [b] }));
		}
		for (const b of bridges) {
			const shared = (bd: { top: number; bottom: number }) => Math.min(b.top, bd.top) - Math.max(b.bottom, bd.bottom);
			const best = bands.reduce<(typeof bands)[number] | null>((m, bd) => (!m || shared(bd) > shared(m) ? bd : m), null);
			if (best) best.blocks.push(b);
			else bands.push({ top: b.top, bottom: b.bottom, blocks: [b] });
		}
		for (const bd of bands) {
			const byCol = new Map<number, Block[]>();
			for (const b of bd.blocks) byCol.set(b.col, [...(byCol.get(b.col) ?? []), b]);
			const cells: GridCell[] = [];
			for (const [col, bs] of byCol) {
				const items = bs.flatMap((b) => b.chunks.flatMap((c) => c.items));
				cells.push({ text: joinLines(lines(items)), col, colSpan: Math.max(...bs.map((b) => b.span)), rowSpan: 1 });
			}
			out.push({ page, top: bd.top, cells });
		}
	}
	return out;
}

/**
 * Column x ranges. Every x gets two counts over all lines: how many lines have text there (cover) and how many
 * have text on both sides but none there (evidence of a column gap). Wide chunks (titles, paragraphs of merged
 * cells) cross the gaps and do not vote. An x is a gap when it is empty, or when lines that step over it
 * clearly outnumber the few whose text crosses it (a merged cell on another page). Columns are the runs between.
 */
function columnsFromGaps(allLines: Chunk[][]): [number, number][] {
	const all = allLines.flat();
	if (all.length === 0) return [];
	const x0 = Math.floor(Math.min(...all.map((c) => c.x0)));
	const x1 = Math.ceil(Math.max(...all.map((c) => c.x1)));
	const narrow = allLines.map((l) => l.filter((ch) => ch.x1 - ch.x0 < 0.25 * (x1 - x0))).filter((l) => l.length);
	const cover = new Array<number>(x1 - x0 + 1).fill(0);
	const evidence = new Array<number>(x1 - x0 + 1).fill(0);
	for (const line of narrow) {
		for (const ch of line) for (let x = Math.floor(ch.x0); x < Math.ceil(ch.x1); x++) cover[x - x0]++;
		for (let i = 0; i + 1 < line.length; i++)
			for (let x = Math.ceil(line[i].x1); x < Math.floor(line[i + 1].x0); x++) evidence[x - x0]++;
	}
	const cols: [number, number][] = [];
	let start = -1;
	for (let i = 0; i < cover.length; i++) {
		const filled = cover[i] > 0 && cover[i] > 0.2 * evidence[i];
		if (filled && start < 0) start = i;
		if (!filled && start >= 0) {
			cols.push([x0 + start, x0 + i]);
			start = -1;
		}
	}
	if (start >= 0) cols.push([x0 + start, x1]);
	return cols.length > 0 ? cols : [[x0, x1]];
}
