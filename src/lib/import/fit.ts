/**
 * Fitting a row of cells to the columns of a header. Rows in text forms lose cells: a merged label is
 * printed only on its first row, a page break drops the leading column, a qualitative target fills three
 * columns with one word, two cells run together. Positions cannot be trusted, so each row is aligned to
 * the header by content: an order-preserving alignment that scores how well each cell fits its column
 * (level names under 一级/二级, numbers under 分值/得分, ≥/= under 指标性质 …) and what skipping a column costs.
 */
import {
	isBlankMark,
	isLevel1,
	isLevel2,
	isNature,
	isUnitOfMeasure,
	labelKey,
	type IndicatorRole
} from './aliases';
import { memoString } from './memo';
import { parseNumber, type PrintedNumber } from './numbers';

export interface FitCell {
	text: string;
	/** index of the source token, to report where it came from */
	index: number;
}

export interface Fitted {
	/** role → text (joined when a role received several cells) */
	values: Partial<Record<IndicatorRole, string>>;
	score: number;
	/** cells that fit no column */
	dropped: FitCell[];
}

export interface FitOptions {
	/** allow cutting a cell at an inner space into two consecutive columns (run-together cells) */
	allowSplit?: boolean;
	/** empty cells are real cells (positional layouts) */
	keepEmpty?: boolean;
}

const BLOCK_KEYS = new Set(['年度绩效指标', '绩效指标', '年度绩效指标完成情况']);

/** What cellFit asks of a text, whatever the column: the aligner asks it of each cell once per column. */
interface CellFacts {
	blank: boolean;
	number: PrintedNumber | null;
	l1: boolean;
	l2: boolean;
}

const cellFacts = memoString(
	(text: string): CellFacts => ({
		blank: isBlankMark(text),
		number: parseNumber(text),
		l1: isLevel1(text),
		l2: isLevel2(text)
	})
);

/** How well a cell fits a column (higher is better). */
export function cellFit(role: IndicatorRole, text: string): number {
	if (text === '') return 0;
	return fitFacts(role, text, cellFacts(text));
}

function fitFacts(role: IndicatorRole, text: string, facts: CellFacts): number {
	const { blank, l1, l2 } = facts;
	const num = facts.number !== null;
	switch (role) {
		case 'block':
			return BLOCK_KEYS.has(labelKey(text)) ? 2 : -3;
		case 'l1':
			if (blank) return -0.5;
			if (l1) return 3;
			if (l2) return /满意度/.test(text) ? -0.5 : -2;
			return num ? -4 : -2.5;
		case 'l2':
			if (blank) return -0.5;
			// 满意度指标 names both levels; as a second level it is the weaker reading
			if (l1) return /满意度/.test(text) ? 0.5 : -1.5;
			if (l2) return 3;
			return num ? -4 : -1.2;
		case 'l3':
		case 'content':
			if (blank) return -0.2;
			if (l1 || l2) return -2;
			// 指标1:… is how templates number their third-level indicators
			if (role === 'l3' && /^指标\d+[:：]/.test(text)) return 1;
			return num ? -1 : 0.3;
		case 'nature':
			if (isNature(text)) return 2;
			return blank ? -0.3 : -2;
		case 'unit':
			if (isUnitOfMeasure(text)) return 1.5;
			return blank ? -0.3 : -2;
		case 'target':
		case 'actual':
			if (l1 || l2) return -2;
			if (isNature(text)) return -1;
			if (blank) return 0.1;
			return num ? 0.5 : 0.3;
		case 'weight':
		case 'score': {
			if (blank) return 0.1;
			const n = facts.number;
			if (!n) return -4;
			if (n.percent) return -2;
			if (n.value < 0 || n.value > 100) return -2;
			return 1.5;
		}
		case 'reason':
		case 'measure':
			if (blank) return 0.1;
			return num ? -1 : 0.2;
		case 'other':
			return 0;
	}
}

/** The cost of leaving a column without a cell. */
function skipCost(role: IndicatorRole): number {
	switch (role) {
		case 'block':
		case 'l1':
		case 'l2':
			return 0;
		case 'l3':
			return -1.2;
		case 'content':
			return -0.8;
		case 'nature':
		case 'unit':
			return -0.3;
		case 'target':
		case 'actual':
			return -0.8;
		case 'weight':
		case 'score':
			return -0.6;
		default:
			return 0;
	}
}

const DROP = -3;
const SPLIT = -1;

/** A cell that may be cut at its first inner space into two consecutive columns (allowSplit). */
interface SplitCell {
	left: string;
	right: string;
	leftFacts: CellFacts | null;
	rightFacts: CellFacts | null;
}

const TAKE = 1;
const SKIP = 2;
const DROPPED = 3;
const SPLITTED = 4;

/**
 * Aligns cells to roles; see the module comment. An alignment is a best path through an (n+1)×(m+1)
 * table; what each cell is (blank, a number, a level name …) is worked out once per cell, not once per
 * column it is tried in, and the table is kept in flat typed arrays: this runs for every indicator row.
 */
export function fitRow(cells: FitCell[], roles: IndicatorRole[], options: FitOptions = {}): Fitted {
	const n = cells.length;
	const m = roles.length;
	const w = m + 1;
	const NEG = -1e9;
	const facts = cells.map((c) => (c.text === '' ? null : cellFacts(c.text)));
	const fit = (role: IndicatorRole, text: string, f: CellFacts | null) => (f === null ? 0 : fitFacts(role, text, f));
	const splits: (SplitCell | null)[] = cells.map((c) => {
		if (!options.allowSplit || !/\S\s+\S/.test(c.text)) return null;
		const k = c.text.search(/\s+/);
		const left = c.text.slice(0, k).trim();
		const right = c.text.slice(k).trim();
		return {
			left,
			right,
			leftFacts: left === '' ? null : cellFacts(left),
			rightFacts: right === '' ? null : cellFacts(right)
		};
	});
	const skips = roles.map(skipCost);
	// dp[i*w + j]: best score having placed the first i cells over the first j roles; step: how it got there
	const dp = new Float64Array((n + 1) * w).fill(NEG);
	const step = new Uint8Array((n + 1) * w);
	dp[0] = 0;
	for (let i = 0; i <= n; i++) {
		for (let j = 0; j <= m; j++) {
			const cur = dp[i * w + j];
			if (cur === NEG) continue;
			if (j < m) {
				const v = cur + skips[j];
				if (v > dp[i * w + j + 1]) {
					dp[i * w + j + 1] = v;
					step[i * w + j + 1] = SKIP;
				}
			}
			if (i < n) {
				const text = cells[i].text;
				const dropCost = text === '' ? (options.keepEmpty ? -1 : 0) : DROP;
				const v = cur + dropCost;
				const below = (i + 1) * w + j;
				if (v > dp[below]) {
					dp[below] = v;
					step[below] = DROPPED;
				}
				if (j < m) {
					const t = cur + fit(roles[j], text, facts[i]);
					if (t > dp[below + 1]) {
						dp[below + 1] = t;
						step[below + 1] = TAKE;
					}
				}
				const split = splits[i];
				if (split && j + 1 < m) {
					const t =
						cur + SPLIT + fit(roles[j], split.left, split.leftFacts) + fit(roles[j + 1], split.right, split.rightFacts);
					if (t > dp[below + 2]) {
						dp[below + 2] = t;
						step[below + 2] = SPLITTED;
					}
				}
			}
		}
	}
	const values: Partial<Record<IndicatorRole, string>> = {};
	const dropped: FitCell[] = [];
	let i = n;
	let j = m;
	const put = (role: IndicatorRole, text: string) => {
		if (text === '') return;
		values[role] = values[role] ? `${text}${values[role]}` : text;
	};
	while (i > 0 || j > 0) {
		const s = step[i * w + j];
		if (s === 0) break;
		if (s === TAKE) {
			put(roles[j - 1], cells[i - 1].text);
			i--;
			j--;
		} else if (s === SPLITTED) {
			const split = splits[i - 1] as SplitCell;
			put(roles[j - 1], split.right);
			put(roles[j - 2], split.left);
			i--;
			j -= 2;
		} else if (s === DROPPED) {
			if (cells[i - 1].text !== '') dropped.unshift(cells[i - 1]);
			i--;
		} else j--;
	}
	return { values, score: dp[n * w + m], dropped };
}
