/** What the block readers share: the tokens, the layout, the notes. */
import type { Finding, Severity } from '../domain/form';
import type { Grid } from './grid';
import type { Token } from './tokens';
import {
	blockLabel,
	fundRowKind,
	fundsRole,
	headerField,
	indicatorGroup,
	indicatorRole,
	isLevel1,
	isLevel2
} from './aliases';

/** Codes of the notes the reader raises (the domain adds its own findings after it). */
export const READER_NOTE_CODES = {
	MISSING_FUNDS: '未找到资金情况',
	MISSING_INDICATORS: '未找到绩效指标',
	CELL_UNPLACED: '单元格无法归位',
	FORM_TRUNCATED: '表格不完整',
	YEAR_INFERRED: '年度为推断',
	UNIT_FROM_TITLE: '单位取自标题',
	PROJECT_FROM_TITLE: '项目取自标题',
	TEMPLATE_TEXT: '含未填写的模板说明',
	FUNDS_WEIGHT_FROM_HEADER: '资金分值取自表头',
	FUNDS_ROW_UNLABELLED: '资金行无行名',
	FUNDS_CELLS_AMBIGUOUS: '资金数字位置不明',
	FUNDS_STRUCTURE_SKIPPED: '未计入资金结构行',
	INDICATOR_ROW_EMPTY: '指标行无内容',
	TRADITIONAL_TEXT: '繁体文本',
	MONEY_UNIT_SUSPECT: '金额单位存疑',
	TOTAL_AMBIGUOUS: '总分行数字不明'
} as const;

export type ReaderNoteCode = keyof typeof READER_NOTE_CODES;

export class Notes {
	readonly list: Finding[] = [];
	add(code: ReaderNoteCode, severity: Severity, message: string, where: string | null): void {
		this.list.push({ code, severity, message, where });
	}
}

/** Everything the block readers share. */
export interface Ctx {
	grid: Grid;
	file: string;
	positional: boolean;
	toks: Token[];
	notes: Notes;
}

/** Labels that name a field or a column (a value next to them is never one of these). */
export function isFieldLabel(text: string): boolean {
	if (!text) return false;
	return headerField(text) !== null || fundsRole(text) !== null || indicatorRole(text) !== null || blockLabel(text) !== null;
}

export function isAnyLabel(text: string): boolean {
	if (!text) return false;
	return (
		headerField(text) !== null ||
		fundsRole(text) !== null ||
		indicatorRole(text) !== null ||
		blockLabel(text) !== null ||
		fundRowKind(text) !== null ||
		indicatorGroup(text) !== null ||
		isLevel1(text) ||
		isLevel2(text)
	);
}


/** A token that only annotates its neighbour: (A), (万元), (20分), (盖章), ：. */
export function isAnnotation(text: string): boolean {
	const t = text.normalize('NFKC').replace(/\s+/g, '');
	return /^\(.{0,14}\)$/.test(t) || /^[:：]$/.test(t) || /^\(\d\)$/.test(t) || /^[:：]?\(\d\)$/.test(t);
}

