/**
 * Indicator rows from run-together text: pages copied from document viewers and OCR, where a whole table
 * is one string ('…储备到位率100%100%库存数量真实率100%100%质量指标…') or a long line of words whose row
 * boundaries are lost. Rows are rebuilt from what ends a row in the header's template:
 * - a flag column (是否核心指标): a row ends after 是/否 following its score;
 * - a score column: a row ends at the score, a number followed by a new name (or, in spaced text, at the
 *   分值-得分 pair);
 * - no score column: a row ends after its target and actual values, when a new name follows.
 * Level labels found in the text start new groups. Texts with no value at all are the previous row's
 * explanation (偏差原因), never rows of their own.
 */
import { isLevel1, isLevel2, indicatorGroup, indicatorRole, labelKey, blockLabel, type IndicatorRole } from './aliases';
import type { Ctx } from './context';
import type { FitCell } from './fit';

export interface SoupRow {
	values: Partial<Record<IndicatorRole, string>>;
	where: string;
	dropped: FitCell[];
	printed: { l1: boolean; l2: boolean };
}

type Mode = 'flag' | 'score' | 'pair';

interface Atom {
	kind: 'num' | 'value' | 'qual' | 'text';
	text: string;
	/** a token boundary (space) comes before this atom */
	sep: boolean;
	where: string;
}

const UNIT = '(?:%|‰|万元|亿元|元|人次|次|起|吨|天|年|篇|份|种|例|人|户|项|家|座|册|件|TB|GB|小时|公里|亩|平方米)';
const VALUE_RE = new RegExp(`^(?:[≥≤><≧≦]=?)?\\d+(?:\\.\\d+)?${UNIT}?`);
const UNIT_START = new RegExp(`^${UNIT}`);
/** Short qualitative values (targets and actuals such as 高 / 好 / 无). */
const QUAL_RE = /^(有效|良好|达标|合格|满意|高|好|无|是|否)/;

/** Every level label and its characters, to recognise OCR-scrambled labels (出标产指 = 产出指标). */
const LEVEL_NAMES = ['产出指标', '效益指标', '满意度指标', '效果指标', '管理指标', '数量指标', '质量指标', '时效指标', '成本指标'];
const sorted = (s: string) => [...s].sort().join('');
const LEVEL_ANAGRAMS = new Map(LEVEL_NAMES.map((n) => [sorted(n), n]));

/** Second-level names that start a row in run-together text (成本每年…, 可持续性院区…). */
const LEVEL2_PREFIX = /^(经济效益|社会效益|生态效益|环境效益|可持续影响|可持续性|服务对象满意度|时效|成本)(指标)?/;

function modeOf(roles: IndicatorRole[], headerTexts: string[]): Mode {
	if (headerTexts.some((t) => /是否/.test(t))) return 'flag';
	if (roles.includes('score') || roles.includes('weight')) return 'score';
	return 'pair';
}

/** Lexes one token into atoms (one pass over the text). */
function lex(text: string, where: string): Atom[] {
	const out: Atom[] = [];
	const value = new RegExp(VALUE_RE.source.slice(1), 'y');
	const qual = new RegExp(QUAL_RE.source.slice(1), 'y');
	const qualAt = (i: number) => {
		qual.lastIndex = i;
		return qual.exec(text);
	};
	let buf = '';
	const push = (kind: Atom['kind'], t: string) => out.push({ kind, text: t, sep: out.length === 0, where });
	const flush = () => {
		if (buf) push('text', buf);
		buf = '';
	};
	let i = 0;
	while (i < text.length) {
		value.lastIndex = i;
		const v = value.exec(text);
		// a digit inside a word (指标1:, 0-6岁) is part of the name, not a value
		const prevChar = buf.slice(-1);
		const inName = /[:：\-~至第]$/.test(prevChar) || (v && /^[:：\-]/.test(text.slice(i + v[0].length, i + v[0].length + 1)));
		if (v && !inName) {
			flush();
			push(/^\d+(?:\.\d+)?$/.test(v[0]) ? 'num' : 'value', v[0]);
			i += v[0].length;
			continue;
		}
		const q = qualAt(i);
		if (q) {
			// qualitative words count only next to other values (高高, 100%无), not inside names (高于)
			const afterValue = !buf && out.length > 0 && out[out.length - 1].kind !== 'text';
			const next = i + q[0].length;
			const beforeValue = next >= text.length || qualAt(next) !== null;
			if (afterValue || beforeValue) {
				flush();
				push('qual', q[0]);
				i = next;
				continue;
			}
		}
		buf += text[i];
		i++;
	}
	flush();
	return out;
}

interface Chunk {
	l1: string | null;
	/** the chunk's own first-level label (not inherited) */
	ownL1: boolean;
	/** a first-level label found at the end of the chunk, for the chunks after it */
	nextL1?: string;
	l2: string | null;
	/** the chunk was opened by a second-level label */
	byL2: boolean;
	atoms: Atom[];
}

function levelOf(text: string): { level: 1 | 2; name: string } | null {
	if (isLevel1(text)) return { level: 1, name: text };
	if (isLevel2(text)) return { level: 2, name: text };
	const k = labelKey(text).replace(/\d+/g, '');
	const a = LEVEL_ANAGRAMS.get(sorted(k));
	if (a && k.length === 4) return isLevel1(a) ? { level: 1, name: a } : { level: 2, name: a };
	return null;
}

export function soupIndicators(ctx: Ctx, region: number[], roles: IndicatorRole[], headerTexts: string[]): SoupRow[] {
	const mode = modeOf(roles, headerTexts);
	const chunks: Chunk[] = [];
	let cur: Chunk = { l1: null, ownL1: false, l2: null, byL2: false, atoms: [] };
	chunks.push(cur);
	for (const k of region) {
		const t = ctx.toks[k];
		if (!t.text) continue;
		if (indicatorRole(t.text) || indicatorGroup(t.text) || blockLabel(t.text) === 'indicatorBlock') continue;
		const lv = levelOf(t.text);
		if (lv) {
			const l1 = lv.level === 1 ? lv.name : cur.l1;
			const l2 = lv.level === 2 ? lv.name : null;
			cur = { l1, ownL1: lv.level === 1, l2, byL2: lv.level === 2, atoms: [] };
			chunks.push(cur);
			continue;
		}
		const atoms = lex(t.text, t.where);
		cur.atoms.push(...atoms);
	}
	const rows: SoupRow[] = [];
	let carried: string | null = null;
	for (const c of chunks) {
		if (c.ownL1) carried = null;
		else if (carried) c.l1 = carried;
		rows.push(...chunkRows(c, mode, roles));
		if (c.nextL1) carried = c.nextL1;
	}
	return rows;
}

function isNumber(a: Atom | undefined): boolean {
	return !!a && a.kind === 'num';
}

function chunkRows(c: Chunk, mode: Mode, roles: IndicatorRole[]): SoupRow[] {
	const atoms = c.atoms.slice();
	// a number right after a level label is that level's weight (管理指标30, 效果指标35)
	if (atoms.length && isNumber(atoms[0]) && (atoms.length === 1 || atoms[1].kind === 'text')) atoms.shift();
	if (atoms.length === 0) return [];
	const spaced = atoms.filter((a) => a.sep).length * 2 > atoms.length;
	const segments: Atom[][] = [];
	let seg: Atom[] = [];
	for (let i = 0; i < atoms.length; i++) {
		const a = atoms[i];
		seg.push(a);
		const next = atoms[i + 1];
		let end = false;
		if (mode === 'flag') {
			end = a.kind === 'qual' && /^(是|否)$/.test(a.text) && !a.sep && isNumber(atoms[i - 1]);
		} else if (mode === 'score') {
			if (spaced) {
				const prev = atoms[i - 1];
				end =
					isNumber(a) &&
					isNumber(prev) &&
					a.sep &&
					prev.sep &&
					Number(a.text) <= Number(prev.text) &&
					Number(prev.text) <= 100;
			} else {
				end =
					isNumber(a) &&
					seg.length > 1 &&
					(!next || (next.kind === 'text' && !next.sep && /^[\u4e00-\u9fff“"]/.test(next.text) && !UNIT_START.test(next.text)));
			}
		} else {
			// pair: a run of at least two values followed by a new name
			let run = 0;
			for (let j = i; j >= 0 && atoms[j].kind !== 'text'; j--) run++;
			end = run >= 2 && !!next && next.kind === 'text' && /^[\u4e00-\u9fff“"]/.test(next.text);
		}
		if (end) {
			segments.push(seg);
			seg = [];
		}
	}
	if (seg.length) segments.push(seg);

	const out: SoupRow[] = [];
	segments.forEach((s0, idx) => {
		let s = s0;
		// 任务2: / 指标2: starts a row: text before it explains the previous row
		const numbered = s[0]?.kind === 'text' ? /(任务|指标)\d+[:：]/.exec(s[0].text) : null;
		if (numbered && numbered.index > 0 && out.length) {
			const prev = out[out.length - 1];
			const lead = s[0].text.slice(0, numbered.index);
			prev.values.reason = prev.values.reason ? `${prev.values.reason}${lead}` : lead;
			s = [{ ...s[0], text: s[0].text.slice(numbered.index) }, ...s.slice(1)];
		}
		const hasValue = s.some((a) => a.kind !== 'text');
		const text = s.map((a) => a.text).join('');
		let l2 = c.l2;
		let body = s;
		if (!(idx === 0 && c.byL2)) {
			const m = LEVEL2_PREFIX.exec(text);
			if (m && s[0].kind === 'text' && s[0].text.startsWith(m[0])) {
				l2 = m[0];
				body = [{ ...s[0], text: s[0].text.slice(m[0].length) }, ...s.slice(1)].filter((a) => a.text !== '');
			}
		}
		// a level label scrambled by OCR, with its weight (出标产指25 = 产出指标 25分)
		const words = s.filter((a) => a.kind === 'text').map((a) => a.text).join('');
		const scrambled = levelOf(words);
		if (scrambled && s.filter((a) => a.kind !== 'text').length <= 1) {
			if (scrambled.level === 1) c.nextL1 = scrambled.name;
			return;
		}
		if (!hasValue) {
			// an explanation of the row before it, or a row cut off by the end of the text
			const prev = out[out.length - 1];
			if (prev && l2 === c.l2) prev.values.reason = prev.values.reason ? `${prev.values.reason}${text}` : text;
			else out.push(row(c, l2, body, mode, roles, true));
			return;
		}
		out.push(row(c, l2, body, mode, roles, false));
	});
	return out;
}

/** Glued 分值 and 得分 ('44', '126', '1010'): the cut where the score does not exceed the weight. */
function splitWeightScore(digits: string): [string, string] | null {
	for (let k = Math.ceil(digits.length / 2); k >= 1; k--) {
		const w = digits.slice(0, k);
		const s = digits.slice(k);
		if (!s || (s.length > 1 && s.startsWith('0')) || (w.length > 1 && w.startsWith('0'))) continue;
		if (Number(s) <= Number(w) && Number(w) <= 100) return [w, s];
	}
	for (let k = 1; k < digits.length; k++) {
		const w = digits.slice(0, k);
		const s = digits.slice(k);
		if ((s.length > 1 && s.startsWith('0')) || (w.length > 1 && w.startsWith('0'))) continue;
		if (Number(s) <= Number(w) && Number(w) <= 100) return [w, s];
	}
	return null;
}

function row(c: Chunk, l2: string | null, s: Atom[], mode: Mode, roles: IndicatorRole[], nameOnly: boolean): SoupRow {
	const values: Partial<Record<IndicatorRole, string>> = {};
	if (c.l1) values.l1 = c.l1;
	if (l2) values.l2 = l2;
	const where = s[0]?.where ?? '';
	// a number leading into words (5000吨稻谷、500吨成品粮…) is part of the name, not a value
	let firstValue = -1;
	for (let i = 0; i < s.length; i++) {
		if (s[i].kind === 'text') continue;
		const before = i === 0 ? '' : s[i - 1].kind === 'text' ? s[i - 1].text.slice(-1) : 'x';
		const after = s[i + 1];
		if ((i === 0 || /[、,，;；]/.test(before)) && after && after.kind === 'text') continue;
		firstValue = i;
		break;
	}
	const name = (firstValue < 0 ? s : s.slice(0, firstValue)).map((a) => a.text).join('');
	if (name) values.l3 = name;
	if (nameOnly || firstValue < 0) return { values, where, dropped: [], printed: { l1: false, l2: !!l2 } };
	let vals = s.slice(firstValue);
	let tail = '';
	// text after the values is the explanation (偏差原因)
	const lastValue = vals.map((a) => a.kind !== 'text').lastIndexOf(true);
	tail = vals.slice(lastValue + 1).map((a) => a.text).join('');
	vals = vals.slice(0, lastValue + 1);
	if (mode === 'flag' && vals.length && vals[vals.length - 1].kind === 'qual') vals = vals.slice(0, -1);
	const hasWeight = roles.includes('weight');
	const hasScore = roles.includes('score');
	if (mode !== 'pair' && vals.length && isNumber(vals[vals.length - 1])) {
		const last = vals.pop()!;
		const prev = vals[vals.length - 1];
		if (hasWeight && hasScore && isNumber(prev) && prev.sep && last.sep) {
			values.weight = prev.text;
			values.score = last.text;
			vals.pop();
		} else if (hasWeight && hasScore) {
			const ws = splitWeightScore(last.text);
			if (ws) [values.weight, values.score] = ws;
			else values.score = last.text;
		} else if (hasScore) values.score = last.text;
		else values.weight = last.text;
	}
	// what remains: target, actual (a trailing coefficient such as 100% in 得分系数 is not the actual)
	const texts = vals.filter((a) => a.kind !== 'text').map((a) => a.text);
	const coefficient = roles.some((r, i) => r === 'other' && i > roles.indexOf('actual') && i < roles.indexOf('weight'));
	if (coefficient && texts.length >= 3) texts.pop();
	if (texts.length) values.target = texts[0];
	if (texts.length > 1) values.actual = texts[texts.length - 1];
	if (tail) values.reason = tail;
	return { values, where, dropped: [], printed: { l1: false, l2: !!l2 } };
}
