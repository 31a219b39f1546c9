/**
 * The funds block: its header (which columns the form has, the printed rate formula) and its rows.
 *
 * Positional layouts map cells to columns by position. Elsewhere a row's cells are assigned to the columns
 * in order, choosing among the possible assignments the one the form's own arithmetic supports: a rate
 * equal to B/A, a score equal to weight × rate, amounts where amounts go, percentages under 执行率. The same
 * search cuts glued numbers ('10001000100%20' → 1000 | 1000 | 100% | 20). Cells that fit nowhere are
 * dropped with a note, never moved into a column they do not fit.
 */
import { emptyFundRow, type FundRow, type RateFormula } from '../domain/form';
import { blockLabel, fundRowKind, fundsRole, headerField, indicatorRole, isBlankMark, isLevel1, rateFormulaOf, type FundsRole } from './aliases';
import { gluedSplits, parseNumber } from './numbers';
import type { Token } from './tokens';
import { isAnnotation, type Ctx } from './context';

export interface FundsResult {
	found: boolean;
	rows: FundRow[];
	total: FundRow | null;
	formula: RateFormula | null;
}

interface HeaderCell {
	role: FundsRole;
	tok: Token;
}

const CORE_ROLES: FundsRole[] = ['initial', 'budget', 'executed', 'transfer', 'rate'];

export function readFunds(ctx: Ctx, start: number, end: number): FundsResult {
	const none: FundsResult = { found: false, rows: [], total: null, formula: null };
	const header = findHeader(ctx, start, end);
	if (!header) return none;
	const { cells, after } = header;
	const roles = cells.filter((c) => c.role !== 'label');
	let formula: RateFormula | null = null;
	for (let k = header.from; k < after; k++) {
		const f = rateFormulaOf(ctx.toks[k].text);
		if (f) {
			formula = f;
			break;
		}
	}
	const headerWeight = weightFromHeader(ctx, header.from, after);

	// rows
	interface RawRow {
		label: Token | null;
		kind: 'total' | 'source';
		values: Token[];
		skipped: boolean;
	}
	const raw: RawRow[] = [];
	let cur: RawRow | null = null;
	let unlabelled: RawRow | null = null;
	let structure = false;
	let skipRow = -1;
	for (let k = after; k < end; k++) {
		const t = ctx.toks[k];
		if (t.row === skipRow) continue;
		if (t.text === '') {
			if (ctx.grid.layout === 'pipes' && cur) cur.values.push(t);
			continue;
		}
		if (isStop(t.text)) break;
		const b = blockLabel(t.text);
		if (b === 'headerNumbering') {
			skipRow = t.row;
			continue;
		}
		if (b === 'fundsStructure') {
			structure = true;
			cur = null;
			continue;
		}
		if (b === 'fundsBlock' || isAnnotation(t.text) || t.key === '其中') continue;
		const kind = fundRowKind(t.text);
		if (kind) {
			cur = { label: t, kind, values: [], skipped: structure };
			raw.push(cur);
			continue;
		}
		if (fundsRole(t.text) && !parseNumber(t.text)) continue;
		if (ctx.positional && cur && cur.label && cur.label.row !== t.row) cur = null;
		if (cur) cur.values.push(t);
		else {
			if (!unlabelled) {
				unlabelled = { label: null, kind: 'total', values: [], skipped: false };
			}
			unlabelled.values.push(t);
			cur = null;
		}
	}

	const rows: FundRow[] = [];
	let total: FundRow | null = null;
	const skippedLabels: string[] = [];
	for (const r of raw) {
		if (r.skipped) {
			skippedLabels.push(r.label!.text);
			continue;
		}
		const row = solveRow(ctx, r.label!.text, r.values, cells, roles, headerWeight, r.label!.where);
		if (r.kind === 'total' && !total) total = row;
		else rows.push(row);
	}
	if (unlabelled && unlabelled.values.some((v) => v.text !== '' && !isBlankMark(v.text))) {
		// values right under the header with no row label: OCR lost it, or the label was printed elsewhere
		const before = labelBefore(ctx, header.from);
		const emptyTotal = total && rowIsEmpty(total);
		const source = before ?? '（无行名）';
		const row = solveRow(ctx, source, unlabelled.values, cells, roles, headerWeight, unlabelled.values[0].where);
		if (!total || emptyTotal) {
			total = row;
			ctx.notes.add(
				'FUNDS_ROW_UNLABELLED',
				'warning',
				before
					? `资金数字紧跟在表头后面，没有行名：按表头前的「${before}」读取。`
					: '资金数字紧跟在表头后面，没有行名：按合计行读取。',
				unlabelled.values[0].where
			);
		}
	}
	if (skippedLabels.length) {
		ctx.notes.add(
			'FUNDS_STRUCTURE_SKIPPED',
			'info',
			`资金结构行（${skippedLabels.join('、')}）是同一笔资金按支出类型的另一种划分，未作为资金来源。`,
			'资金情况'
		);
	}
	const judged = total ?? (rows.length === 1 ? rows[0] : null);
	if (judged && judged.weight === null && headerWeight !== null && roles.every((c) => c.role !== 'weight')) {
		judged.weight = headerWeight;
		ctx.notes.add(
			'FUNDS_WEIGHT_FROM_HEADER',
			'info',
			`资金执行没有分值列：分值 ${headerWeight} 取自表头「${headerWeight}分」。`,
			'资金情况'
		);
	}
	return { found: true, rows, total, formula };
}

function rowIsEmpty(r: FundRow): boolean {
	return [r.initialBudget, r.budget, r.executed, r.transfer, r.weight, r.ratePrinted, r.scorePrinted].every((v) => v === null);
}

/** A total label printed before the header (scrambled text): the unlabelled values belong to it. */
function labelBefore(ctx: Ctx, from: number): string | null {
	for (let k = from - 1; k >= 0 && k >= from - 12; k--) {
		const t = ctx.toks[k];
		if (t.text && fundRowKind(t.text) === 'total') return t.text;
	}
	return null;
}

function isStop(text: string): boolean {
	const b = blockLabel(text);
	if (b === 'goalsBlock' || b === 'goalPlanned' || b === 'goalAchieved' || b === 'indicatorBlock' || b === 'tail') return true;
	if (headerField(text) === 'functions') return true;
	const r = indicatorRole(text);
	if (r === 'l1' || r === 'l2' || r === 'l3') return true;
	return isLevel1(text);
}

function findHeader(ctx: Ctx, start: number, end: number): { cells: HeaderCell[]; from: number; after: number } | null {
	const toks = ctx.toks;
	for (let s = start; s < end; s++) {
		const t = toks[s];
		if (t.text === '') continue;
		const r0 = fundsRole(t.text);
		if (!r0 || r0 === 'weight' || r0 === 'score' || r0 === 'reason' || r0 === 'other') continue;
		const cells: HeaderCell[] = [];
		let e = s;
		for (; e < end; e++) {
			const u = toks[e];
			if (ctx.positional && u.row !== t.row) break;
			if (u.text === '' || isAnnotation(u.text)) continue;
			const role = fundsRole(u.text);
			if (role && !parseNumber(u.text)) {
				cells.push({ role, tok: u });
				continue;
			}
			if (blockLabel(u.text) === 'fundsBlock') continue;
			break;
		}
		const core = new Set(cells.map((c) => c.role).filter((r) => CORE_ROLES.includes(r)));
		if (core.size < 2) continue;
		if (!ctx.positional && !core.has('initial')) {
			// text scrambled by extraction may print 年初预算数 apart from the other column headers
			for (let k = s - 1; k >= Math.max(start, s - 12); k--) {
				const u = toks[k];
				if (u.text && fundsRole(u.text) === 'initial') {
					cells.unshift({ role: 'initial', tok: u });
					break;
				}
			}
		}
		return { cells, from: s, after: e };
	}
	return null;
}

/** "预算执行情况(20分)", "得分(20分*执行率)": the funds weight printed in the header. */
function weightFromHeader(ctx: Ctx, from: number, after: number): number | null {
	for (let k = Math.max(0, from - 4); k < after; k++) {
		const t = ctx.toks[k];
		if (!t.text) continue;
		const relevant =
			blockLabel(t.text) === 'fundsBlock' || isAnnotation(t.text) || fundsRole(t.text) === 'score';
		if (!relevant) continue;
		const m = /[(（]\s*(\d+(?:\.\d+)?)\s*分/.exec(t.text.normalize('NFKC'));
		if (m) return Number(m[1]);
	}
	return null;
}

// ---------------------------------------------------------------------------------------------------------
// assigning a row's cells to the header's columns

type AtomKind = 'num' | 'pct' | 'blank' | 'text';

interface Atom {
	kind: AtomKind;
	value: number | null;
	text: string;
}

function atomOf(text: string): Atom {
	if (text === '' || isBlankMark(text)) return { kind: 'blank', value: null, text };
	const n = parseNumber(text);
	if (n) return { kind: n.percent ? 'pct' : 'num', value: n.value, text };
	return { kind: 'text', value: null, text };
}

/** Alternatives for one printed cell: itself, or the ways glued numbers can be cut. */
function alternatives(text: string, maxParts: number): Atom[][] {
	const a = atomOf(text);
	if (a.kind !== 'text') return [[a]];
	const t = text.normalize('NFKC').replace(/\s+/g, '');
	// OCR debris before the digits (O76%…) and text after them (…100%20度效标80) are not numbers
	const m = /^([A-Za-z]{0,2})([\d.,%]+)(.*)$/.exec(t);
	if (!m) return [[a]];
	const digits = m[2].replace(/,/g, '');
	const rest = m[3];
	const splits = gluedSplits(digits, maxParts);
	if (splits.length === 0) return [[a]];
	return splits.map((parts) => {
		const atoms = parts.map(atomOf);
		if (rest) atoms.push({ kind: 'text', value: null, text: rest });
		return atoms;
	});
}

interface Assignment {
	/** role index for each atom, -1 = dropped */
	map: number[];
	score: number;
}

function rateOf(a: Atom): number | null {
	if (a.value === null) return null;
	if (a.kind === 'pct') return a.value;
	if (a.kind === 'num') return a.value > 1.5 ? a.value / 100 : a.value;
	return null;
}

function scoreAssignment(atoms: Atom[], map: number[], roles: FundsRole[], headerWeight: number | null): number {
	let pts = 0;
	const byRole = new Map<FundsRole, Atom>();
	for (let i = 0; i < atoms.length; i++) {
		const a = atoms[i];
		const j = map[i];
		if (j < 0) {
			pts += a.kind === 'blank' ? -0.3 : a.kind === 'text' ? -1 : -3;
			continue;
		}
		const role = roles[j];
		if (!byRole.has(role)) byRole.set(role, a);
		pts -= 0.01 * j;
		switch (role) {
			case 'initial':
			case 'budget':
			case 'executed':
			case 'transfer':
				pts += a.kind === 'num' ? (a.value! >= 0 ? 1 : -1) : a.kind === 'blank' ? 0.4 : -5;
				break;
			case 'rate':
				pts += a.kind === 'pct' ? 2 : a.kind === 'blank' ? 0.3 : a.kind === 'num' ? 0 : -5;
				break;
			case 'weight':
			case 'score':
				if (a.kind === 'num') pts += a.value! <= 100 ? 1 : -3;
				else pts += a.kind === 'blank' ? 0.3 : -5;
				break;
			case 'rowNo':
				pts += a.kind === 'num' && Number.isInteger(a.value) && a.value! < 100 ? 1 : a.kind === 'blank' ? 0 : -3;
				break;
			case 'reason':
				pts += a.kind === 'text' ? 0.5 : a.kind === 'blank' ? 0.2 : -1;
				break;
			case 'other':
				pts += a.kind === 'text' ? 0.3 : 0.1;
				break;
			case 'label':
				pts += a.kind === 'text' ? 0.2 : -3;
				break;
		}
	}
	const val = (r: FundsRole) => {
		const a = byRole.get(r);
		return a && (a.kind === 'num' || a.kind === 'pct') ? a.value : null;
	};
	const A = val('budget') ?? null;
	const B = val('executed');
	const C = val('transfer') ?? 0;
	const rateAtom = byRole.get('rate');
	const r = rateAtom ? rateOf(rateAtom) : null;
	if (A === 0 && B !== null && B > 0 && r !== null) {
		// nothing can be executed against a budget of 0: the 0 belongs to another column
		pts -= 2;
	} else if (A !== null && A > 0 && B !== null && r !== null) {
		const ok = Math.abs(B / A - r) < 0.006 || Math.abs((B - C) / A - r) < 0.006;
		pts += ok ? 3 : rateAtom!.kind === 'num' ? -3 : -1.5;
	} else if (rateAtom && rateAtom.kind === 'num') {
		// a bare number under 执行率 is believable only when the amounts confirm it
		pts -= 2;
	}
	// the header's "(20分)" stands in for a weight column only when the form has none
	const w = roles.includes('weight') ? val('weight') : headerWeight;
	const s = val('score');
	if (w !== null && s !== null) {
		if (s > w + 1e-9) pts -= 2;
		if (r !== null && Math.abs(w * Math.min(r, 1) - s) < 0.06) pts += 2;
	}
	return pts;
}

/** Visits allowed per row over all its cuttings: enough for 14 cells × 10 columns, bounded for any input. */
const BUDGET = 400_000;

function bestAssignment(
	atoms: Atom[],
	roles: FundsRole[],
	headerWeight: number | null,
	budget: { left: number }
): Assignment {
	let best: Assignment = { map: atoms.map(() => -1), score: -Infinity };
	const map: number[] = new Array(atoms.length).fill(-1);
	const walk = (i: number, j: number) => {
		if (budget.left-- <= 0) return;
		if (i === atoms.length) {
			const s = scoreAssignment(atoms, map, roles, headerWeight);
			if (s > best.score) best = { map: map.slice(), score: s };
			return;
		}
		// more atoms left than could ever be placed: dropping is the only way
		for (let k = j; k < roles.length; k++) {
			map[i] = k;
			walk(i + 1, k + 1);
		}
		map[i] = -1;
		walk(i + 1, j);
	};
	walk(0, 0);
	return best;
}

/** One fund row: positions when the layout has them, otherwise the most plausible assignment. */
function solveRow(
	ctx: Ctx,
	label: string,
	values: Token[],
	header: HeaderCell[],
	roles: HeaderCell[],
	headerWeight: number | null,
	where: string
): FundRow {
	// 其中: marks a breakdown, it is not part of the row's name; spaces between characters are wrap debris
	const name = label
		.replace(/^\s*其中\s*[:：]?\s*/, '')
		.replace(/[:：]\s*$/, '')
		.replace(/(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/g, '')
		.trim();
	const row = emptyFundRow(name || label.trim());
	const set = (role: FundsRole, a: Atom) => {
		const n = a.kind === 'num' || a.kind === 'pct' ? a.value : null;
		switch (role) {
			case 'initial':
				row.initialBudget = a.kind === 'num' ? n : null;
				break;
			case 'budget':
				row.budget = a.kind === 'num' ? n : null;
				break;
			case 'executed':
				row.executed = a.kind === 'num' ? n : null;
				break;
			case 'transfer':
				row.transfer = a.kind === 'num' ? n : null;
				break;
			case 'weight':
				row.weight = a.kind === 'num' ? n : null;
				break;
			case 'score':
				row.scorePrinted = a.kind === 'num' ? n : null;
				break;
			case 'rate':
				row.ratePrinted = rateOf(a);
				break;
		}
	};
	// positions first
	if (ctx.positional) {
		const mapped: [FundsRole, Atom][] = [];
		let ok = true;
		for (const v of values) {
			if (v.text === '') continue;
			const h = header.find((c) => v.col >= c.tok.col && v.col < c.tok.col + Math.max(1, c.tok.colSpan));
			if (!h) {
				ok = false;
				break;
			}
			mapped.push([h.role, atomOf(v.text)]);
		}
		if (ok && mapped.length) {
			for (const [role, a] of mapped) set(role, a);
			return row;
		}
	}
	const roleList = roles.map((c) => c.role);
	const cellsText = values.map((v) => v.text).filter((t, i, all) => t !== '' || ctx.grid.layout === 'pipes' || i < all.length);
	// trailing empty cells are padding
	while (cellsText.length && cellsText[cellsText.length - 1] === '') cellsText.pop();
	const options: Atom[][][] = cellsText.slice(0, 14).map((t) => alternatives(t, roleList.length));
	let combos: Atom[][] = [[]];
	for (const opts of options) {
		const next: Atom[][] = [];
		for (const c of combos) for (const o of opts) if (next.length < 300) next.push([...c, ...o]);
		combos = next;
	}
	let best: { atoms: Atom[]; a: Assignment } | null = null;
	const budget = { left: BUDGET };
	for (const atoms of combos) {
		if (atoms.length > 14) continue;
		const a = bestAssignment(atoms, roleList, headerWeight, budget);
		if (!best || a.score > best.a.score) best = { atoms, a };
	}
	if (!best) return row;
	const dropped: string[] = [];
	best.atoms.forEach((atom, i) => {
		const j = best!.a.map[i];
		if (j < 0) {
			if (atom.kind === 'num' || atom.kind === 'pct' || (atom.kind === 'text' && atom.text.length <= 12)) dropped.push(atom.text);
			return;
		}
		set(roleList[j], atom);
	});
	const glued = cellsText.some((t) => alternatives(t, roleList.length).length > 1 || (atomOf(t).kind === 'text' && /^\D{0,2}\d/.test(t) && /\d/.test(t) && alternatives(t, roleList.length)[0].length > 1));
	if (glued) {
		ctx.notes.add(
			'FUNDS_CELLS_AMBIGUOUS',
			'info',
			`「${row.source}」行的数字连在一起（${cellsText.filter((t) => t !== '').join(' ')}），按执行率与金额、分值与得分的关系拆分。`,
			where
		);
	}
	if (dropped.length) {
		ctx.notes.add('CELL_UNPLACED', 'warning', `资金行「${row.source}」中的「${dropped.join('」「')}」无法对应到表头的列，未采用。`, where);
	}
	return row;
}
