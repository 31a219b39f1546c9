/**
 * Forms → the flat table (see flat.ts): the template bureaus download, and the export whose import gives
 * the same forms back. Everything the flat table carries comes back through `readFlatGrid`; what it cannot
 * carry is listed in the README (扁平表 / Flat table).
 */
import ExcelJS from 'exceljs';
import type { FundRow, NormalizedForm, ReadForm } from '../domain/form';
import { toDelimited } from './csv';
import { FLAT_COLUMNS, type FlatKey } from './flat';
import { readerNotes } from './json';
import { parseNumber } from './numbers';

/** A form as read (with its notes) or as evaluated (its reader notes are picked out of its findings). */
export type FlatSourceForm = ReadForm | NormalizedForm;

const KIND_TEXT = { department: '部门整体', project: '项目支出' } as const;

type Cells = Partial<Record<FlatKey, string>>;

function num(n: number | null | undefined): string {
	return typeof n === 'number' && Number.isFinite(n) ? String(n) : '';
}

function txt(s: string | null | undefined): string {
	return s ?? '';
}

/** The printed rate text when it says the same as the value (94.00%); otherwise the fraction itself. */
function rateCell(row: FundRow): string {
	const text = row.ratePrintedText?.trim();
	if (text && row.ratePrinted !== null) {
		const n = parseNumber(text);
		if (n?.percent && n.value === row.ratePrinted) return text;
	}
	return num(row.ratePrinted);
}

function fundsCells(row: FundRow): Cells {
	return {
		initialBudget: num(row.initialBudget),
		budget: num(row.budget),
		executed: num(row.executed),
		transfer: num(row.transfer),
		fundsWeight: num(row.weight),
		ratePrinted: rateCell(row),
		fundsScorePrinted: num(row.scorePrinted)
	};
}

/**
 * The flat table of some forms: the header row, then per form its fund-source rows, its indicator rows, its
 * reader-note rows (and one bare row when it has none of these but a funds total or nothing at all).
 * Throws when two forms share unit, year, kind and project: the flat table could not tell them apart.
 */
export function formsToFlatRows(forms: readonly FlatSourceForm[]): string[][] {
	const out: string[][] = [FLAT_COLUMNS.map((c) => c.header)];
	const seen = new Set<string>();
	for (const form of forms) {
		const unit = txt(form.unit).trim();
		const project = txt(form.project).trim();
		const id = JSON.stringify([unit, form.year, form.kind, project]);
		if (seen.has(id)) {
			throw new Error(`有两张表的单位、年度、类型和项目名称都相同（${unit} ${form.year ?? ''}），扁平表无法区分`);
		}
		seen.add(id);
		const total = form.funds.total;
		const base: Cells = {
			unit,
			year: num(form.year),
			kind: KIND_TEXT[form.kind],
			project,
			moneyUnit: txt(form.moneyUnit),
			rateFormulaPrinted: txt(form.rateFormulaPrinted),
			totalWeight: num(form.totalWeight),
			totalScorePrinted: num(form.totalScorePrinted),
			fundsTotalSource: total ? total.source || '（无行名）' : '',
			title: txt(form.title),
			supervisor: txt(form.supervisor),
			implementer: txt(form.implementer),
			subunitCount: num(form.subunitCount),
			gradePrinted: txt(form.gradePrinted)
		};
		const totalCells = total ? fundsCells(total) : {};
		const rows: Cells[] = [];
		for (const r of form.funds.rows) rows.push({ ...base, fundSource: r.source || '（无行名）', ...fundsCells(r) });
		for (const ind of form.indicators) {
			rows.push({
				...base,
				...totalCells,
				level1: txt(ind.level1),
				level2: txt(ind.level2),
				level3: txt(ind.level3),
				content: txt(ind.content),
				nature: txt(ind.nature),
				targetValue: txt(ind.targetValue),
				actualValue: txt(ind.actualValue),
				weight: num(ind.weight),
				score: num(ind.score),
				reason: txt(ind.reason),
				measure: txt(ind.measure)
			});
		}
		const notes = 'notes' in form ? form.notes : readerNotes(form.findings);
		for (const n of notes) {
			rows.push({ ...base, ...totalCells, noteCode: n.code, noteSeverity: n.severity, noteWhere: txt(n.where), noteMessage: n.message });
		}
		if (rows.length === form.funds.rows.length && (total || rows.length === 0)) rows.push({ ...base, ...totalCells });
		// the long texts once per form: repeating 部门职能概述 on 15 rows helps nobody reading the sheet
		Object.assign(rows[0], {
			functions: txt(form.functions),
			goalsPlanned: txt(form.goals.planned),
			goalsAchieved: txt(form.goals.achieved),
			remarks: txt(form.remarks)
		});
		for (const r of rows) out.push(FLAT_COLUMNS.map((c) => r[c.key] ?? ''));
	}
	return out;
}

/** The template as CSV text, with a UTF-8 byte-order mark so that Excel opens the Chinese correctly. */
export function flatTemplateCsv(forms: readonly FlatSourceForm[]): string {
	return `\uFEFF${toDelimited(formsToFlatRows(forms))}`;
}

const NUMERIC: ReadonlySet<FlatKey> = new Set([
	'year',
	'subunitCount',
	'initialBudget',
	'budget',
	'executed',
	'transfer',
	'fundsWeight',
	'fundsScorePrinted',
	'totalWeight',
	'totalScorePrinted',
	'weight',
	'score'
]);

const WIDTHS: Partial<Record<FlatKey, number>> = {
	unit: 28,
	project: 24,
	fundSource: 12,
	level1: 12,
	level2: 16,
	level3: 18,
	content: 36,
	targetValue: 16,
	actualValue: 36,
	reason: 24,
	measure: 24,
	fundsTotalSource: 14,
	title: 18,
	supervisor: 20,
	implementer: 20,
	functions: 40,
	goalsPlanned: 40,
	goalsAchieved: 40,
	remarks: 30,
	noteCode: 18,
	noteWhere: 16,
	noteMessage: 40
};

/**
 * A cell as the sheet should hold it: amounts and scores as numbers (so that the sheet can add them up), a
 * printed rate as a percentage-formatted number when that shows exactly the printed text, the rest as text.
 */
function sheetValue(key: FlatKey, text: string): { value: string | number; numFmt?: string } {
	if (text === '') return { value: '' };
	if (NUMERIC.has(key) && /^-?\d+(\.\d+)?$/.test(text) && String(Number(text)) === text) return { value: Number(text) };
	if (key === 'ratePrinted') {
		const m = /^(\d+)(?:\.(\d+))?%$/.exec(text);
		if (m) {
			const decimals = m[2]?.length ?? 0;
			const value = Number((Number(`${m[1]}${m[2] ? `.${m[2]}` : ''}`) / 100).toPrecision(12));
			if (`${(value * 100).toFixed(decimals)}%` === text) {
				return { value, numFmt: decimals ? `0.${'0'.repeat(decimals)}%` : '0%' };
			}
		}
		if (/^\d+(\.\d+)?$/.test(text) && String(Number(text)) === text) return { value: Number(text) };
	}
	return { value: text };
}

/** The template as an .xlsx workbook: one sheet, bold frozen header with the column descriptions as notes. */
export async function flatTemplateXlsx(forms: readonly FlatSourceForm[]): Promise<Uint8Array> {
	const rows = formsToFlatRows(forms);
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Jixiao';
	const sheet = workbook.addWorksheet('扁平表', { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = FLAT_COLUMNS.map((c) => ({ key: c.key, width: WIDTHS[c.key] ?? Math.max(10, c.header.length * 2 + 2) }));
	const header = sheet.addRow(rows[0]);
	header.font = { bold: true };
	header.alignment = { vertical: 'middle', wrapText: true };
	FLAT_COLUMNS.forEach((c, i) => {
		header.getCell(i + 1).note = `${c.description}\n（也可写作：${[c.key, ...c.aliases].join('、')}）`;
	});
	for (const r of rows.slice(1)) {
		const values = r.map((text, i) => sheetValue(FLAT_COLUMNS[i].key, text));
		const row = sheet.addRow(values.map((v) => (v.value === '' ? null : v.value)));
		values.forEach((v, i) => {
			if (v.numFmt) row.getCell(i + 1).numFmt = v.numFmt;
		});
	}
	sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: FLAT_COLUMNS.length } };
	const buffer = await workbook.xlsx.writeBuffer();
	return new Uint8Array(buffer as ArrayBuffer);
}
