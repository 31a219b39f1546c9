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
import { parseNumber } from './numbers';

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

function isNumberCell(t: string): boolean {
	return parseNumber(t) !== null;
}

/** How well a cell fits a column (higher is better). */
export function cellFit(role: IndicatorRole, text: string): number {
	if (text === '') return 0;
	const blank = isBlankMark(text);
	const num = isNumberCell(text);
	const l1 = isLevel1(text);
	const l2 = isLevel2(text);
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
			const n = parseNumber(text);
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

/** Aligns cells to roles; see the module comment. */
export function fitRow(cells: FitCell[], roles: IndicatorRole[], options: FitOptions = {}): Fitted {
	const n = cells.length;
	const m = roles.length;
	const NEG = -1e9;
	// dp[i][j]: best score having placed the first i cells over the first j roles
	const dp: number[][] = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(NEG));
	type Step = { pi: number; pj: number; kind: 'take' | 'skip' | 'drop' | 'split'; left?: string; right?: string };
	const back: (Step | null)[][] = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(null));
	dp[0][0] = 0;
	for (let i = 0; i <= n; i++) {
		for (let j = 0; j <= m; j++) {
			const cur = dp[i][j];
			if (cur === NEG) continue;
			if (j < m) {
				const v = cur + skipCost(roles[j]);
				if (v > dp[i][j + 1]) {
					dp[i][j + 1] = v;
					back[i][j + 1] = { pi: i, pj: j, kind: 'skip' };
				}
			}
			if (i < n) {
				const text = cells[i].text;
				const dropCost = text === '' ? (options.keepEmpty ? -1 : 0) : DROP;
				const v = cur + dropCost;
				if (v > dp[i + 1][j]) {
					dp[i + 1][j] = v;
					back[i + 1][j] = { pi: i, pj: j, kind: 'drop' };
				}
				if (j < m) {
					const t = cur + cellFit(roles[j], text);
					if (t > dp[i + 1][j + 1]) {
						dp[i + 1][j + 1] = t;
						back[i + 1][j + 1] = { pi: i, pj: j, kind: 'take' };
					}
				}
				if (options.allowSplit && j + 1 < m && /\S\s+\S/.test(text)) {
					const k = text.search(/\s+/);
					const left = text.slice(0, k).trim();
					const right = text.slice(k).trim();
					const t = cur + SPLIT + cellFit(roles[j], left) + cellFit(roles[j + 1], right);
					if (t > dp[i + 1][j + 2]) {
						dp[i + 1][j + 2] = t;
						back[i + 1][j + 2] = { pi: i, pj: j, kind: 'split', left, right };
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
		const s = back[i][j];
		if (!s) break;
		if (s.kind === 'take') put(roles[s.pj], cells[s.pi].text);
		else if (s.kind === 'split') {
			put(roles[s.pj + 1], s.right!);
			put(roles[s.pj], s.left!);
		} else if (s.kind === 'drop' && cells[s.pi].text !== '') dropped.unshift(cells[s.pi]);
		i = s.pi;
		j = s.pj;
	}
	return { values, score: dp[n][m], dropped };
}
