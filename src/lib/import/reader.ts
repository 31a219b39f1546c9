/**
 * The one form reader: any Grid (text with tabs, pipes or spaces; XLSX and PDF tables) → ReadForm.
 *
 * Blocks are found by their labels (aliases.ts), never by fixed positions: the title and year, the header
 * fields, the funds header and its rows, the goals, the indicator header and its rows, the total. Where
 * the layout keeps positions (tabs, tables) they are used; elsewhere cells are aligned to headers by
 * content (fit.ts) and run-together numbers are cut where the arithmetic of the form agrees (funds.ts).
 * Whatever is missing or ambiguous becomes a note; nothing is invented.
 */
import type { FormKind, Grade, Indicator, MoneyUnit, ReadForm } from '../domain/form';
import { ImportError, type Grid } from './grid';
import {
	blockLabel,
	hasTraditional,
	headerField,
	indicatorGroup,
	indicatorRole,
	isBlankMark,
	isLevel1,
	isLevel2,
	stripWeightNote,
	toSimplified,
	type HeaderField,
	type IndicatorRole
} from './aliases';
import { cutTokens, gridTokens, mergeLabelFragments, type Token } from './tokens';
import { fitRow, type FitCell, type Fitted } from './fit';
import { parseNumber, plainNumber } from './numbers';
import { readFunds } from './funds';
import { Notes, isAnnotation, isAnyLabel, isFieldLabel, type Ctx } from './context';
export { READER_NOTE_CODES, type ReaderNoteCode } from './context';
import { soupIndicators } from './soup';

/** Reads one form from a grid. Throws ImportError when the grid is not a self-evaluation form. */
export function readForm(grid: Grid): ReadForm {
	const positional = grid.layout === 'tabs' || grid.layout === 'table';
	let toks = cutTokens(gridTokens(grid), grid.layout);
	if (!positional) toks = mergeLabelFragments(toks, isAnyLabel);
	const ctx: Ctx = { grid, file: grid.source, positional, toks, notes: new Notes() };

	const indHeader = findIndicatorHeader(ctx);
	const fundsEnd = indHeader ? indHeader.start : toks.length;
	const funds = readFunds(ctx, 0, fundsEnd);
	const titleInfo = readTitle(ctx);

	if (!looksLikeForm(ctx, titleInfo.titles, funds.found, indHeader !== null)) {
		throw new ImportError(
			ctx.file,
			'不是绩效自评表：没有找到自评表的栏目（资金情况、绩效指标、项目名称或单位名称等）'
		);
	}

	const fields = readHeaderFields(ctx, indHeader ? indHeader.start : toks.length);
	const kind = readKind(ctx, titleInfo.titles, fields);
	const year = readYear(ctx, titleInfo.titles, fields);

	let unit = fields.get('unit') ?? fields.get('implementer') ?? null;
	let project = fields.get('project') ?? null;
	const fromTitle = titleParts(titleInfo.titles);
	if (!unit && fromTitle.unit) {
		unit = fromTitle.unit.text;
		ctx.notes.add('UNIT_FROM_TITLE', 'info', `单位名称取自标题「${fromTitle.unit.title}」。`, fromTitle.unit.where);
	}
	if (!project && kind === 'project' && fromTitle.project) {
		project = fromTitle.project.text;
		ctx.notes.add('PROJECT_FROM_TITLE', 'info', `项目名称取自标题「${fromTitle.project.title}」。`, fromTitle.project.where);
	}
	if (project) project = cleanProject(project);

	const moneyUnit = readMoneyUnit(ctx, fundsEnd);
	const goals = readGoals(ctx, fundsEnd);
	const functions = fields.get('functions') ?? null;

	let indicators: Indicator[] = [];
	let endIndex: number | null = null;
	if (indHeader) {
		const r = readIndicators(ctx, indHeader);
		indicators = r.indicators;
		endIndex = r.end;
	} else {
		ctx.notes.add('MISSING_INDICATORS', 'warning', '没有找到绩效指标表（一级指标、二级指标、分值、得分等表头）。', null);
	}
	const total = readTotal(ctx, indHeader, endIndex);
	if (total.score === null) {
		const printed = fields.get('totalScore');
		const n = printed ? plainNumber(printed) : null;
		if (n !== null) total.score = n;
	}

	const complete = endIndex !== null;
	if (!complete) {
		ctx.notes.add(
			'FORM_TRUNCATED',
			'warning',
			indHeader
				? '绩效指标表没有结尾（没有总分、合计或说明行）：文件可能只有表格的前一部分。'
				: '文件在绩效指标表之前结束：表格不完整。',
			lastWhere(ctx)
		);
	}
	if (!funds.found) {
		ctx.notes.add('MISSING_FUNDS', 'warning', '没有找到资金情况（预算数、执行数、执行率等表头）。', null);
	}
	checkTemplateText(ctx);
	if (toks.some((t) => hasTraditional(t.text))) {
		ctx.notes.add('TRADITIONAL_TEXT', 'info', '文件为繁体字：栏目按简体对照识别，名称按原文保留。', null);
	}
	if (moneyUnit === '万元' && funds.total && (funds.total.budget ?? 0) > 1e6) {
		ctx.notes.add(
			'MONEY_UNIT_SUSPECT',
			'warning',
			`表头写明万元，但预算数 ${funds.total.budget} 看起来是以元为单位。`,
			'资金情况'
		);
	}

	const subunits = fields.get('subunits');
	return {
		kind,
		title: titleInfo.title,
		unit: unit ? cleanName(unit) : null,
		project,
		supervisor: fields.get('supervisor') ? cleanName(fields.get('supervisor')!) : null,
		implementer: fields.get('implementer') ? cleanName(fields.get('implementer')!) : null,
		year,
		moneyUnit,
		subunitCount: subunits ? plainNumber(subunits) : null,
		functions,
		rateFormulaPrinted: funds.formula,
		funds: { rows: funds.rows, total: funds.total },
		goals,
		indicators,
		totalWeight: total.weight,
		totalScorePrinted: total.score,
		gradePrinted: total.grade,
		notes: ctx.notes.list
	};
}

// ---------------------------------------------------------------------------------------------------------
// helpers

function nextNonEmpty(ctx: Ctx, i: number, sameRow: boolean): number {
	const row = ctx.toks[i]?.row;
	for (let j = i + 1; j < ctx.toks.length; j++) {
		const t = ctx.toks[j];
		if (sameRow && t.row !== row) return -1;
		if (t.text !== '') return j;
	}
	return -1;
}

function lastWhere(ctx: Ctx): string | null {
	const rows = ctx.grid.rows;
	return rows.length ? rows[rows.length - 1].where : null;
}

function cleanName(s: string): string {
	return s
		.replace(/[（(]\s*(盖章|公章|签章)\s*[)）]/g, '')
		.replace(/^[:：\s]+|[:：\s]+$/g, '')
		.trim();
}

/** Project names lose the budget-system code prefix and a copied form-title suffix. */
function cleanProject(s: string): string {
	let t = cleanName(s);
	t = t.replace(/^[0-9A-Z]{10,}[-－—_ ]+/, '');
	const simp = toSimplified(t);
	const m = /(项目)?(支出)?绩效(自评|评价)表$/.exec(simp);
	if (m && m.index > 0) t = t.slice(0, m.index).trim();
	return t;
}

// ---------------------------------------------------------------------------------------------------------
// title, kind, year

interface TitleInfo {
	title: string | null;
	titles: Token[];
}

const TITLE_RE = /(自评表|评价表|自评|绩效评价)/;

function readTitle(ctx: Ctx): TitleInfo {
	const titles: Token[] = [];
	for (const t of ctx.toks) {
		if (t.text === '' || t.text.length > 80) continue;
		const simp = toSimplified(t.text);
		if (TITLE_RE.test(simp) && /绩效|自评/.test(simp)) titles.push(t);
	}
	const main = titles.find((t) => /表/.test(toSimplified(t.text))) ?? titles[0] ?? null;
	let title = main ? main.text : null;
	if (title) title = title.replace(/\.(docx?|xlsx?|pdf|txt)$/i, '').replace(/^《|》$/g, '').trim();
	return { title, titles };
}

function readKind(ctx: Ctx, titles: Token[], fields: Map<HeaderField, string>): FormKind {
	for (const t of titles) {
		const s = toSimplified(t.text);
		if (/部门整体|整体支出|部门绩效/.test(s)) return 'department';
		if (/项目|专项资金|转移支付|专项/.test(s)) return 'project';
	}
	if (fields.has('project')) return 'project';
	const all = ctx.toks.map((t) => t.key);
	if (all.some((k) => /部门整体|整体支出|部门职能概述|评价部门名称|独立核算单位/.test(k))) return 'department';
	return 'project';
}

function readYear(ctx: Ctx, titles: Token[], fields: Map<HeaderField, string>): number | null {
	const valid = (y: number) => y >= 2000 && y <= 2099;
	// cells, and whole rows for years split over cells by spaces ("(2020" "年)")
	const texts = ctx.toks.filter((t) => t.text !== '').map((t) => t.text.normalize('NFKC'));
	for (const row of ctx.grid.rows) texts.push(row.cells.map((c) => c.text).join(' ').normalize('NFKC'));
	for (const s of texts) {
		const m = /[(（]\s*(20\d{2})\s*年\s*度?\s*[)）]/.exec(s);
		if (m && valid(+m[1])) return +m[1];
	}
	for (const t of titles) {
		const m = /(20\d{2})\s*年度/.exec(t.text.normalize('NFKC'));
		if (m && valid(+m[1])) return +m[1];
	}
	const y = fields.get('year');
	if (y) {
		const m = /(20\d{2})/.exec(y);
		if (m && valid(+m[1])) return +m[1];
	}
	for (const s of texts) {
		const m = /年度[:：]\s*(20\d{2})|(20\d{2})\s*年度/.exec(s);
		const v = m ? +(m[1] ?? m[2]) : 0;
		if (m && valid(v)) return v;
	}
	const date = fields.get('fillDate');
	if (date) {
		const m = /(20\d{2})/.exec(date);
		if (m && valid(+m[1] - 1)) {
			ctx.notes.add(
				'YEAR_INFERRED',
				'warning',
				`表上没有写年度：按填报日期 ${date} 推断为 ${+m[1] - 1} 年（自评表在次年填报）。`,
				'填报日期'
			);
			return +m[1] - 1;
		}
	}
	for (const t of ctx.toks) {
		if (t.text === '' || /发布|时间|日期|上传/.test(t.text)) continue;
		const m = /(20\d{2})\s*年(?!\d{1,2}月\d{1,2}日前)/.exec(t.text.normalize('NFKC'));
		if (m && valid(+m[1])) {
			ctx.notes.add(
				'YEAR_INFERRED',
				'warning',
				`表上没有写年度：按正文中的「${m[0]}」推断为 ${m[1]} 年。`,
				t.where
			);
			return +m[1];
		}
	}
	return null;
}

/** Unit and project from a title such as 雅安市名山区林业局2024年度林业草原改革发展资金绩效评价表. */
function titleParts(titles: Token[]): {
	unit: { text: string; title: string; where: string } | null;
	project: { text: string; title: string; where: string } | null;
} {
	const ORG = /(局|办公室|委员会|委|院|中心|政府|站|所|学校|中学|小学|馆|队|办|厅|部|会|社|公司|卫生院|医院|处)$/;
	for (const t of titles) {
		const s = t.text.normalize('NFKC').replace(/\*+/g, '');
		const m = /^(.{2,30}?)(20\d{2})\s*年度?(.*?)(项目支出)?绩效(自评|评价)表/.exec(s);
		if (!m) continue;
		const unit = m[1].trim();
		const project = m[3].trim();
		if (!ORG.test(toSimplified(unit))) continue;
		return {
			unit: { text: unit, title: t.text, where: t.where },
			project: project ? { text: project, title: t.text, where: t.where } : null
		};
	}
	return { unit: null, project: null };
}

function looksLikeForm(ctx: Ctx, titles: Token[], funds: boolean, indicators: boolean): boolean {
	if (funds || indicators) return true;
	const fields = new Set<string>();
	for (const t of ctx.toks) {
		if (!t.text) continue;
		const f = headerField(t.text);
		if (f && f !== 'other' && f !== 'year') fields.add(f);
		const b = blockLabel(t.text);
		if (b === 'goalPlanned' || b === 'goalAchieved' || b === 'fundsBlock') fields.add(b);
	}
	return titles.length > 0 && fields.size >= 2;
}

// ---------------------------------------------------------------------------------------------------------
// header fields

function readHeaderFields(ctx: Ctx, end: number): Map<HeaderField, string> {
	const found = new Map<HeaderField, { value: string; cut: boolean }>();
	for (let i = 0; i < end; i++) {
		const t = ctx.toks[i];
		if (t.text === '' || t.text.length > 24) continue;
		const f = headerField(t.text);
		if (!f || f === 'other') continue;
		const prev = found.get(f);
		if (prev && !prev.cut) continue;
		let j = nextNonEmpty(ctx, i, ctx.positional);
		while (j >= 0 && isAnnotation(ctx.toks[j].text)) j = nextNonEmpty(ctx, j, ctx.positional);
		if (j < 0) continue;
		const v = ctx.toks[j];
		if (isFieldLabel(v.text) || isBlankMark(v.text)) continue;
		let value = v.text;
		if (ctx.grid.layout === 'spaces' && !v.cut) {
			// spaces also separate words inside a value: the value runs to the next label on its line
			for (let k = j + 1; k < ctx.toks.length && ctx.toks[k].row === v.row; k++) {
				const u = ctx.toks[k];
				if (u.text === '' || u.cut || isFieldLabel(u.text) || isAnyLabel(u.text)) break;
				value += ` ${u.text}`;
			}
		}
		if (f !== 'functions' && value.length > 60) continue;
		if (prev && t.cut) continue;
		found.set(f, { value, cut: !!t.cut });
	}
	const out = new Map<HeaderField, string>();
	for (const [k, v] of found) out.set(k, v.value);
	return out;
}

// ---------------------------------------------------------------------------------------------------------
// money unit, goals, template text

function readMoneyUnit(ctx: Ctx, end: number): MoneyUnit | null {
	for (let i = 0; i < end; i++) {
		const t = ctx.toks[i];
		if (t.text === '' || t.text.length > 40) continue;
		const s = toSimplified(t.text.normalize('NFKC')).replace(/\s+/g, '');
		const m = /\((万元|元)[,，)]/.exec(s) ?? /(?:金额)?单位[:：](万元|元)/.exec(s);
		if (m) return m[1] as MoneyUnit;
	}
	return null;
}

function readGoals(ctx: Ctx, end: number): ReadForm['goals'] {
	const goals: ReadForm['goals'] = { planned: null, achieved: null };
	const labels: { i: number; which: 'planned' | 'achieved' }[] = [];
	for (let i = 0; i < end; i++) {
		const t = ctx.toks[i];
		if (t.text === '') continue;
		const b = blockLabel(t.text);
		if (b === 'goalPlanned' && !labels.some((l) => l.which === 'planned')) labels.push({ i, which: 'planned' });
		if (b === 'goalAchieved' && !labels.some((l) => l.which === 'achieved')) labels.push({ i, which: 'achieved' });
	}
	if (labels.length === 0) return goals;
	if (ctx.positional) {
		for (const l of labels) {
			const lab = ctx.toks[l.i];
			const below = ctx.toks.find(
				(t, k) =>
					k > l.i &&
					k < end &&
					t.text !== '' &&
					t.row > lab.row &&
					t.row <= lab.row + 3 &&
					t.col >= lab.col &&
					t.col < lab.col + lab.colSpan &&
					!isAnyLabel(t.text)
			);
			if (below) goals[l.which] = below.text;
		}
		if (goals.planned || goals.achieved) return goals;
	}
	// stream: the texts after the last goal label, in label order
	const last = Math.max(...labels.map((l) => l.i));
	const texts: string[] = [];
	for (let k = last + 1; k < end; k++) {
		const t = ctx.toks[k];
		if (t.text === '' || isAnnotation(t.text)) continue;
		if (isAnyLabel(t.text)) break;
		texts.push(t.text);
	}
	const order = labels.sort((a, b) => a.i - b.i).map((l) => l.which);
	if (texts.length === 0) return goals;
	if (order.length === 1) goals[order[0]] = texts.join(' ');
	else {
		goals[order[0]] = texts[0];
		if (texts.length > 1) goals[order[1]] = texts.slice(1).join(' ');
	}
	return goals;
}

function checkTemplateText(ctx: Ctx): void {
	const seen = new Set<string>();
	for (const t of ctx.toks) {
		if (!t.text) continue;
		if (/[(（]\s*\d+\s*字以内\s*[)）]/.test(t.text) && !seen.has(t.where)) {
			seen.add(t.where);
			ctx.notes.add(
				'TEMPLATE_TEXT',
				'warning',
				`单元格仍是模板的填写说明，没有填写内容：「${t.text.slice(0, 40)}${t.text.length > 40 ? '…' : ''}」。`,
				t.where
			);
		}
	}
}

// ---------------------------------------------------------------------------------------------------------
// indicators

interface IndicatorHeader {
	/** token index of the first header token */
	start: number;
	/** token index after the last header token */
	end: number;
	/** roles in column order (stream layouts) */
	roles: IndicatorRole[];
	/** positional layouts: role of each column */
	byCol: Map<number, IndicatorRole>;
	/** grid rows of the header */
	rows: Set<number>;
	/** the header texts as printed */
	texts: string[];
}

const STRUCTURAL: IndicatorRole[] = ['l1', 'l2', 'l3'];
const VALUE_ROLES: IndicatorRole[] = ['target', 'actual', 'weight', 'score'];

function findIndicatorHeader(ctx: Ctx): IndicatorHeader | null {
	const toks = ctx.toks;
	for (let s = 0; s < toks.length; s++) {
		const t = toks[s];
		if (t.text === '') continue;
		const r0 = indicatorRole(t.text);
		const g0 = indicatorGroup(t.text);
		if (!(r0 && STRUCTURAL.includes(r0)) && g0 !== 'levels') continue;
		// collect the run of header cells
		const cells: { i: number; role: IndicatorRole | null; group: 'levels' | 'targetGroup' | null }[] = [];
		let e = s;
		let gap = 0;
		for (; e < toks.length; e++) {
			const u = toks[e];
			if (u.text === '' || isAnnotation(u.text)) continue;
			const role = indicatorRole(u.text);
			const group = indicatorGroup(u.text);
			const block = blockLabel(u.text) === 'indicatorBlock';
			if (role || group) {
				cells.push({ i: e, role, group });
				gap = 0;
				continue;
			}
			if (block) continue;
			if (gap < 1 && cells.length > 0 && u.text.length <= 6 && !isLevel1(u.text) && !isLevel2(u.text) && !parseNumber(u.text)) {
				// one unknown header word (a template-specific column) does not end the header
				const after = toks.slice(e + 1).find((x) => x.text !== '');
				if (after && (indicatorRole(after.text) || indicatorGroup(after.text))) {
					gap++;
					cells.push({ i: e, role: 'other', group: null });
					continue;
				}
			}
			break;
		}
		const roles = new Set(cells.map((c) => c.role).filter((r) => r !== null));
		const structural = STRUCTURAL.some((r) => roles.has(r)) || cells.some((c) => c.group === 'levels');
		const values = VALUE_ROLES.filter((r) => roles.has(r)).length + (cells.some((c) => c.group === 'targetGroup') ? 1 : 0);
		if (!structural || values < 2 || cells.length < 3) continue;
		// the block label (年度绩效指标) may stand just before the header
		let start = s;
		for (let k = s - 1; k >= 0 && k >= s - 3; k--) {
			if (toks[k].text === '') continue;
			if (blockLabel(toks[k].text) === 'indicatorBlock') start = k;
			break;
		}
		const header: IndicatorHeader = {
			start,
			end: e,
			roles: streamRoles(cells),
			byCol: new Map(),
			rows: new Set(cells.map((c) => toks[c.i].row)),
			texts: cells.map((c) => toks[c.i].text)
		};
		if (ctx.positional) positionalRoles(ctx, header, cells);
		return header;
	}
	return ctx.positional ? null : scatteredHeader(ctx);
}

/**
 * Text scrambled by extraction (xlsx → text) prints the header words apart, data between them. When the
 * first structural header word is followed closely by the others, they are taken as the header, in the
 * usual column order; the rows are rebuilt from the values (soup.ts).
 */
function scatteredHeader(ctx: Ctx): IndicatorHeader | null {
	const toks = ctx.toks;
	const ORDER: IndicatorRole[] = ['l1', 'l2', 'l3', 'content', 'nature', 'target', 'unit', 'actual', 'weight', 'score', 'reason', 'measure'];
	for (let s = 0; s < toks.length; s++) {
		const r0 = toks[s].text ? indicatorRole(toks[s].text) : null;
		if (!r0 || !STRUCTURAL.includes(r0)) continue;
		const found = new Set<IndicatorRole>([r0]);
		const texts = [toks[s].text];
		for (let k = s + 1; k < toks.length && k < s + 60; k++) {
			const r = toks[k].text ? indicatorRole(toks[k].text) : null;
			if (r && r !== 'other') {
				found.add(r);
				texts.push(toks[k].text);
			}
		}
		if (VALUE_ROLES.filter((r) => found.has(r)).length < 2) continue;
		return {
			start: s,
			end: s + 1,
			roles: ORDER.filter((r) => found.has(r)),
			byCol: new Map(),
			rows: new Set([toks[s].row]),
			texts
		};
	}
	return null;
}

/**
 * Column roles of a flattened header. A two-tier header printed as one line (绩效指标 | 年度指标值 | 实际完成值 |
 * 分值 | 得分 | 偏差… | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位) puts the lower tier after the
 * upper one: its cells replace the group cells they sit under.
 */
function streamRoles(
	cells: { i: number; role: IndicatorRole | null; group: 'levels' | 'targetGroup' | null }[]
): IndicatorRole[] {
	const rowEnd: IndicatorRole[] = ['actual', 'weight', 'score', 'reason', 'measure'];
	let split = -1;
	let seenEnd = false;
	for (let k = 0; k < cells.length; k++) {
		const r = cells[k].role;
		if (r && rowEnd.includes(r)) seenEnd = true;
		else if (seenEnd && r && ['l1', 'l2', 'l3', 'nature', 'unit'].includes(r)) {
			split = k;
			break;
		}
	}
	const roleOf = (c: (typeof cells)[number]) => c.role ?? 'other';
	if (split < 0) {
		return cells.map((c) => (c.group === 'levels' && !c.role ? 'l3' : roleOf(c)));
	}
	const upper = cells.slice(0, split);
	const lower = cells.slice(split);
	const levels = lower.filter((c) => c.role && ['l1', 'l2', 'l3'].includes(c.role)).map(roleOf);
	const targets = lower.filter((c) => c.role && ['nature', 'target', 'unit'].includes(c.role)).map(roleOf);
	const out: IndicatorRole[] = [];
	for (const c of upper) {
		if (c.group === 'levels' && levels.length) out.push(...levels);
		else if (c.group === 'targetGroup' && targets.length) out.push(...targets);
		else if (c.group === 'levels') out.push('l3');
		else out.push(roleOf(c));
	}
	return out;
}

/** Positional layouts: the role of every column, lower header rows refining upper ones. */
function positionalRoles(
	ctx: Ctx,
	header: IndicatorHeader,
	cells: { i: number; role: IndicatorRole | null; group: 'levels' | 'targetGroup' | null }[]
): void {
	const byCol = header.byCol;
	const rows = [...header.rows].sort((a, b) => a - b);
	for (const r of rows) {
		for (const c of cells) {
			const t = ctx.toks[c.i];
			if (t.row !== r) continue;
			const role = c.role ?? (c.group === 'levels' ? null : 'other');
			if (!role) continue;
			for (let k = t.col; k < t.col + Math.max(1, t.colSpan); k++) {
				if (!byCol.has(k) || rows.length > 1) byCol.set(k, k === t.col ? role : byCol.get(k) ?? 'other');
			}
		}
	}
	const cols = [...byCol.keys()];
	if (cols.length === 0) return;
	const min = Math.min(...cols);
	// columns left of the first role hold the block label (年度绩效指标)
	for (let k = 0; k < min; k++) byCol.set(k, 'block');
}

interface RowCells {
	cells: FitCell[];
	where: string;
	/** first token index */
	first: number;
}

function readIndicators(ctx: Ctx, header: IndicatorHeader): { indicators: Indicator[]; end: number | null } {
	const toks = ctx.toks;
	// the region ends at the total row or the notes below the table
	let end: number | null = null;
	for (let k = header.end; k < toks.length; k++) {
		const t = toks[k];
		if (t.text === '') continue;
		const b = blockLabel(t.text);
		if (b === 'totalRow' || b === 'tail') {
			end = k;
			break;
		}
		const f = headerField(t.text);
		if (f === 'other' && /负责人|签字/.test(t.text)) {
			end = k;
			break;
		}
	}
	const stop = end ?? toks.length;
	const region: number[] = [];
	for (let k = header.end; k < stop; k++) if (!header.rows.has(toks[k].row) || k >= header.end) region.push(k);

	let rows: RowCells[];
	let roles: IndicatorRole[];
	let fitOpts: { allowSplit?: boolean; keepEmpty?: boolean } = {};
	if (ctx.positional) {
		const maxCol = Math.max(...header.byCol.keys());
		roles = [];
		for (let k = 0; k <= maxCol; k++) roles.push(header.byCol.get(k) ?? 'other');
		rows = groupByRow(ctx, region, true).filter((r) => !header.rows.has(toks[r.first].row));
		if (ctx.grid.layout === 'table') {
			return { indicators: buildIndicators(ctx, rows.map((r) => tableRow(ctx, r, header.byCol))), end };
		}
		fitOpts = { allowSplit: true, keepEmpty: true };
	} else {
		roles = header.roles;
		const byRow = groupByRow(ctx, region, false);
		const singles = byRow.filter((r) => r.cells.filter((c) => c.text !== '').length <= 1).length;
		const soup =
			byRow.length > 0 &&
			byRow.length <= 2 &&
			byRow.some((r) => r.cells.length > 12 || r.cells.some((c) => c.text.length >= 40));
		if (soup) {
			// run-together text: rows are rebuilt from what ends a row in this template
			const headerTexts = [...header.texts];
			return { indicators: buildIndicators(ctx, soupIndicators(ctx, region, roles, headerTexts)), end };
		} else if (byRow.length >= 6 && singles / byRow.length > 0.8) {
			rows = chunkRows(ctx, region, roles.length);
			fitOpts = { keepEmpty: true };
		} else {
			rows = byRow.map((r) => ({ ...r, cells: r.cells.filter((c) => c.text !== '') }));
			// two cells run together (部门整体运转 服务部门及群众满意度) can be cut again at their space
			fitOpts = { allowSplit: true };
		}
	}
	const fitted = positionalOrMerge(ctx, rows, roles, fitOpts, end === null);
	return { indicators: buildIndicators(ctx, fitted), end };
}

function groupByRow(ctx: Ctx, region: number[], keepEmpty: boolean): RowCells[] {
	const out: RowCells[] = [];
	let cur: RowCells | null = null;
	let curRow = -1;
	for (const k of region) {
		const t = ctx.toks[k];
		if (!keepEmpty && t.text === '' && ctx.grid.layout !== 'pipes') continue;
		if (t.row !== curRow || !cur) {
			cur = { cells: [], where: t.where, first: k };
			out.push(cur);
			curRow = t.row;
		}
		cur.cells.push({ text: t.text, index: k });
	}
	return out;
}

/** One cell per line (every cell, even empty ones, on its own line): rows start at level names. */
function chunkRows(ctx: Ctx, region: number[], width: number): RowCells[] {
	const out: RowCells[] = [];
	let cur: RowCells | null = null;
	let content = 0;
	for (const k of region) {
		const t = ctx.toks[k];
		const level = t.text !== '' && (isLevel1(t.text) || isLevel2(t.text));
		if (!cur || (level && content > 0) || cur.cells.length >= width) {
			cur = { cells: [], where: t.where, first: k };
			out.push(cur);
			content = 0;
		}
		cur.cells.push({ text: t.text, index: k });
		if (!level && t.text !== '') content++;
	}
	return out;
}

function leftAligned(cells: FitCell[], roles: IndicatorRole[], fitted: Fitted): Fitted {
	const filled = cells.filter((c) => c.text !== '');
	if (filled.length === 0) return fitted;
	const firstRole = (Object.keys(fitted.values) as IndicatorRole[])
		.filter((r) => fitted.values[r] !== undefined && fitted.values[r]!.startsWith(filled[0].text))
		.map((r) => roles.indexOf(r))
		.sort((a, b) => a - b)[0];
	if (firstRole === undefined || firstRole < 0 || firstRole + filled.length > roles.length) return fitted;
	const values: Partial<Record<IndicatorRole, string>> = {};
	filled.forEach((c, i) => {
		const r = roles[firstRole + i];
		values[r] = values[r] ? `${values[r]}${c.text}` : c.text;
	});
	return { values, score: fitted.score, dropped: [] };
}

/** Rows that hold nothing: a level weight alone ((50分)), or template placeholders (指标2:, ……, / / /). */
function isFiller(cells: FitCell[]): boolean {
	return cells.every(
		(c) =>
			/^[(（]\s*\d+\s*分\s*[)）]$/.test(c.text) ||
			isBlankMark(c.text) ||
			/^指标\d*[:：]?[\/／\s]*$/.test(c.text.replace(/\s+/g, ''))
	);
}

interface FittedRow {
	values: Partial<Record<IndicatorRole, string>>;
	where: string;
	dropped: FitCell[];
	/** level labels printed on this row (not filled down) */
	printed: { l1: boolean; l2: boolean };
}

/**
 * Fits rows; in stream layouts a row that is only level labels is carried into the next row, and a row
 * is joined with the next when the joined row fits the header better (a cell wrapped onto new lines).
 */
function positionalOrMerge(
	ctx: Ctx,
	rows: RowCells[],
	roles: IndicatorRole[],
	opts: { allowSplit?: boolean; keepEmpty?: boolean },
	truncated: boolean
): FittedRow[] {
	const out: FittedRow[] = [];
	const fit = (cells: FitCell[]) => fitRow(cells, roles, opts);
	const hasLevel = roles.includes('l1') || roles.includes('l2');
	let carry: FitCell[] = [];
	for (let k = 0; k < rows.length; k++) {
		let cells = rows[k].cells;
		const where = rows[k].where;
		const nonEmpty = cells.filter((c) => c.text !== '');
		if (nonEmpty.length === 0) continue;
		if (!ctx.positional) {
			// (50分) alone: the weight of a level whose name was lost; 指标2: / …… / / / /: unfilled template rows
			if (isFiller(nonEmpty)) continue;
			if (hasLevel && nonEmpty.every((c) => isLevel1(c.text) || isLevel2(c.text))) {
				// a level printed alone heads the rows below it; a later one replaces it (the rows of the
				// earlier level were empty template rows)
				for (const c of nonEmpty) {
					if (isLevel1(c.text)) carry = [c];
					else carry = [...carry.filter((x) => isLevel1(x.text)), c];
				}
				continue;
			}
			if (carry.length) {
				// a row that prints its own level replaces the carried one
				const first = nonEmpty[0].text;
				if (isLevel1(first)) carry = [];
				else if (isLevel2(first)) carry = carry.filter((x) => isLevel1(x.text));
			}
			cells = [...carry, ...cells];
			carry = [];
			let best = fit(cells);
			if (k === rows.length - 1 && truncated) {
				// the last row of a text that stops mid-table is cut on the right: its cells are the
				// leftmost ones, in order, from wherever its first cell belongs
				best = leftAligned(cells, roles, best);
			}
			// join following lines while that fits better than keeping them apart
			while (k + 1 < rows.length && cells.length < roles.length * 2) {
				const next = rows[k + 1].cells.filter((c) => c.text !== '');
				if (next.length === 0 || isFiller(next) || isLevel1(next[0].text) || isLevel2(next[0].text)) break;
				const joined = fit([...cells, ...next]);
				const apart = fit(next);
				if (joined.score <= best.score + apart.score + 0.01) break;
				cells = [...cells, ...next];
				best = joined;
				k++;
			}
			out.push({
				values: best.values,
				where,
				dropped: best.dropped,
				printed: { l1: !!best.values.l1, l2: !!best.values.l2 }
			});
			continue;
		}
		const f = fit(cells);
		out.push({ values: f.values, where, dropped: f.dropped, printed: { l1: !!f.values.l1, l2: !!f.values.l2 } });
	}
	return out;
}

/** XLSX/PDF tables: cells map to columns by position; merged labels are filled down below. */
function tableRow(ctx: Ctx, r: RowCells, byCol: Map<number, IndicatorRole>): FittedRow {
	const values: Partial<Record<IndicatorRole, string>> = {};
	const dropped: FitCell[] = [];
	for (const c of r.cells) {
		if (c.text === '') continue;
		const t = ctx.toks[c.index];
		const role = byCol.get(t.col);
		if (!role || role === 'other') {
			if (!role) dropped.push(c);
			continue;
		}
		values[role] = values[role] ? `${values[role]}${c.text}` : c.text;
	}
	return { values, where: r.where, dropped, printed: { l1: !!values.l1, l2: !!values.l2 } };
}

function text(v: string | undefined): string | null {
	if (v === undefined) return null;
	const t = v.trim();
	if (t === '' || isBlankMark(t)) return null;
	return t;
}

function levelText(v: string | undefined): string | null {
	const t = text(v);
	if (!t) return null;
	return stripWeightNote(t).replace(/\s+/g, '');
}

function buildIndicators(ctx: Ctx, rows: FittedRow[]): Indicator[] {
	const out: Indicator[] = [];
	let l1: string | null = null;
	let l2: string | null = null;
	for (const r of rows) {
		const v = r.values;
		const newL1 = levelText(v.l1);
		const newL2 = levelText(v.l2);
		if (newL1) {
			l1 = newL1;
			// a new first-level group starts its own second level
			l2 = newL2;
		} else if (newL2) l2 = newL2;
		const weight = numberOf(v.weight);
		const score = numberOf(v.score);
		const ind: Indicator = {
			level1: l1,
			level2: l2,
			level3: text(v.l3),
			content: text(v.content),
			targetValue: text(v.target),
			actualValue: text(v.actual),
			weight,
			score,
			reason: text(v.reason),
			measure: text(v.measure),
			where: r.where
		};
		if (v.nature !== undefined) ind.nature = text(v.nature);
		for (const d of r.dropped) {
			ctx.notes.add('CELL_UNPLACED', 'warning', `绩效指标行中的「${d.text.slice(0, 30)}」无法对应到任何一列，未采用。`, r.where);
		}
		const hasValue =
			weight !== null || score !== null || ind.targetValue !== null || ind.actualValue !== null;
		if (!hasValue) {
			const name = ind.level3 ?? ind.content;
			if (name && !/^指标\d*[:：]?$/.test(name.replace(/\s+/g, '')) && !isBlankMark(name)) {
				ctx.notes.add(
					'INDICATOR_ROW_EMPTY',
					'info',
					`指标「${name.slice(0, 30)}」没有目标值、完成值、分值或得分，未计入指标。`,
					r.where
				);
			}
			continue;
		}
		out.push(ind);
	}
	return out;
}

function numberOf(v: string | undefined): number | null {
	if (v === undefined) return null;
	const n = parseNumber(v);
	if (!n || n.percent) return null;
	return n.value;
}

// ---------------------------------------------------------------------------------------------------------
// total row

function readTotal(
	ctx: Ctx,
	header: IndicatorHeader | null,
	end: number | null
): { weight: number | null; score: number | null; grade: Grade | null } {
	const res: { weight: number | null; score: number | null; grade: Grade | null } = { weight: null, score: null, grade: null };
	if (end === null || !header) return res;
	// the total row may follow a notes row (其他需要说明事项 | 无 | 总分 | 100 | 96 | 优)
	let at = -1;
	for (let k = end; k < ctx.toks.length && k < end + 30; k++) {
		const t = ctx.toks[k];
		if (t.text && blockLabel(t.text) === 'totalRow') {
			at = k;
			break;
		}
	}
	if (at < 0) return res;
	end = at;
	const lab = ctx.toks[end];
	const hasWeight = header.roles.includes('weight') || [...header.byCol.values()].includes('weight');
	const hasScore = header.roles.includes('score') || [...header.byCol.values()].includes('score');
	// the cells after the label, up to the next label
	const vals: Token[] = [];
	for (let k = end + 1; k < ctx.toks.length && vals.length < 8; k++) {
		const t = ctx.toks[k];
		if (ctx.positional && t.row !== lab.row) break;
		if (t.text !== '' && (isAnyLabel(t.text) || t.text.length > 12)) {
			if (/^(优|良|中|差)(秀|好|等)?$/.test(t.text)) {
				vals.push(t);
				continue;
			}
			break;
		}
		vals.push(t);
	}
	const gradeTok = vals.find((t) => /^(优|良|中|差)(秀|好|等)?$/.test(t.text));
	if (gradeTok) res.grade = gradeTok.text[0] as Grade;
	if (ctx.positional) {
		for (const t of vals) {
			const n = plainNumber(t.text);
			if (n === null) continue;
			const role = header.byCol.get(t.col);
			if (role === 'weight') res.weight = n;
			else if (role === 'score') res.score = n;
		}
		if (res.weight !== null || res.score !== null) return res;
	}
	// stream: the numbers in order (empty cells count where the layout keeps them)
	const slots = vals.filter((t) => t !== gradeTok);
	while (slots.length && slots[slots.length - 1].text === '') slots.pop();
	const nums = slots.map((t) => (t.text === '' || isBlankMark(t.text) ? null : plainNumber(t.text)));
	const present = nums.filter((n) => n !== null) as number[];
	if (hasWeight && hasScore) {
		if (present.length >= 2) {
			res.weight = present[0];
			res.score = present[1];
		} else if (present.length === 1) {
			res.weight = present[0];
			ctx.notes.add(
				'TOTAL_AMBIGUOUS',
				'info',
				`总分行只有一个数 ${present[0]}：按分值合计读取，得分合计为空。`,
				lab.where
			);
		}
	} else if (hasScore) {
		res.score = present[0] ?? null;
	} else if (hasWeight) {
		res.weight = present[0] ?? null;
	}
	return res;
}

