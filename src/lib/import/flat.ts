/**
 * The flat table: bureaus that already keep the forms in a spreadsheet send one row per indicator, the form's
 * own values (unit, year, funds, totals) repeated on every row. This module names the columns and reads such
 * a table (a CSV/TSV Grid or an XLSX sheet) into ReadForms; `flat-write.ts` writes it back.
 *
 * Row kinds, all sharing the form columns (单位, 年度, 类型, 项目名称 group the rows into forms):
 * - an indicator row has something in an indicator column (一级指标 … 改进措施); its funds columns carry the
 *   form's funds total, repeated;
 * - a fund row has 资金来源 set and the indicator columns empty; its funds columns describe that source row
 *   (财政拨款, 其他资金 …), not the total;
 * - a note row has 提示代码 set: a note Jixiao's form reader raised when the form was first read, carried so
 *   that a form exported to the flat table and imported again keeps its findings;
 * - a row with none of these only carries form values.
 * Form values may be left empty on some rows of a form; where they are filled in they must agree.
 */
import type { Finding, FormKind, FundRow, Grade, Indicator, MoneyUnit, RateFormula, ReadForm, Severity } from '../domain/form';
import { detectDelimiter } from './csv';
import { ImportError, type Grid } from './grid';
import { parseNumber } from './numbers';

export type FlatKey =
	| 'unit'
	| 'year'
	| 'kind'
	| 'project'
	| 'moneyUnit'
	| 'fundSource'
	| 'initialBudget'
	| 'budget'
	| 'executed'
	| 'transfer'
	| 'fundsWeight'
	| 'ratePrinted'
	| 'fundsScorePrinted'
	| 'rateFormulaPrinted'
	| 'totalWeight'
	| 'totalScorePrinted'
	| 'level1'
	| 'level2'
	| 'level3'
	| 'content'
	| 'nature'
	| 'targetValue'
	| 'actualValue'
	| 'weight'
	| 'score'
	| 'reason'
	| 'measure'
	| 'fundsTotalSource'
	| 'title'
	| 'supervisor'
	| 'implementer'
	| 'subunitCount'
	| 'gradePrinted'
	| 'functions'
	| 'goalsPlanned'
	| 'goalsAchieved'
	| 'remarks'
	| 'noteCode'
	| 'noteSeverity'
	| 'noteWhere'
	| 'noteMessage';

export interface FlatColumn {
	key: FlatKey;
	/** the header Jixiao writes (and reads) */
	header: string;
	/** what goes in the column, for the README and the template's header notes */
	description: string;
	/** other headers read as this column (compared without spaces, full-width forms folded, case-insensitive) */
	aliases: readonly string[];
}

/** Every column of the flat table, in the template's order. */
export const FLAT_COLUMNS: readonly FlatColumn[] = [
	{ key: 'unit', header: '单位', description: '单位名称（必填，每行都填）', aliases: ['单位名称', '部门', '部门名称', '部门(单位)名称', '部门(单位)', '预算单位', '预算单位名称'] },
	{ key: 'year', header: '年度', description: '年度，如 2020（必填，每行都填）', aliases: ['年份', '预算年度'] },
	{ key: 'kind', header: '类型', description: '部门整体 或 项目支出；空着时有项目名称即为项目支出', aliases: ['表类型', '自评表类型', '表格类型'] },
	{ key: 'project', header: '项目名称', description: '项目支出表的项目名称；部门整体表留空', aliases: ['项目'] },
	{ key: 'moneyUnit', header: '金额单位', description: '万元 或 元', aliases: ['资金单位'] },
	{ key: 'fundSource', header: '资金来源', description: '只在资金来源行填写（财政拨款、其他资金…）：这一行的资金列是该来源的数，指标列留空', aliases: ['资金来源名称', 'source'] },
	{ key: 'initialBudget', header: '年初预算数', description: '资金合计的年初预算数（资金来源行为该来源的数）', aliases: ['年初预算'] },
	{ key: 'budget', header: '全年预算数', description: '资金合计的全年预算数 A', aliases: ['全年预算数(A)', '调整后预算数', '预算数'] },
	{ key: 'executed', header: '全年执行数', description: '资金合计的全年执行数 B', aliases: ['全年执行数(B)', '执行数', '实际执行数'] },
	{ key: 'transfer', header: '上级转移支付', description: '上级财政转移支付 C', aliases: ['上级财政转移支付', '上级财政转移支付(C)', '上级转移支付(C)'] },
	{ key: 'fundsWeight', header: '资金分值', description: '资金执行率的分值（通常 10）', aliases: ['资金执行分值', '预算执行分值'] },
	{ key: 'ratePrinted', header: '执行率(印刷)', description: '表上印的执行率：94.44% 或 0.9444', aliases: ['执行率', '预算执行率'] },
	{ key: 'fundsScorePrinted', header: '资金得分(印刷)', description: '表上印的资金得分', aliases: ['资金得分', '预算执行得分', 'scorePrinted'] },
	{ key: 'rateFormulaPrinted', header: '执行率公式', description: '表上印的执行率公式：B/A、(B-C)/A 或 B/A0；空着按系统设置', aliases: ['公式', 'rateFormula', 'formula'] },
	{ key: 'totalWeight', header: '总分值', description: '总分行的分值（通常 100）', aliases: [] },
	{ key: 'totalScorePrinted', header: '自评总分', description: '总分行的自评得分', aliases: ['总分'] },
	{ key: 'level1', header: '一级指标', description: '产出指标、效益指标、满意度指标…（每行都填，不会向下填充）', aliases: [] },
	{ key: 'level2', header: '二级指标', description: '数量指标、质量指标…（每行都填）', aliases: [] },
	{ key: 'level3', header: '三级指标', description: '三级指标名称', aliases: [] },
	{ key: 'content', header: '目标内容', description: '指标的目标内容', aliases: ['指标内容'] },
	{ key: 'nature', header: '指标性质', description: '=、≥、≤ 或 定性（表上有这一栏时）', aliases: [] },
	{ key: 'targetValue', header: '目标值', description: '年度目标值，按原文', aliases: ['年度指标值', '指标值', '预期目标值', '年度目标值'] },
	{ key: 'actualValue', header: '完成值', description: '实际完成值，按原文', aliases: ['实际完成值', '全年实际值'] },
	{ key: 'weight', header: '分值', description: '指标分值', aliases: ['指标分值', '权重'] },
	{ key: 'score', header: '得分', description: '指标自评得分', aliases: ['指标得分'] },
	{ key: 'reason', header: '未完成原因', description: '偏差原因', aliases: ['偏差原因', '偏差原因分析', '未完成原因分析'] },
	{ key: 'measure', header: '改进措施', description: '改进措施', aliases: [] },
	{ key: 'fundsTotalSource', header: '资金合计行', description: '资金合计行在表上的名称（年度资金总额、合计…）；空着而填了资金数时按「年度资金总额」', aliases: ['合计行名称'] },
	{ key: 'title', header: '表名', description: '表上印的标题，如 部门整体自评表', aliases: ['标题', '表格名称'] },
	{ key: 'supervisor', header: '主管部门', description: '主管部门（项目支出表）', aliases: [] },
	{ key: 'implementer', header: '实施单位', description: '实施单位（项目支出表）', aliases: [] },
	{ key: 'subunitCount', header: '所属独立核算单位个数', description: '所属独立核算单位个数（部门整体表）', aliases: ['独立核算单位个数'] },
	{ key: 'gradePrinted', header: '等级(印刷)', description: '表上印的等级：优、良、中、差', aliases: ['自评等级', '等级'] },
	{ key: 'functions', header: '部门职能概述', description: '部门职能概述（填在一张表的任一行即可）', aliases: ['职能概述'] },
	{ key: 'goalsPlanned', header: '年初设定目标', description: '年度总体目标：年初设定目标（填在任一行即可）', aliases: ['年度总体目标', 'planned'] },
	{ key: 'goalsAchieved', header: '目标完成情况', description: '年度总体目标：实际完成情况（填在任一行即可）', aliases: ['总体目标完成情况', 'achieved'] },
	{ key: 'remarks', header: '评价说明', description: '整张表的偏差原因分析、存在问题或评价结论（填在任一行即可）', aliases: ['评价结论', '存在问题'] },
	{ key: 'noteCode', header: '提示代码', description: '读取提示行：Jixiao 读原表时给出的提示的代码（导出时写入，一般不用手填）', aliases: ['code'] },
	{ key: 'noteSeverity', header: '提示级别', description: '读取提示的级别：error、warning 或 info（错误、警告、提示）', aliases: ['severity'] },
	{ key: 'noteWhere', header: '提示位置', description: '读取提示指向原表的位置', aliases: [] },
	{ key: 'noteMessage', header: '提示内容', description: '读取提示的内容', aliases: ['message'] }
];

/** The label a funds total gets when the table gives amounts but no name for the row (the MoF template's). */
export const DEFAULT_TOTAL_SOURCE = '年度资金总额';

const FUNDS_KEYS = ['initialBudget', 'budget', 'executed', 'transfer', 'fundsWeight', 'ratePrinted', 'fundsScorePrinted'] as const;
const INDICATOR_KEYS = ['level1', 'level2', 'level3', 'content', 'nature', 'targetValue', 'actualValue', 'weight', 'score', 'reason', 'measure'] as const;
const FORM_KEYS = [
	'moneyUnit',
	'rateFormulaPrinted',
	'totalWeight',
	'totalScorePrinted',
	'fundsTotalSource',
	'title',
	'supervisor',
	'implementer',
	'subunitCount',
	'gradePrinted',
	'functions',
	'goalsPlanned',
	'goalsAchieved',
	'remarks'
] as const;

type FormKey = (typeof FORM_KEYS)[number] | (typeof FUNDS_KEYS)[number];

function normalizeHeader(text: string): string {
	return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

const HEADER_INDEX: ReadonlyMap<string, FlatKey> = new Map(
	FLAT_COLUMNS.flatMap((c) => [c.header, c.key, ...c.aliases].map((h) => [normalizeHeader(h), c.key] as const))
);

const COLUMN_OF: ReadonlyMap<FlatKey, FlatColumn> = new Map(FLAT_COLUMNS.map((c) => [c.key, c]));

/** The column a header cell names, or null. */
export function flatKeyOf(header: string): FlatKey | null {
	return HEADER_INDEX.get(normalizeHeader(header)) ?? null;
}

/**
 * Whether a row of header cells is a flat table's header: at least three flat columns, one of them 单位 or
 * 年度. A form's first row is its title and its header rows are labels such as 部门(单位)名称 beside values, so
 * a form sheet is not taken for a flat table; a flat table missing a required column still is one, and is
 * refused with the missing columns named.
 */
export function isFlatHeader(cells: readonly string[]): boolean {
	const keys = new Set(cells.map(flatKeyOf).filter((k): k is FlatKey => k !== null));
	return keys.size >= 3 && (keys.has('unit') || keys.has('year'));
}

/** Title lines a sheet may have above its header (「2020年度部门整体支出绩效自评汇总表」, a date line). */
const MAX_PREAMBLE = 3;

/**
 * The index of a flat table's header row among rows of cell texts, or -1. The header is the first non-empty
 * row, or follows at most three title lines of one or two cells; below a title it must be mostly known
 * columns (two thirds), so that a form's 预算单位 | x | 年度 | 2020 | 项目名称 | y row is not taken for one.
 */
export function findFlatHeader(rows: readonly (readonly string[])[]): number {
	let preamble = 0;
	for (let i = 0; i < rows.length; i++) {
		const cells = rows[i].map((t) => t.trim()).filter((t) => t !== '');
		if (cells.length === 0) continue;
		if (isFlatHeader(cells)) {
			if (preamble === 0) return i;
			if (cells.filter((t) => flatKeyOf(t) !== null).length * 3 >= cells.length * 2) return i;
		}
		if (cells.length > 2 || ++preamble > MAX_PREAMBLE) return -1;
	}
	return -1;
}

/** Whether a delimited text (a TSV saved as .txt) is a flat table: its header among its first lines. */
export function isFlatText(text: string): boolean {
	const d = detectDelimiter(text);
	return findFlatHeader(text.split('\n', 12).map((line) => line.split(d))) >= 0;
}

interface Cell {
	text: string;
	value?: number;
}

interface Row {
	cells: Map<number, Cell>;
	line: number;
	where: string;
}

/**
 * The Grid's rows with vertically merged cells repeated down the rows they cover (a 单位 merged down a form's
 * rows means that unit on each row). A cell merged across columns stays in its first column: spreading it
 * would copy a 目标内容 into the 目标值 beside it.
 */
function expand(grid: Grid): Row[] {
	const rows: Row[] = grid.rows.map((r) => ({ cells: new Map(), line: r.line, where: r.where }));
	grid.rows.forEach((r, i) => {
		for (const c of r.cells) {
			const cell: Cell = c.value !== undefined ? { text: c.text, value: c.value } : { text: c.text };
			for (let dr = 0; dr < Math.max(1, c.rowSpan) && i + dr < rows.length; dr++) rows[i + dr].cells.set(c.col, cell);
		}
	});
	return rows;
}

/** The Grid's header row (merged cells counted once: a title merged across the sheet is one cell). */
function gridHeader(grid: Grid): number {
	return findFlatHeader(grid.rows.map((r) => r.cells.map((c) => c.text)));
}

/** Whether a Grid (a CSV file, an XLSX sheet) is a flat table, judged by its header row. */
export function isFlatGrid(grid: Grid): boolean {
	return gridHeader(grid) >= 0;
}

function columnLetter(col: number): string {
	let s = '';
	for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
	return s;
}

interface Located {
	value: unknown;
	shown: string;
	line: number;
}

interface Group {
	unit: string;
	year: number;
	kind: FormKind;
	project: string | null;
	values: Map<FormKey, Located>;
	rateText: string | null;
	rows: FundRow[];
	indicators: Indicator[];
	notes: Finding[];
	ignored: Set<string>;
}

/**
 * Reads a flat table into one ReadForm per (单位, 年度, 类型, 项目名称), in the order the forms first appear.
 * Throws ImportError naming the row and the column for a bad value, and naming the missing columns when the
 * header lacks what a form needs.
 */
export function readFlatGrid(grid: Grid): ReadForm[] {
	const file = grid.source;
	const place = grid.sheet ? `工作表「${grid.sheet}」` : undefined;
	const fail = (reason: string): never => {
		throw new ImportError(file, reason, place);
	};
	const rows = expand(grid);
	const h = gridHeader(grid);
	if (h < 0) fail('没有找到扁平表的表头（单位、年度等列名）');
	const headerRow = rows[h];
	const preamble = grid.rows
		.slice(0, h)
		.flatMap((r) => r.cells.map((c) => c.text.trim()).filter((t) => t !== '').map((t) => ({ text: t, where: r.where })));

	const columns = new Map<FlatKey, { col: number; header: string }>();
	const unknown = new Map<number, string>();
	for (const [col, cell] of [...headerRow.cells.entries()].sort((a, b) => a[0] - b[0])) {
		const header = cell.text.trim();
		const key = header ? flatKeyOf(header) : null;
		if (!key) {
			unknown.set(col, header);
			continue;
		}
		const seen = columns.get(key);
		if (seen) {
			fail(`第 ${headerRow.line} 行的第 ${columnLetter(seen.col)} 列「${seen.header}」和第 ${columnLetter(col)} 列「${header}」是同一列，请只保留一列`);
		}
		columns.set(key, { col, header });
	}
	const missing: string[] = [];
	if (!columns.has('unit')) missing.push('单位');
	if (!columns.has('year')) missing.push('年度');
	const hasFunds = columns.has('budget') && columns.has('executed');
	const hasIndicators = columns.has('level1') || columns.has('level2') || columns.has('level3');
	if (!hasFunds && !hasIndicators) {
		missing.push('资金列（全年预算数、全年执行数）或指标列（一级指标、二级指标、三级指标之一）');
	}
	if (missing.length) {
		const found = [...columns.values()].map((c) => `「${c.header}」`).join('');
		fail(`扁平表缺少必需的列：${missing.join('、')}（第 ${headerRow.line} 行的表头只认出了 ${found || '（无）'}）`);
	}

	const groups = new Map<string, Group>();
	for (const row of rows.slice(h + 1)) {
		const text = (key: FlatKey): string => {
			const c = columns.get(key);
			return c ? (row.cells.get(c.col)?.text ?? '').trim() : '';
		};
		const cellOf = (key: FlatKey): Cell | undefined => {
			const c = columns.get(key);
			return c ? row.cells.get(c.col) : undefined;
		};
		if (![...row.cells.values()].some((c) => c.text.trim() !== '')) continue;
		const at = (key: FlatKey) => `第 ${row.line} 行「${columns.get(key)?.header ?? COLUMN_OF.get(key)!.header}」`;
		const bad = (key: FlatKey, why: string): never => fail(`${at(key)}${why}`);

		const unit = text('unit');
		if (!unit) bad('unit', '为空：每一行都要填写单位名称');
		const yearText = text('year');
		if (!yearText) bad('year', '为空：每一行都要填写年度');
		const year = parseYear(yearText, cellOf('year')?.value) ?? bad('year', `不是年度：${yearText}`);
		const project = text('project') || null;
		const kindText = text('kind');
		const kind: FormKind = kindText
			? (parseKind(kindText) ?? bad('kind', `应为「部门整体」或「项目支出」：${kindText}`))
			: project
				? 'project'
				: 'department';

		const id = JSON.stringify([unit, year, kind, project]);
		let g = groups.get(id);
		if (!g) {
			g = {
				unit,
				year,
				kind,
				project,
				values: new Map(),
				rateText: null,
				rows: [],
				indicators: [],
				notes: [],
				ignored: new Set()
			};
			groups.set(id, g);
		}
		const group = g;

		const number = (key: FlatKey): number | null => {
			const cell = cellOf(key);
			const t = cell?.text.trim() ?? '';
			if (isBlank(t)) return null;
			if (cell?.value !== undefined) return cell.value;
			const n = parseNumber(t);
			if (!n) return bad(key, `不是数字：${t}`);
			if (n.percent) return bad(key, `不能是百分数：${t}`);
			return n.value;
		};
		const rate = (): { value: number; text: string | null } | null => {
			const cell = cellOf('ratePrinted');
			const t = cell?.text.trim() ?? '';
			if (isBlank(t)) return null;
			const n = cell?.value !== undefined ? { value: cell.value, percent: /[%％]/.test(t) } : parseNumber(t);
			if (!n) return bad('ratePrinted', `不是数字：${t}`);
			if (!n.percent && n.value > 2) {
				return bad('ratePrinted', `应写成百分数（如 94.44%）或小数（如 0.9444）：${t}`);
			}
			// the printed text keeps the printed precision (94% vs 94.00%), which the domain compares at
			return { value: n.value, text: /[%％]/.test(t) ? t : null };
		};
		const fundRow = (source: string): FundRow => {
			const r = rate();
			return {
				source,
				initialBudget: number('initialBudget'),
				budget: number('budget'),
				executed: number('executed'),
				transfer: number('transfer'),
				weight: number('fundsWeight'),
				ratePrinted: r?.value ?? null,
				...(r?.text ? { ratePrintedText: r.text } : {}),
				scorePrinted: number('fundsScorePrinted')
			};
		};
		/** A form value: stored the first time it is filled in, compared afterwards. */
		const formValue = (key: FormKey, value: unknown, shown: string) => {
			const prev = group.values.get(key);
			if (!prev) {
				group.values.set(key, { value, shown, line: row.line });
				return;
			}
			if (prev.value !== value) {
				bad(key, `为 ${shown}，与同一张表第 ${prev.line} 行的 ${prev.shown} 不一致（${describe(group)}）：同一张表的各行应填相同的值`);
			}
		};

		for (const key of FORM_KEYS) {
			const t = text(key);
			if (isBlank(t) && !TEXT_FORM_KEYS.has(key)) continue;
			if (t === '') continue;
			switch (key) {
				case 'moneyUnit':
					formValue(key, parseMoneyUnit(t) ?? bad(key, `应为「万元」或「元」：${t}`), t);
					break;
				case 'rateFormulaPrinted':
					formValue(key, parseFormula(t) ?? bad(key, `应为 B/A、(B-C)/A 或 B/A0：${t}`), t);
					break;
				case 'gradePrinted':
					formValue(key, parseGrade(t) ?? bad(key, `应为 优、良、中 或 差：${t}`), t);
					break;
				case 'subunitCount': {
					const n = number(key);
					if (n !== null && !Number.isInteger(n)) bad(key, `应为整数：${t}`);
					formValue(key, n, t);
					break;
				}
				case 'totalWeight':
				case 'totalScorePrinted':
					formValue(key, number(key), t);
					break;
				default:
					formValue(key, t, clip(t));
			}
		}

		const source = text('fundSource');
		const indicatorFilled = INDICATOR_KEYS.some((k) => text(k) !== '');
		if (source && indicatorFilled) {
			bad('fundSource', '已填写，这一行却也填了指标列：资金来源行只描述一个资金来源，指标请另起一行');
		}
		if (source) {
			group.rows.push(fundRow(source));
		} else {
			for (const key of FUNDS_KEYS) {
				const t = text(key);
				if (isBlank(t)) continue;
				if (key === 'ratePrinted') {
					const r = rate()!;
					formValue(key, r.value, t);
					if (group.rateText === null && r.text) group.rateText = r.text;
				} else formValue(key, number(key), t);
			}
		}

		if (indicatorFilled) {
			const opt = (k: FlatKey) => text(k) || null;
			group.indicators.push({
				level1: opt('level1'),
				level2: opt('level2'),
				level3: opt('level3'),
				content: opt('content'),
				// only where the form prints one: most forms have no 指标性质 column at all
				...(text('nature') ? { nature: text('nature') } : {}),
				targetValue: opt('targetValue'),
				actualValue: opt('actualValue'),
				weight: number('weight'),
				score: number('score'),
				reason: opt('reason'),
				measure: opt('measure'),
				where: row.where
			});
		}

		const code = text('noteCode');
		const message = text('noteMessage');
		if (code || message) {
			if (!code) bad('noteCode', '为空：填写了提示内容的行要有提示代码');
			if (!message) bad('noteMessage', '为空：填写了提示代码的行要有提示内容');
			const sev = text('noteSeverity');
			const severity = sev ? (parseSeverity(sev) ?? bad('noteSeverity', `应为 error、warning 或 info：${sev}`)) : 'info';
			group.notes.push({ code, severity, message, where: text('noteWhere') || null });
		}

		for (const [col, header] of unknown) {
			if ((row.cells.get(col)?.text.trim() ?? '') !== '') group.ignored.add(header ? `「${header}」列` : `第 ${columnLetter(col)} 列（没有表头）`);
		}
	}
	if (groups.size === 0) fail('扁平表只有表头，没有数据行');
	return [...groups.values()].map((g) => toReadForm(g, headerRow.where, preamble));
}

/** Form texts are stored as typed; a lone dash in them is text, not an empty number. */
const TEXT_FORM_KEYS: ReadonlySet<FormKey> = new Set(['fundsTotalSource', 'title', 'supervisor', 'implementer', 'functions', 'goalsPlanned', 'goalsAchieved', 'remarks']);

function toReadForm(g: Group, headerWhere: string, preamble: { text: string; where: string }[]): ReadForm {
	const v = <T>(key: FormKey): T | null => (g.values.has(key) ? (g.values.get(key)!.value as T) : null);
	const fundsFilled = FUNDS_KEYS.some((k) => g.values.has(k));
	const totalSource = v<string>('fundsTotalSource');
	const total: FundRow | null =
		fundsFilled || totalSource !== null
			? {
					source: totalSource ?? DEFAULT_TOTAL_SOURCE,
					initialBudget: v<number>('initialBudget'),
					budget: v<number>('budget'),
					executed: v<number>('executed'),
					transfer: v<number>('transfer'),
					weight: v<number>('fundsWeight'),
					ratePrinted: v<number>('ratePrinted'),
					...(g.rateText ? { ratePrintedText: g.rateText } : {}),
					scorePrinted: v<number>('fundsScorePrinted')
				}
			: null;
	const notes = [...g.notes];
	for (const p of preamble) {
		notes.push({ code: 'FLAT_TITLE_SKIPPED', severity: 'info', message: `表头上方的「${Array.from(p.text).slice(0, 40).join('')}」未导入（视为标题）。`, where: p.where });
	}
	for (const what of g.ignored) {
		notes.push({ code: 'FLAT_COLUMN_IGNORED', severity: 'warning', message: `${what}不是扁平表的列，其中的内容未导入。`, where: headerWhere });
	}
	const remarks = v<string>('remarks');
	return {
		kind: g.kind,
		title: v<string>('title'),
		unit: g.unit,
		project: g.project,
		supervisor: v<string>('supervisor'),
		implementer: v<string>('implementer'),
		year: g.year,
		moneyUnit: v<MoneyUnit>('moneyUnit'),
		subunitCount: v<number>('subunitCount'),
		functions: v<string>('functions'),
		rateFormulaPrinted: v<RateFormula>('rateFormulaPrinted'),
		funds: { rows: g.rows, total },
		goals: { planned: v<string>('goalsPlanned'), achieved: v<string>('goalsAchieved') },
		indicators: g.indicators,
		totalWeight: v<number>('totalWeight'),
		totalScorePrinted: v<number>('totalScorePrinted'),
		gradePrinted: v<Grade>('gradePrinted'),
		...(remarks !== null ? { remarks } : {}),
		notes
	};
}

function describe(g: Group): string {
	return `${g.unit} ${g.year} 年${g.kind === 'project' ? `项目「${g.project ?? ''}」` : '部门整体'}`;
}

function clip(text: string): string {
	const chars = Array.from(text);
	return chars.length > 20 ? `「${chars.slice(0, 20).join('')}…」` : `「${text}」`;
}

/** Empty, or a dash or slash alone: forms print these for "nothing here". */
function isBlank(text: string): boolean {
	return /^[\s\-－—–/／\\、]*$/.test(text);
}

function parseYear(text: string, value: number | undefined): number | null {
	if (value !== undefined) return Number.isInteger(value) && value >= 1900 && value <= 2200 ? value : null;
	const m = /^(\d{4})\s*(?:年度?)?$/.exec(text.normalize('NFKC').trim());
	return m ? Number(m[1]) : null;
}

export function parseKind(text: string): FormKind | null {
	const t = normalizeHeader(text);
	if (t === 'department' || t === 'dept' || t.includes('部门')) return 'department';
	if (t === 'project' || t.includes('项目')) return 'project';
	return null;
}

function parseMoneyUnit(text: string): MoneyUnit | null {
	const t = normalizeHeader(text);
	return t === '万元' || t === '元' ? t : null;
}

function parseFormula(text: string): RateFormula | null {
	const t = text.normalize('NFKC').replace(/\s+/g, '').replace(/[−–—－]/g, '-').toUpperCase();
	if (t === 'B/A') return 'B/A';
	if (t === '(B-C)/A') return '(B-C)/A';
	if (t === 'B/A0') return 'B/A0';
	return null;
}

function parseGrade(text: string): Grade | null {
	const t = text.trim();
	return t === '优' || t === '良' || t === '中' || t === '差' ? t : null;
}

function parseSeverity(text: string): Severity | null {
	const t = normalizeHeader(text);
	if (t === 'error' || t === '错误') return 'error';
	if (t === 'warning' || t === '警告') return 'warning';
	if (t === 'info' || t === '提示' || t === '信息') return 'info';
	return null;
}
