/**
 * The form reader works on tokens: the grid's cells in reading order, each remembering its row and column.
 * Where the source ran cells together (copied web pages, OCR), tokens are cut at known labels and label
 * fragments broken over lines are put back together, so that the reader sees the same labels whatever
 * the layout.
 */
import type { Grid } from './grid';
import { cleanCell, labelKey, toSimplified } from './aliases';
import { memoString } from './memo';

export interface Token {
	/** cleaned display text (as printed, NFKC, pinyin debris removed) */
	text: string;
	/** matching key (labelKey) */
	key: string;
	/** index of the grid row */
	row: number;
	col: number;
	colSpan: number;
	rowSpan: number;
	/** numeric value stored by the source (XLSX) */
	value?: number;
	/** where, for messages */
	where: string;
	/** true when the token was cut out of a longer cell */
	cut?: boolean;
}

/**
 * Labels that may be cut out of run-together text (compact simplified forms). Only distinctive labels:
 * short words such as 执行率 or 得分 also occur inside indicator names and are cut only where the whole
 * text is made of labels.
 */
const CUT_LABELS: string[] = [
	// header
	'部门(单位)名称', '单位名称', '评价部门名称', '项目名称', '专项资金名称', '县级主管部门', '主管部门',
	'项目实施单位', '实施单位(盖章)', '实施单位', '项目单位(盖章)', '所属独立核算单位个数', '下属单位个数',
	'填报日期', '部门职能概述', '自评总分(分)', '自评总分', '负责人及电话', '部门联系人', '联系电话', '财政处室',
	'主要领导签字', '项目类别', '项目属性', '项目类型', '整体支出规模',
	// funds
	'资金情况(万元)', '项目资金(万元)', '项目资金(元)', '预算执行情况(万元)', '部门预算执行情况', '资金来源',
	'年初预算数', '全年预算数(A)', '全年预算数', '全年执行数(B)', '全年执行数', '预算数(A)', '执行数(B)',
	'调整后预算数', '预算执行数', '预算执行率', '上级财政转移支付(C)', '执行率((B-C)/A)', '执行率(B/A)',
	'执行率(%)', '执行率权重', '执行率得分(分)', '执行率得分', '分值权重', '得分(20分*执行率)', '得分(10分*执行率)',
	'年度资金总额', '年度财政资金总额', '部门整体支出总额', '当年财政拨款', '本年财政拨款', '财政拨款',
	'上年结转资金', '其他资金', '财政专户管理资金', '单位资金', '中央财政资金', '地方财政资金',
	'中央、省、市补助县级资金', '资金结构', '基本支出', '项目支出', '其中:',
	// goals
	'年度总体目标', '年初设定目标', '全年实际完成情况', '目标完成情况', '实际完成情况', '预期目标', '当年绩效目标',
	'年初绩效目标', '全年(调整)绩效目标', '全年目标实际完成情况',
	// indicators
	'年度绩效指标', '一级指标', '二级指标', '三级指标', '指标名称', '计量单位', '度量单位', '指标性质', '年度指标值',
	'年初指标值', '调整指标值', '年初目标值(A)', '年初目标值', '实际完成值(B)', '实际完成值', '全年完成值',
	'得分系数(%)', '指标权重(分)', '指标得分(分)', '是否核心指标', '未完成原因和改进措施', '偏差原因分析及改进措施',
	'偏差及原因分析', '未完成原因', '产出指标', '效益指标', '满意度指标', '效果指标', '管理指标', '数量指标',
	'质量指标', '时效指标', '成本指标', '经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标',
	'服务对象满意度指标', '其他需要说明事项', '评价结论', '说明'
].map(compactSimplified);

/** Short labels, cut only when a text is made of nothing but labels ('分值得分'). */
const SHORT_LABELS: string[] = ['分值', '得分', '权重', '总分', '合计', '说明', '执行率', '目标值', '完成值'].map(
	compactSimplified
);

const CUT_SORTED = [...new Set(CUT_LABELS)].sort((a, b) => b.length - a.length);
const ALL_SORTED = [...new Set([...CUT_LABELS, ...SHORT_LABELS])].sort((a, b) => b.length - a.length);

/** Labels by first character (longest first), so that cutting a long text stays linear. */
function byFirst(labels: string[]): Map<string, string[]> {
	const m = new Map<string, string[]>();
	for (const l of labels) {
		const list = m.get(l[0]) ?? [];
		list.push(l);
		m.set(l[0], list);
	}
	return m;
}
const CUT_BY_FIRST = byFirst(CUT_SORTED);
const ALL_BY_FIRST = byFirst(ALL_SORTED);

function compactSimplified(s: string): string {
	return toSimplified(s.normalize('NFKC')).replace(/\s+/g, '');
}

/** Grid → tokens in reading order. Empty cells are kept (their position can matter); callers skip them. */
export function gridTokens(grid: Grid): Token[] {
	const out: Token[] = [];
	grid.rows.forEach((row, r) => {
		for (const c of row.cells) {
			const text = cleanCell(c.text);
			out.push({
				text,
				key: labelKey(text),
				row: r,
				col: c.col,
				colSpan: c.colSpan || 1,
				rowSpan: c.rowSpan || 1,
				value: c.value,
				where: row.where
			});
		}
	});
	return out;
}

/**
 * Cuts run-together cells at labels: '项目名称东津院区建设补助主管部门襄阳市卫生健康委' → 项目名称 | 东津院区建设补助 |
 * 主管部门 | 襄阳市卫生健康委. 'label:value' cells are cut in every layout; full cutting only where the layout
 * has no reliable cell boundaries.
 */
export function cutTokens(tokens: Token[], layout: Grid['layout']): Token[] {
	const out: Token[] = [];
	// only text whose cells ran together is cut freely; elsewhere only at 'label:' (单位名称：XX)
	const loose = layout === 'spaces';
	for (const t of tokens) {
		if (t.text === '' || t.text.length < 4) {
			out.push(t);
			continue;
		}
		// sentences (goals, reasons, template instructions) mention labels without being made of them;
		// only run-together text (long, from a document viewer) is cut whatever it holds
		const sentence = /[，,。；;！!？?]/.test(t.text) && !(layout === 'spaces' && t.text.length >= 100);
		const pieces = cutText(t.text, loose && !sentence);
		if (pieces.length <= 1) {
			out.push(t);
			continue;
		}
		for (const p of pieces) out.push({ ...t, text: p, key: labelKey(p), cut: true });
	}
	return out;
}

/**
 * Cuts a text at labels. Returns the pieces in order (labels and the text between them, trimmed of
 * separating colons), or [text] when nothing is cut.
 */
export function cutText(text: string, loose: boolean): string[] {
	return (loose ? cutLoose : cutStrict)(text);
}

// The same cells and labels come back in every form (and the aligner's cells once per column): remembered.
// Frozen, since every caller gets the same array.
const cutLoose = memoString((text) => Object.freeze(cutUncached(text, true)) as string[]);
const cutStrict = memoString((text) => Object.freeze(cutUncached(text, false)) as string[]);

function cutUncached(text: string, loose: boolean): string[] {
	// compact simplified view with a map back to the original indices
	const map: number[] = [];
	let compact = '';
	const simplified = toSimplified(text);
	for (let i = 0; i < simplified.length; i++) {
		const ch = simplified[i];
		const code = ch.charCodeAt(0);
		// ASCII and the CJK ideographs are most of a form, and NFKC leaves them as they are: skip the
		// Unicode calls for them (same result, a fraction of the time)
		const plain = (code < 0x80 && code !== 0x20 && (code < 0x09 || code > 0x0d)) || (code >= 0x4e00 && code <= 0x9fff);
		if (plain) {
			map.push(i);
			compact += ch;
			continue;
		}
		if (/\s/.test(ch)) continue;
		map.push(i);
		// full-width brackets and colons compare as ASCII; one character stays one character
		const n = ch.normalize('NFKC');
		compact += n.length === 1 ? n : ch;
	}
	map.push(text.length);
	const whole = ALL_SORTED.length && fullyLabels(compact);
	let cuts: [number, number][] = [];
	const index = whole ? ALL_BY_FIRST : CUT_BY_FIRST;
	for (let i = 0; i < compact.length; ) {
		let hit = '';
		for (const l of index.get(compact[i]) ?? []) {
			if (l.length <= compact.length - i && compact.startsWith(l, i)) {
				hit = l;
				break;
			}
		}
		if (hit) {
			cuts.push([i, i + hit.length]);
			i += hit.length;
		} else i++;
	}
	const colon = (c: [number, number]) => /^[:：]/.test(compact.slice(c[1]));
	if (!whole && (!loose || cuts.length < 2)) {
		// a single label inside a text is more likely part of a name (…项目支出绩效自评表) than a cell of
		// its own: cut only where a colon says it is a label
		cuts = cuts.filter(colon);
	}
	if (cuts.length === 0) return [text];
	if (cuts.length === 1 && cuts[0][0] === 0 && cuts[0][1] === compact.length) return [text];
	const pieces: string[] = [];
	let last = 0;
	const push = (from: number, to: number) => {
		const s = text
			.slice(map[from], map[to])
			.trim()
			.replace(/^[:：\s]+/, '')
			.replace(/[:：\s]+$/, '')
			.trim();
		if (s !== '') pieces.push(s);
	};
	for (const [a, b] of cuts) {
		if (a > last) push(last, a);
		push(a, b);
		last = b;
	}
	if (last < compact.length) push(last, compact.length);
	// a piece between two labels may itself be labels run together (分值得分)
	return pieces.flatMap((p) => {
		const c = compactSimplified(p);
		return p.length >= 4 && fullyLabels(c) && !ALL_SORTED.includes(c) ? cutText(p, false) : [p];
	});
}

function fullyLabels(compact: string): boolean {
	if (compact.length < 4) return false;
	const ok: boolean[] = new Array(compact.length + 1).fill(false);
	ok[0] = true;
	for (let i = 0; i < compact.length; i++) {
		if (!ok[i]) continue;
		for (const l of ALL_BY_FIRST.get(compact[i]) ?? []) if (compact.startsWith(l, i)) ok[i + l.length] = true;
	}
	return ok[compact.length];
}

/**
 * Puts back labels broken over several tokens ('年初预算' '数', '一级' '指标', '可持续影' '响指标', '服务对象'
 * '满意度指标'). Only short fragments are joined, and only when the result is a known label.
 */
export function mergeLabelFragments(tokens: Token[], isLabel: (compact: string) => boolean): Token[] {
	const out: Token[] = [];
	for (let i = 0; i < tokens.length; i++) {
		const t = tokens[i];
		if (!isFragment(t.text)) {
			out.push(t);
			continue;
		}
		let best = -1;
		let acc = compactSimplified(t.text);
		let parts = 1;
		// two complete labels side by side are two cells (执行率 | 得分), not one label (执行率得分)
		let whole = isLabel(t.text) ? 1 : 0;
		for (let j = i + 1; j < tokens.length && parts < 5; j++) {
			const u = tokens[j];
			if (u.text === '') continue;
			if (!isFragment(u.text)) break;
			if (isLabel(u.text)) whole++;
			if (whole >= 2) break;
			acc += compactSimplified(u.text);
			parts++;
			if (isLabel(acc)) best = j;
		}
		if (best < 0) {
			out.push(t);
			continue;
		}
		const pieces = tokens.slice(i, best + 1).filter((u) => u.text !== '');
		const text = pieces.map((u) => u.text).join('');
		out.push({ ...t, text, key: labelKey(text), row: pieces[pieces.length - 1].row, where: t.where });
		i = best;
	}
	return out;
}

/** A piece of a label: short text, no digits (numbers and dashes are values, never label pieces). */
function isFragment(text: string): boolean {
	return text !== '' && text.length <= 8 && !/[\d０-９—–\-/／…]/.test(text);
}

export { compactSimplified };
