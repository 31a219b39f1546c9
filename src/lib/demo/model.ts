/**
 * One generated form as numbers and texts, before it is laid out as a document: funds, indicators, totals,
 * the data-quality problems injected into it, and the problems it shows (injected or arising from its
 * numbers, such as a low execution rate), named by the domain's finding codes.
 *
 * Amounts are kept in integer hundredths of 万元 so that source rows add up to the total exactly.
 */
import type { FormKind, Indicator, RateFormula } from '../domain/form';
import type { FindingCode } from '../domain/findings';
import { computeRate, round } from '../domain/rates';
import { fundsScore, reference } from '../domain/scoring';
import { Rng } from './random';
import type { UnitProfile } from './units';
import {
	DONE_TAILS,
	GENERIC_INDICATORS,
	LEVEL1_OF,
	LEVEL2_ORDER,
	MEASURES,
	NEEDLESS_REASONS,
	PARTLY_TAILS,
	REASONS,
	SECTORS,
	type IndicatorTemplate,
	type Level1,
	type Level2,
	type Region
} from './vocabulary';

/** The problems the generator injects (each a finding code the domain raises for it). */
export const INJECTED_PROBLEMS = [
	'RATE_PRINTED_MISMATCH',
	'FUNDS_SCORE_MISMATCH',
	'TOTAL_SCORE_MISMATCH',
	'TOTAL_ROW_ZERO',
	'WEIGHTS_NOT_100',
	'BUDGET_CUT',
	'SCORE_ABOVE_WEIGHT',
	'SCORE_LOSS_NO_REASON',
	'REASON_WITH_FULL_MARKS',
	'SCORE_VS_REFERENCE',
	'ACTUAL_MATCHES_OTHER_TARGET',
	'INFLATED_SELF_SCORE',
	'MISSING_UNIT',
	'MISSING_YEAR',
	'MISSING_TOTALS'
] as const satisfies readonly FindingCode[];

export type InjectedProblem = (typeof INJECTED_PROBLEMS)[number];

/**
 * Every problem kind a generated form can show: the injected ones, and those its numbers give by
 * themselves (execution below the 90% line, above 100%) or that follow from an injected one (a wrong funds
 * score makes the total wrong too; a total row of 0 leaves only the printed rate to go on).
 */
export const PROBLEM_KINDS = [
	...INJECTED_PROBLEMS,
	'RATE_BELOW_ALERT',
	'RATE_ABOVE_100',
	'PRINTED_TOTAL_MISMATCH',
	'RATE_NOT_COMPUTABLE'
] as const satisfies readonly FindingCode[];

export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** Which problems cannot share a form: the funds ones each rewrite the same few cells. */
const GROUP: Record<InjectedProblem, 'funds' | 'total' | 'indicator' | 'header'> = {
	RATE_PRINTED_MISMATCH: 'funds',
	FUNDS_SCORE_MISMATCH: 'funds',
	TOTAL_ROW_ZERO: 'funds',
	BUDGET_CUT: 'funds',
	INFLATED_SELF_SCORE: 'funds',
	TOTAL_SCORE_MISMATCH: 'total',
	WEIGHTS_NOT_100: 'total',
	MISSING_TOTALS: 'total',
	SCORE_ABOVE_WEIGHT: 'indicator',
	SCORE_LOSS_NO_REASON: 'indicator',
	REASON_WITH_FULL_MARKS: 'indicator',
	SCORE_VS_REFERENCE: 'indicator',
	ACTUAL_MATCHES_OTHER_TARGET: 'indicator',
	MISSING_UNIT: 'header',
	MISSING_YEAR: 'header'
};

/** The execution-rate alert line and the inflated-score line the findings use (domain defaults). */
const ALERT_LINE = 0.9;
const INFLATED_SCORE = 95;

export interface FundLine {
	label: string;
	/** amounts in hundredths of 万元; initial null when the form has no 年初预算数 column */
	initial: number | null;
	budget: number;
	executed: number;
	/** null when the form has no C column */
	transfer: number | null;
	weightText: string;
	rateText: string;
	scoreText: string;
}

export interface Row {
	l1: Level1;
	l2: Level2;
	l3: string;
	/** 目标内容 (department layout only) */
	content: string;
	target: string;
	actual: string;
	weight: number;
	score: number;
	reason: string;
	measure: string;
	/** the 完成值 restates the target in words (a candidate for rows whose 完成值 got swapped) */
	textual: boolean;
	met: boolean;
	placeholder: boolean;
	template: IndicatorTemplate | null;
	/** the numbers behind a quantitative target, to rewrite it when a problem is injected */
	quant: { dir: 'ge' | 'le'; target: number; unit: string; percent: boolean } | null;
}

/** Layout choices that change the text but not the facts. */
export interface Style {
	title: string;
	/** 年度 line pattern with {y}, or null when the year is not printed */
	yearLine: string | null;
	/** amounts printed with two decimals (2083.00) rather than trimmed (2083) */
	fixed2: boolean;
	/** department layout: 三级指标 is 部门整体运转 on every row (as the seed) */
	wholeUnitLevel3: boolean;
	/** department layout: the C column header carries the seed's typo 移动支付 */
	transferTypo: boolean;
	/** source rows print their own execution rate (otherwise —) */
	sourceRates: boolean;
	/** department layout: total row after the source rows (as the seed) */
	totalAfterSources: boolean;
	/** project layout: the label column of the funds header says 资金来源 (otherwise blank) */
	labelHeader: boolean;
	/** index of the indicator row a page break falls before (0: none) */
	pageBreakAt: number;
	/** rows after the page break lack the leading block column (as the seed) */
	dropLeadAfterBreak: boolean;
	/** a long text cell of the row before the break continues on a line of its own after it */
	splitCellAtBreak: boolean;
	/** sign-off line under the table (单位负责人 / 填表人 / 联系电话), or null */
	signOff: string | null;
}

export interface FormModel {
	kind: FormKind;
	layout: 'department' | 'project';
	year: number;
	/** printed unit (implementer for projects), null when left blank */
	unit: string | null;
	supervisor: string | null;
	project: string | null;
	subunits: number;
	functions: string;
	planned: string;
	achieved: string;
	formula: RateFormula;
	hasInitial: boolean;
	hasTransfer: boolean;
	fundsWeight: number;
	total: FundLine;
	sources: FundLine[];
	rows: Row[];
	totalWeightPrinted: number;
	/** null: no 总分 row */
	totalScorePrinted: number | null;
	/** the rate the numbers give (per the printed formula) */
	rate: number;
	injected: InjectedProblem[];
	problems: ProblemKind[];
	style: Style;
}

export interface FormInput {
	rng: Rng;
	unit: UnitProfile;
	kind: FormKind;
	year: number;
	/** printed unit name this year */
	unitName: string;
	/** printed supervisor name (projects) */
	supervisorName: string;
	project: string | null;
	/** 万元 */
	budget: number;
	rate: number;
}

// ───────────────────────────── numbers and texts ─────────────────────────────

/**
 * Rounding for the generator's own numbers (targets, half-point scores). The domain's `round` is exact at
 * .5 boundaries but slow; it is kept for the rate and funds score, which the findings compare digit by digit.
 */
function quick(x: number, digits: number): number {
	const f = 10 ** digits;
	return Math.round(x * f) / f;
}

/** Hundredths of 万元 → the printed amount: 1967.2, or 1967.20 in fixed style. */
export function formatAmount(cents: number, fixed2: boolean): string {
	const text = (cents / 100).toFixed(2);
	return fixed2 ? text : text.replace(/\.?0+$/, '');
}

/** A score as forms print it: 9.44, 6, 7.5. */
export function formatScore(n: number): string {
	return String(quick(n, 2));
}

function percentText(pct: number): string {
	return `${round(pct, 2).toFixed(2)}%`;
}

/** A target or actual number without spurious precision: 1200, 96.5, 12.35. */
function numberText(n: number): string {
	return String(quick(n, 2));
}

/** Round counts the way targets are set: 1200, not 1187. */
function niceCount(n: number): number {
	if (n >= 10000) return Math.round(n / 1000) * 1000;
	if (n >= 1000) return Math.round(n / 100) * 100;
	if (n >= 100) return Math.round(n / 10) * 10;
	return Math.max(1, Math.round(n));
}

/** Numbers in goal texts, by scale: {n} a few, {N} hundreds, {M} tens of thousands, {r} a percentage (rate), {D} days. */
function fillNumbers(text: string, rng: Rng): string {
	return text.replace(/\{([nNMrD])\}/g, (_, k: string) => {
		switch (k) {
			case 'n':
				return String(rng.int(2, 30));
			case 'N':
				return String(niceCount(rng.int(50, 3000)));
			case 'M':
				return String(niceCount(rng.int(10000, 500000)));
			case 'r':
				return String(rng.int(90, 99));
			default:
				return String(rng.int(300, 360));
		}
	});
}

// ───────────────────────────── funds ─────────────────────────────

function splitShares(total: number, shares: number[]): number[] {
	const sum = shares.reduce((s, x) => s + x, 0);
	const parts = shares.map((s) => Math.floor((total * s) / sum));
	parts[0] += total - parts.reduce((s, x) => s + x, 0);
	return parts;
}

function rateOf(formula: RateFormula, a: number, b: number, c: number | null, a0: number | null): number | null {
	return computeRate(
		{
			source: '',
			initialBudget: a0 === null ? null : a0 / 100,
			budget: a / 100,
			executed: b / 100,
			transfer: c === null ? null : c / 100,
			weight: null,
			ratePrinted: null,
			scorePrinted: null
		},
		formula
	);
}

// ───────────────────────────── indicators ─────────────────────────────

const L2_WEIGHT: Partial<Record<Level2, number>> = { 数量指标: 3, 质量指标: 2, 时效指标: 1.5, 成本指标: 1 };

/**
 * Picks `count` templates without replacement, favouring some 二级指标 over others (weighted sampling by
 * keys u^(1/w), Efraimidis–Spirakis: one pass, no re-weighting after each pick).
 */
function pickTemplates(rng: Rng, pool: IndicatorTemplate[], count: number): IndicatorTemplate[] {
	return pool
		.map((tpl) => ({ tpl, key: rng.next() ** (1 / (L2_WEIGHT[tpl.l2] ?? 1)) }))
		.sort((a, b) => b.key - a.key)
		.slice(0, count)
		.map((x) => x.tpl);
}

/** Splits a level's weight over its rows in whole points. */
function splitWeight(rng: Rng, total: number, count: number): number[] {
	const base = Math.floor(total / count);
	const out = Array.from({ length: count }, () => base);
	let rest = total - base * count;
	for (const i of rng.shuffle(out.map((_, idx) => idx))) {
		if (rest <= 0) break;
		out[i]++;
		rest--;
	}
	return out;
}

function metText(tpl: IndicatorTemplate, rng: Rng): string {
	return `已${tpl.act}${rng.pick(DONE_TAILS)}`;
}

/** Fills a row's target, actual and score from its template: met (full marks) or missed (partial, with a reason). */
function fillRow(row: Row, tpl: IndicatorTemplate, met: boolean, rng: Rng, budgetWan: number, textActual: boolean): void {
	const w = row.weight;
	row.met = met;
	row.quant = null;
	row.textual = false;
	const spec = tpl.spec;
	let ratio = 1;
	switch (spec.k) {
		case 'count': {
			const target = niceCount(rng.int(spec.lo, spec.hi));
			const over = spec.unit === '天' ? 0 : Math.floor(rng.next() * rng.next() * target * 0.2);
			const actual = met ? target + over : Math.max(0, Math.floor(target * rng.float(0.6, 0.95)));
			row.target = `≥${target}${spec.unit}`;
			row.actual = `${actual}${spec.unit}`;
			row.quant = { dir: 'ge', target, unit: spec.unit, percent: false };
			ratio = actual / target;
			if (textActual) {
				// the seed's style: the 完成值 tells what was done, numbers inside a sentence
				row.actual = `已${tpl.act} ${actual} ${spec.unit}`;
				row.textual = true;
				row.quant = null;
			}
			break;
		}
		case 'pct': {
			const level = rng.pick(spec.levels);
			const actual = met ? (rng.chance(0.4) ? 100 : quick(rng.float(level, 100), 1)) : quick(level - rng.float(1, 8), 1);
			row.target = `≥${level}%`;
			row.actual = `${numberText(actual)}%`;
			row.quant = { dir: 'ge', target: level, unit: '%', percent: true };
			ratio = actual / level;
			break;
		}
		case 'pctLe': {
			const level = rng.pick(spec.levels);
			const actual = met ? quick(rng.float(0.1, level), 1) : quick(level + rng.float(0.5, 3), 1);
			row.target = `≤${level}%`;
			row.actual = `${numberText(actual)}%`;
			row.quant = { dir: 'le', target: level, unit: '%', percent: true };
			ratio = level / actual;
			break;
		}
		case 'exact': {
			row.target = '100%';
			row.actual = met ? '100%' : `${numberText(quick(rng.float(92, 99.5), 1))}%`;
			ratio = met ? 1 : 0.9;
			break;
		}
		case 'cost': {
			const cap = Math.max(0.5, quick(budgetWan * rng.float(spec.lo, spec.hi), 2));
			const actual = quick(met ? cap * rng.float(0.7, 1) : cap * rng.float(1.02, 1.2), 2);
			row.target = `≤${numberText(cap)}万元`;
			row.actual = `${numberText(actual)}万元`;
			row.quant = { dir: 'le', target: cap, unit: '万元', percent: false };
			ratio = cap / actual;
			break;
		}
		case 'qual': {
			row.target = rng.pick(spec.targets);
			row.actual = met ? metText(tpl, rng) : `${tpl.act}${rng.pick(PARTLY_TAILS)}`;
			row.textual = met;
			ratio = met ? 1 : rng.float(0.5, 0.8);
			break;
		}
	}
	if (met) {
		row.score = w;
		row.reason = '';
		row.measure = '';
	} else {
		// the unit's own partial score: about in proportion, in half points, never the full weight
		row.score = Math.max(0, Math.min(w - 0.5, Math.round(w * Math.min(ratio, 0.98) * 2) / 2));
		row.reason = rng.pick(REASONS);
		row.measure = rng.chance(0.7) ? rng.pick(MEASURES) : '';
	}
}

function buildRows(input: FormInput, layout: 'department' | 'project', fundsWeight: number, style: Style, allMet: boolean): Row[] {
	const { rng } = input;
	const n = Math.min(25, Math.max(8, Math.round(13 + 4 * rng.normal())));
	const satisfaction = n >= 14 && rng.chance(0.3) ? 2 : 1;
	const benefit = Math.min(7, Math.max(2, Math.round(n * 0.28)));
	const output = n - satisfaction - benefit;

	const pool = [...SECTORS[input.unit.sector].indicators, ...GENERIC_INDICATORS];
	const chosen = [
		...pickTemplates(rng, pool.filter((t) => LEVEL1_OF[t.l2] === '产出指标'), output),
		...pickTemplates(rng, pool.filter((t) => LEVEL1_OF[t.l2] === '效益指标'), benefit),
		...pickTemplates(rng, pool.filter((t) => LEVEL1_OF[t.l2] === '满意度指标'), satisfaction)
	].sort((a, b) => LEVEL2_ORDER.indexOf(a.l2) - LEVEL2_ORDER.indexOf(b.l2));

	// MoF split 产出 50 / 效益 30 / 满意度 10; Hubei 40 / 30 / 10 beside funds 20; some units 40 / 40 / 10
	const levelWeights: Record<Level1, number> =
		fundsWeight === 20
			? { 产出指标: 40, 效益指标: 30, 满意度指标: 10 }
			: layout === 'department' && rng.chance(0.2)
				? { 产出指标: 40, 效益指标: 40, 满意度指标: 10 }
				: { 产出指标: 50, 效益指标: 30, 满意度指标: 10 };

	const rows: Row[] = chosen.map((tpl) => ({
		l1: LEVEL1_OF[tpl.l2],
		l2: tpl.l2,
		l3: '',
		content: '',
		target: '',
		actual: '',
		weight: 0,
		score: 0,
		reason: '',
		measure: '',
		textual: false,
		met: true,
		placeholder: false,
		template: tpl,
		quant: null
	}));
	for (const l1 of ['产出指标', '效益指标', '满意度指标'] as const) {
		const mine = rows.filter((r) => r.l1 === l1);
		const weights = splitWeight(rng, levelWeights[l1], mine.length);
		mine.forEach((r, i) => (r.weight = weights[i]));
	}

	// units that spend late also tend to miss their targets
	const missChance = allMet ? 0 : 0.05 + (input.rate < 0.9 ? 0.12 : 0) + (input.rate < 0.75 ? 0.15 : 0);
	for (const row of rows) {
		const tpl = row.template as IndicatorTemplate;
		const textActual = layout === 'department' && tpl.spec.k === 'count' && rng.chance(0.3);
		fillRow(row, tpl, !rng.chance(missChance), rng, input.budget, textActual);
		if (layout === 'department') {
			row.l3 = style.wholeUnitLevel3 ? '部门整体运转' : tpl.name;
			row.content = tpl.act;
		} else {
			// project forms name the indicator; a word target is named by what is to be done
			row.l3 = tpl.spec.k === 'qual' ? tpl.act : tpl.name;
		}
	}

	// the seed keeps empty template rows (分值 0, 得分 0) for the 二级指标 it does not use
	if (layout === 'department' && rng.chance(0.25)) {
		for (const l2 of ['成本指标', '经济效益指标', '生态效益指标'] as const) {
			if (rows.some((r) => r.l2 === l2)) continue;
			const at = rows.findIndex((r) => LEVEL2_ORDER.indexOf(r.l2) > LEVEL2_ORDER.indexOf(l2));
			const blank: Row = {
				l1: LEVEL1_OF[l2],
				l2,
				l3: '',
				content: '',
				target: '',
				actual: '',
				weight: 0,
				score: 0,
				reason: '',
				measure: '',
				textual: false,
				met: true,
				placeholder: true,
				template: null,
				quant: null
			};
			rows.splice(at < 0 ? rows.length : at, 0, blank);
		}
	}
	return rows;
}

// ───────────────────────────── injections ─────────────────────────────

function chooseInjections(rng: Rng): InjectedProblem[] {
	const u = rng.next();
	if (u >= 0.15) return [];
	const first = rng.pick(INJECTED_PROBLEMS);
	if (u >= 0.025) return [first];
	const others = INJECTED_PROBLEMS.filter((p) => GROUP[p] !== GROUP[first]);
	return [first, rng.pick(others)];
}

function live(rows: Row[]): Row[] {
	return rows.filter((r) => !r.placeholder);
}

function injectIndicator(
	problem: InjectedProblem,
	rows: Row[],
	rng: Rng,
	budgetWan: number,
	layout: 'department' | 'project'
): void {
	const real = live(rows);
	switch (problem) {
		case 'SCORE_ABOVE_WEIGHT': {
			const row = rng.pick(real.filter((r) => r.met));
			if (row) row.score = row.weight + rng.pick([0.5, 1, 2]);
			else real[0].score = real[0].weight + 1;
			return;
		}
		case 'SCORE_LOSS_NO_REASON': {
			let row = rng.pick(real.filter((r) => !r.met));
			if (!row) {
				row = rng.pick(real.filter((r) => r.weight >= 1));
				fillRow(row, row.template as IndicatorTemplate, false, rng, budgetWan, false);
			}
			row.reason = '';
			row.measure = '';
			return;
		}
		case 'REASON_WITH_FULL_MARKS': {
			const row = rng.pick(real.filter((r) => r.met)) ?? real[0];
			row.score = row.weight;
			row.reason = rng.pick(NEEDLESS_REASONS);
			return;
		}
		case 'SCORE_VS_REFERENCE': {
			// a quantitative target visibly missed, yet full marks and no word about it
			const row = rng.pick(real.filter((r) => r.met && r.quant)) ?? real[real.length - 1];
			if (!row.quant) fillRow(row, row.template as IndicatorTemplate, true, rng, budgetWan, false);
			const q = row.quant;
			if (!q) throw new Error('no quantitative row to miss');
			const missed = q.dir === 'ge' ? q.target * rng.float(0.7, 0.95) : q.target * rng.float(1.05, 1.3);
			const value = q.percent ? quick(missed, 1) : q.unit === '万元' ? quick(missed, 2) : Math.floor(missed);
			row.actual = `${numberText(value)}${q.unit}`;
			row.met = false;
			row.score = row.weight;
			row.reason = '';
			row.measure = '';
			return;
		}
		case 'ACTUAL_MATCHES_OTHER_TARGET': {
			// 完成值 texts shifted by one row, the last taking the first's (the seed's 数量指标)
			const candidates = real.filter((r) => r.met && r.template);
			const byGroup = new Map<Level2, Row[]>();
			for (const r of candidates) byGroup.set(r.l2, [...(byGroup.get(r.l2) ?? []), r]);
			let picked = [...byGroup.values()].find((g) => g.length >= 2 && rng.chance(0.7))?.slice(0, 3);
			if (!picked) picked = rng.sample(candidates.length >= 2 ? candidates : real, rng.int(2, 3));
			for (const r of picked) {
				const tpl = r.template as IndicatorTemplate;
				if (layout === 'project' && tpl.spec.k !== 'qual') {
					// a project row is named by its 三级指标 alone: reworded as a word target, its 完成值 can echo it
					r.l3 = tpl.act;
					r.target = rng.pick(['按计划完成', '全面完成']);
				}
				if (!r.textual || !r.met) {
					r.actual = metText(tpl, rng);
					r.textual = true;
					r.quant = null;
					r.met = true;
					r.score = r.weight;
					r.reason = '';
					r.measure = '';
				}
			}
			const actuals = picked.map((r) => r.actual);
			picked.forEach((r, i) => (r.actual = actuals[(i + 1) % actuals.length]));
			return;
		}
		case 'WEIGHTS_NOT_100': {
			const row = rng.pick(real.filter((r) => r.weight >= 4 && r.score === r.weight)) ?? rng.pick(real.filter((r) => r.weight >= 4)) ?? real[0];
			const delta = rng.pick([-3, -2, -1, 1, 2, 3, 5]);
			const before = row.weight;
			row.weight = before + delta;
			// the score moves with the weight: full marks stay full, a partial score keeps its share
			row.score =
				row.score === before ? row.weight : Math.min(row.weight - 0.5, Math.round((row.score * row.weight * 2) / before) / 2);
			return;
		}
		default:
			return;
	}
}

// ───────────────────────────── the form ─────────────────────────────

function pickStyle(rng: Rng, layout: 'department' | 'project', rowCount: number): Style {
	const pageBreakAt = rng.chance(0.3) ? rng.int(2, Math.max(2, rowCount - 2)) : 0;
	return {
		title:
			layout === 'department'
				? rng.pick(['部门整体自评表', '部门整体支出绩效自评表', '部门整体支出绩效自评表'])
				: '项目支出绩效自评表',
		yearLine: rng.pick(layout === 'department' ? ['({y} 年)', '（{y}年度）', '({y}年度)'] : ['（{y}年度）', '({y}年度)']),
		fixed2: rng.chance(0.3),
		wholeUnitLevel3: rng.chance(0.2),
		transferTypo: rng.chance(0.1),
		sourceRates: rng.chance(0.5),
		totalAfterSources: rng.chance(0.7),
		labelHeader: rng.chance(0.5),
		pageBreakAt,
		dropLeadAfterBreak: pageBreakAt > 0 && rng.chance(0.5),
		splitCellAtBreak: pageBreakAt > 0 && rng.chance(0.4),
		signOff: rng.chance(0.3) ? signOff(rng) : null
	};
}

const SURNAMES = '王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗'.split('');
const GIVEN = ['敏', '伟', '芳', '军', '丽', '强', '静', '磊', '燕', '勇', '娟', '涛', '红', '斌', '霞'];

function signOff(rng: Rng): string {
	const person = () => rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.5) ? rng.pick(GIVEN) : '');
	const phone = `0${rng.int(700, 999)}-${rng.int(2, 8)}${String(rng.int(0, 9999999)).padStart(7, '0')}`;
	return `单位负责人：${person()}\t\t\t填表人：${person()}\t\t\t联系电话：${phone}`;
}

const DEPT_SOURCES = ['财政拨款', '上年结转资金', '其他资金'];
const PROJECT_FIRST_SOURCE = ['其中：财政拨款', '其中:当年财政拨款', '其中：本年财政拨款'];

export function buildForm(input: FormInput): FormModel {
	const { rng, kind } = input;
	const layout = kind === 'department' ? 'department' : 'project';
	const region: Region = input.unit.region;
	const injected = chooseInjections(rng);
	const has = (p: InjectedProblem) => injected.includes(p);

	const formula: RateFormula = layout === 'department' && region === 'changsha' ? '(B-C)/A' : 'B/A';
	const fundsWeight = region === 'hubei' ? 20 : 10;
	const hasTransfer = formula === '(B-C)/A';

	// ── amounts
	let rate = input.rate;
	if (has('INFLATED_SELF_SCORE')) rate = fundsWeight === 20 ? rng.float(0.78, 0.88) : rng.float(0.6, 0.88);
	const budget = Math.max(50, Math.round(input.budget * 100));
	let initial: number | null = null;
	if (has('BUDGET_CUT')) {
		initial = Math.round(budget / rng.float(0.3, 0.75));
		if (rng.chance(0.7)) rate = 1;
	} else if (layout === 'project') {
		const u = rng.next();
		// the MoF template always has the column: mostly unchanged, sometimes raised, sometimes trimmed a little
		initial = u < 0.7 ? budget : u < 0.9 ? Math.round(budget / rng.float(1.02, 1.3)) : Math.round(budget * rng.float(1, 1.2));
	}
	const hasInitial = initial !== null;
	const transfer = hasTransfer ? (rng.chance(0.3) ? Math.round(budget * rng.float(0.02, 0.15)) : 0) : null;
	const spent = Math.round(budget * rate);
	const executed = spent + (transfer ?? 0);
	const trueRate = rateOf(formula, budget, executed, transfer, initial) as number;

	// ── source rows, split in the same proportions
	const labels =
		layout === 'department'
			? ['财政拨款', ...(rng.chance(0.35) ? ['上年结转资金'] : []), ...(rng.chance(0.2) ? ['其他资金'] : [])]
			: [rng.pick(PROJECT_FIRST_SOURCE), '上年结转资金', '其他资金'];
	const shares = labels.map((l, i) =>
		i === 0 ? 1 : layout === 'department' || rng.chance(0.3) ? (l === '其他资金' ? rng.float(0.02, 0.1) : rng.float(0.05, 0.25)) : 0
	);
	const budgets = splitShares(budget, shares);
	const spents = splitShares(spent, shares);
	const initials = initial === null ? null : splitShares(initial, shares);
	const style = pickStyle(rng, layout, 12);

	const sources: FundLine[] = labels.map((label, i) => {
		const c = transfer === null ? null : i === 0 ? transfer : 0;
		const b = spents[i] + (c ?? 0);
		const a0 = initials ? initials[i] : null;
		const r = budgets[i] > 0 ? rateOf(formula, budgets[i], b, c, a0) : null;
		return {
			label,
			initial: a0,
			budget: budgets[i],
			executed: b,
			transfer: c,
			weightText: '—',
			rateText: r !== null && style.sourceRates ? percentText(r * 100) : '—',
			scoreText: '—'
		};
	});

	// ── printed rate and funds score of the total row
	let printedPct = round(trueRate * 100, 2);
	if (has('RATE_PRINTED_MISMATCH')) {
		const whole = Math.floor(round(trueRate * 100, 2));
		if (whole !== printedPct && rng.chance(0.6)) printedPct = whole;
		else if (transfer && transfer > 0) printedPct = round((executed / budget) * 100, 2);
		else printedPct = Math.max(0, round(printedPct + rng.pick([-3, -2, -1.5, 1, 2]), 2));
		if (printedPct === round(trueRate * 100, 2)) printedPct = round(printedPct - 1, 2);
	}
	const totalZero = has('TOTAL_ROW_ZERO');
	// with the total's amounts printed as 0 only the printed rate is left to score on
	const effectiveRate = totalZero ? printedPct / 100 : trueRate;
	const fundsDue = fundsScore(fundsWeight, effectiveRate) as number;
	let fundsPrinted = fundsDue;
	if (has('FUNDS_SCORE_MISMATCH')) {
		const byWhole = fundsScore(fundsWeight, Math.floor(trueRate * 100) / 100) as number;
		if (fundsDue < fundsWeight - 0.005 && rng.chance(0.5)) fundsPrinted = fundsWeight;
		else if (byWhole !== fundsDue && rng.chance(0.5)) fundsPrinted = byWhole;
		else fundsPrinted = Math.max(0, round(fundsDue - rng.pick([0.5, 1, 1.5, 2]), 2));
		if (fundsPrinted === fundsDue) fundsPrinted = round(Math.max(0, fundsDue - 1), 2);
		if (fundsPrinted === fundsDue) fundsPrinted = round(fundsDue + 0.5, 2);
	}
	if (layout === 'department' && sources.length === 1 && !totalZero) {
		// a lone source repeats the total, printed rate included (the seed's 财政拨款)
		sources[0].rateText = percentText(printedPct);
	}
	const total: FundLine = {
		label: '年度资金总额',
		initial: totalZero && initial !== null ? 0 : initial,
		budget: totalZero ? 0 : budget,
		executed: totalZero ? 0 : executed,
		transfer: totalZero && transfer !== null ? 0 : transfer,
		weightText: String(fundsWeight),
		rateText: percentText(printedPct),
		scoreText: formatScore(fundsPrinted)
	};

	// ── indicators
	const rows = buildRows({ ...input, rate }, layout, fundsWeight, style, has('INFLATED_SELF_SCORE'));
	style.pageBreakAt = style.pageBreakAt > 0 ? Math.min(style.pageBreakAt, rows.length - 1) : 0;
	for (const p of injected) if (GROUP[p] === 'indicator' || p === 'WEIGHTS_NOT_100') injectIndicator(p, rows, rng, input.budget, layout);

	const indicatorSum = round(
		rows.reduce((s, r) => s + r.score, 0),
		2
	);
	let totalScorePrinted: number | null = round(fundsPrinted + indicatorSum, 2);
	if (has('TOTAL_SCORE_MISMATCH')) {
		let slip = rng.pick([1, -1, 2, -2, 0.5, -0.5, 3]);
		if (totalScorePrinted + slip > 100 || totalScorePrinted + slip < 0) slip = -slip;
		totalScorePrinted = round(totalScorePrinted + slip, 2);
	}
	if (has('MISSING_TOTALS')) {
		totalScorePrinted = null;
		// the table still ends where it should; only its 总分 row is missing
		style.signOff ??= signOff(rng);
	}

	if (has('MISSING_YEAR')) style.yearLine = null;
	const yearly = style.yearLine !== null;
	const sector = SECTORS[input.unit.sector];
	const goals = rng.sample(sector.goals, rng.int(2, 4));
	const numbered = (items: string[], sep: string) => items.map((g, i) => `${i + 1}、${fillNumbers(g, rng)}`).join(sep);
	const achievedLead = yearly && rng.chance(0.5) ? `${input.year}年，` : '';

	const model: FormModel = {
		kind,
		layout,
		year: input.year,
		unit: has('MISSING_UNIT') ? null : input.unitName,
		supervisor: layout === 'project' ? input.supervisorName : null,
		project: input.project && yearly && rng.chance(0.15) ? `${input.year}年${input.project}` : input.project,
		subunits: input.unit.subunits,
		functions: sector.functions,
		planned: numbered(
			goals.map((g) => g[0]),
			'；'
		),
		achieved: achievedLead + numbered(goals.map((g) => g[1]), '。') + '。',
		formula,
		hasInitial,
		hasTransfer,
		fundsWeight,
		total,
		sources,
		rows,
		totalWeightPrinted: 100,
		totalScorePrinted,
		rate: round(trueRate, 4),
		injected,
		problems: [],
		style
	};
	model.problems = deriveProblems(model, { trueRate, printedPct, effectiveRate, fundsDue, fundsPrinted, indicatorSum, totalZero });
	return model;
}

/**
 * The problems the form shows, by the rules of domain.md §6 at the default settings (B/A unless printed,
 * alert line 90%): the injected ones, and those its numbers give. Kept apart from the domain's own checks
 * on purpose, so that a test comparing the two catches a slip on either side.
 */
function deriveProblems(
	m: FormModel,
	f: {
		trueRate: number;
		printedPct: number;
		effectiveRate: number;
		fundsDue: number;
		fundsPrinted: number;
		indicatorSum: number;
		totalZero: boolean;
	}
): ProblemKind[] {
	const out = new Set<ProblemKind>();
	const rate4 = round(f.effectiveRate, 4);
	if (m.unit === null) out.add('MISSING_UNIT');
	if (m.style.yearLine === null) out.add('MISSING_YEAR');
	if (f.totalZero) {
		out.add('TOTAL_ROW_ZERO');
		out.add('RATE_NOT_COMPUTABLE');
	} else if (round(f.printedPct, 2) !== round(f.trueRate * 100, 2)) {
		out.add('RATE_PRINTED_MISMATCH');
	}
	if (round(f.fundsPrinted, 2) !== round(f.fundsDue, 2)) out.add('FUNDS_SCORE_MISMATCH');
	if (f.fundsPrinted > m.fundsWeight) out.add('SCORE_ABOVE_WEIGHT');
	if (rate4 < ALERT_LINE) out.add('RATE_BELOW_ALERT');
	if (rate4 > 1) out.add('RATE_ABOVE_100');
	if (m.total.initial !== null && m.total.initial > 0 && m.total.budget < m.total.initial * 0.8) out.add('BUDGET_CUT');

	const weights = round(m.fundsWeight + m.rows.reduce((s, r) => s + r.weight, 0), 2);
	if (weights !== 100 || m.totalWeightPrinted !== 100) out.add('WEIGHTS_NOT_100');
	if (m.totalScorePrinted === null) out.add('MISSING_TOTALS');
	else {
		if (round(m.totalScorePrinted, 2) !== round(f.fundsDue + f.indicatorSum, 2)) out.add('TOTAL_SCORE_MISMATCH');
		if (round(m.totalScorePrinted, 2) !== round(f.fundsPrinted + f.indicatorSum, 2)) out.add('PRINTED_TOTAL_MISMATCH');
	}
	const self = m.totalScorePrinted ?? round(f.fundsDue + f.indicatorSum, 2);
	if (self >= INFLATED_SCORE && rate4 < ALERT_LINE) out.add('INFLATED_SELF_SCORE');

	for (const r of live(m.rows)) {
		if (r.score > r.weight) out.add('SCORE_ABOVE_WEIGHT');
		const explained = r.reason !== '' || r.measure !== '';
		if (r.weight > 0 && r.score < r.weight && !explained) out.add('SCORE_LOSS_NO_REASON');
		if (r.weight > 0 && r.score === r.weight && r.reason !== '') out.add('REASON_WITH_FULL_MARKS');
		const ref = reference(asIndicator(r));
		if (ref && ref.met !== (r.score >= r.weight)) out.add('SCORE_VS_REFERENCE');
	}
	if (m.injected.includes('ACTUAL_MATCHES_OTHER_TARGET')) out.add('ACTUAL_MATCHES_OTHER_TARGET');
	return [...out].sort();
}

export function asIndicator(r: Row): Indicator {
	return {
		level1: r.l1,
		level2: r.l2,
		level3: r.l3 || null,
		content: r.content || null,
		targetValue: r.target || null,
		actualValue: r.actual || null,
		weight: r.weight,
		score: r.score,
		reason: r.reason || null,
		measure: r.measure || null
	};
}
