/**
 * Tables as files for the analyst's boss: XLSX (real numbers with number formats, a first line naming the
 * filters and the date, a frozen header) and CSV (UTF-8 with a BOM, so that Excel reads Chinese).
 *
 * Decisions, for the CSV:
 * - the header is the first line. The filter line stays in the XLSX only: a line above the header makes
 *   Excel, pandas and database importers take it for the header. The filters are in the file name instead.
 * - amounts and scores are plain numbers as stored (no thousands separators, no rounding away a printed
 *   digit); rates are percentages with 2 decimals ("94.44%"), which is exactly the stored 4-decimal fraction
 *   and which Excel reads back as the number 0.9444 with a percent format. Absent values are empty fields.
 *
 * Both: a text cell starting with = + - @ (or a tab or carriage return) gets a leading apostrophe, so that
 * a unit named `=HYPERLINK(…)` is never evaluated as a formula — not when the CSV is opened, and not when
 * XLSX cells (strings already) are copied and pasted elsewhere.
 */
import ExcelJS from 'exceljs';
import { formatRate } from '../../domain/format';
import { m } from '../../paraglide/messages';

export type ExportColumnKind = 'text' | 'money' | 'rate' | 'score' | 'int' | 'year';

export interface ExportColumn {
	header: string;
	key: string;
	kind: ExportColumnKind;
	/** in characters; default: from the content */
	width?: number;
}

export interface ExportTable {
	/** the worksheet's name (cut to Excel's 31 characters, forbidden characters replaced) */
	sheetName: string;
	/** the workbook's title (document properties and the printed page header) */
	title: string;
	/** the human line above the table: "对比 · 2020 年 · 部门整体 · 仅低于预警线 · 导出于 2026-11-28 14:03" */
	filters: string;
	columns: ExportColumn[];
	rows: Record<string, unknown>[];
}

/** Excel's display formats per column kind: 万元 and scores with 2 decimals, rates as the fraction shown in %. */
export const NUMBER_FORMATS: Record<ExportColumnKind, string | null> = {
	text: null,
	money: '0.00',
	rate: '0.00%',
	score: '0.00',
	int: '0',
	year: '0'
};

/** The most rows an export writes; the filter line says so when more matched. */
export const EXPORT_ROW_CAP = 100_000;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text that a spreadsheet would run as a formula, made inert with a leading apostrophe. */
export function neutralize(text: string): string {
	return FORMULA_START.test(text) ? `'${text}` : text;
}

function isNumber(v: unknown): v is number {
	return typeof v === 'number' && Number.isFinite(v);
}

function asText(v: unknown): string | null {
	if (v === null || v === undefined) return null;
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
	if (v instanceof Date) return v.toISOString();
	return JSON.stringify(v);
}

/** The cell's value: a number for numeric columns (a number given as text stays text), a neutralized string otherwise. */
function cellValue(column: ExportColumn, v: unknown): string | number | null {
	if (column.kind !== 'text' && isNumber(v)) return v;
	const text = asText(v);
	if (text === null || text === '') return null;
	return neutralize(text);
}

/** How wide a text looks in a spreadsheet: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
	let w = 0;
	for (const ch of text) {
		const cp = ch.codePointAt(0) ?? 0;
		w += cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x20000) ? 2 : 1;
	}
	return w;
}

/** How the number shows in the sheet, for widths. */
function shown(column: ExportColumn, v: string | number | null): string {
	if (v === null) return '';
	if (typeof v === 'string') return v;
	if (column.kind === 'rate') return `${(v * 100).toFixed(2)}%`;
	if (column.kind === 'money' || column.kind === 'score') return v.toFixed(2);
	return String(v);
}

const MIN_WIDTH = 6;
const MAX_WIDTH = 60;
/** Enough rows to judge a column's width; the rest are not measured. */
const WIDTH_SAMPLE = 2000;

function sheetNameOf(name: string): string {
	const clean = name.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '').trim();
	return (clean || 'Sheet1').slice(0, 31);
}

export async function buildXlsx(table: ExportTable): Promise<Uint8Array> {
	const { columns, rows } = table;
	const n = Math.max(columns.length, 1);
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Jixiao';
	workbook.title = table.title;
	workbook.created = new Date();
	const sheet = workbook.addWorksheet(sheetNameOf(table.sheetName), {
		views: [{ state: 'frozen', xSplit: 0, ySplit: 2, topLeftCell: 'A3', activeCell: 'A3' }],
		pageSetup: {
			paperSize: 9, // A4
			orientation: 'landscape',
			fitToPage: true,
			fitToWidth: 1,
			fitToHeight: 0,
			printTitlesRow: '2:2'
		},
		headerFooter: { oddHeader: `&C${table.title.replace(/&/g, '&&')}`, oddFooter: m.x_page_footer() }
	});

	const first = sheet.getRow(1);
	first.getCell(1).value = neutralize(table.filters);
	first.getCell(1).alignment = { vertical: 'middle', horizontal: 'left' };
	first.getCell(1).font = { bold: true };
	if (n > 1) sheet.mergeCells(1, 1, 1, n);

	const header = sheet.getRow(2);
	columns.forEach((c, i) => {
		const cell = header.getCell(i + 1);
		cell.value = neutralize(c.header);
		cell.font = { bold: true };
		cell.alignment = { vertical: 'middle', horizontal: c.kind === 'text' ? 'left' : 'right', wrapText: true };
		cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF1F5F9' } };
		cell.border = { bottom: { style: 'thin', color: { argb: 'FF94A3B8' } } };
	});

	const widths = columns.map((c) => displayWidth(c.header));
	rows.forEach((row, r) => {
		const values = columns.map((c) => cellValue(c, row[c.key]));
		const added = sheet.addRow(values);
		values.forEach((v, i) => {
			const c = columns[i];
			const fmt = NUMBER_FORMATS[c.kind];
			if (fmt && typeof v === 'number') added.getCell(i + 1).numFmt = fmt;
			if (r < WIDTH_SAMPLE) {
				// a long text wraps inside its (capped) column rather than widening it without end
				widths[i] = Math.max(widths[i], Math.min(displayWidth(shown(c, v)), MAX_WIDTH));
			}
		});
	});

	columns.forEach((c, i) => {
		const col = sheet.getColumn(i + 1);
		col.width = c.width ?? Math.min(Math.max(widths[i] + 2, MIN_WIDTH), MAX_WIDTH);
		if (c.kind === 'text') col.alignment = { vertical: 'top', wrapText: (c.width ?? widths[i]) >= MAX_WIDTH - 2 };
	});

	if (columns.length > 0) {
		sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2 + rows.length, column: columns.length } };
	}

	const buffer = await workbook.xlsx.writeBuffer();
	return new Uint8Array(buffer as ArrayBuffer);
}

const BOM = '\uFEFF';

function csvField(text: string): string {
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvValue(column: ExportColumn, v: unknown): string {
	if (isNumber(v) && column.kind !== 'text') {
		if (column.kind === 'rate') return formatRate(v);
		return String(v);
	}
	const text = asText(v);
	return text === null ? '' : neutralize(text);
}

/** RFC 4180 CSV with CRLF line ends and a UTF-8 BOM; the header first (the filter line is the XLSX's). */
export function buildCsv(table: ExportTable): string {
	const lines = [table.columns.map((c) => csvField(neutralize(c.header))).join(',')];
	for (const row of table.rows) lines.push(table.columns.map((c) => csvField(csvValue(c, row[c.key]))).join(','));
	return BOM + lines.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------------- helpers for endpoints

/** "2026-11-28 14:03" in China Standard Time, whatever the server's own time zone. */
export function exportTime(at: Date = new Date()): string {
	const parts = new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Asia/Shanghai',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	}).formatToParts(at);
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
	return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/**
 * The filter line: the page, the filters in force (blank ones left out), a note when the export was cut at
 * the cap, and the time: "对比 · 2020 年 · 部门整体 · 仅低于预警线 · 导出于 2026-11-28 14:03".
 */
export function filterLine(
	page: string,
	filters: readonly (string | null | undefined | false)[],
	opts: { total?: number; written?: number; at?: Date } = {}
): string {
	const parts = [page, ...filters.filter((f): f is string => typeof f === 'string' && f.trim() !== '').map((f) => f.trim())];
	if (opts.total !== undefined && opts.written !== undefined && opts.written < opts.total) {
		parts.push(m.x_cut({ total: opts.total, written: opts.written }));
	}
	parts.push(m.x_exported_at({ at: exportTime(opts.at) }));
	return parts.join(' · ');
}

export type ExportFormat = 'xlsx' | 'csv';

/** A file name from its parts, without characters file systems refuse: 对比-2020-部门整体.xlsx */
export function exportFileName(parts: readonly (string | number | null | undefined | false)[], format: ExportFormat): string {
	const name = parts
		.filter((p): p is string | number => (typeof p === 'string' && p.trim() !== '') || typeof p === 'number')
		.map((p) => String(p).trim().replace(/[\\/:*?"<>|\r\n\t]+/g, '_'))
		.join('-')
		.slice(0, 120);
	return `${name || m.x_file_fallback()}.${format}`;
}

/** Content-Disposition with an ASCII fallback and the real name in RFC 5987 form. */
export function contentDisposition(fileName: string): string {
	const dot = fileName.lastIndexOf('.');
	const ext = dot >= 0 ? fileName.slice(dot) : '';
	// old clients get the ASCII left of the name: 对比-2020-部门整体.xlsx → jixiao-2020.xlsx
	const ascii = (dot >= 0 ? fileName.slice(0, dot) : fileName)
		.replace(/[^A-Za-z0-9._-]+/g, '-')
		.replace(/-{2,}/g, '-')
		.replace(/^[-.]+|[-.]+$/g, '');
	const fallback = `jixiao-${ascii || 'export'}${ext.replace(/[^A-Za-z0-9.]/g, '')}`;
	const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	csv: 'text/csv; charset=utf-8'
};

/** The table as a download in the asked format. */
export async function exportResponse(table: ExportTable, format: ExportFormat, fileName: string): Promise<Response> {
	const body = format === 'xlsx' ? await buildXlsx(table) : new TextEncoder().encode(buildCsv(table));
	return new Response(body as BodyInit, {
		headers: {
			'content-type': CONTENT_TYPES[format],
			'content-disposition': contentDisposition(fileName),
			'content-length': String(body.byteLength),
			'cache-control': 'private, no-store'
		}
	});
}

/**
 * Every row of a paged repository call, page after page, up to the cap: exports read with the same function
 * (and so the same filters and order) as the page shows.
 */
export async function collectPages<T>(
	fetchPage: (page: number, pageSize: number) => Promise<{ rows: T[]; total: number }>,
	pageSize: number,
	cap = EXPORT_ROW_CAP
): Promise<{ rows: T[]; total: number }> {
	const rows: T[] = [];
	let total = 0;
	for (let page = 1; ; page++) {
		const got = await fetchPage(page, pageSize);
		total = got.total;
		rows.push(...got.rows.slice(0, cap - rows.length));
		if (got.rows.length < pageSize || rows.length >= cap || rows.length >= total) break;
	}
	return { rows, total };
}
