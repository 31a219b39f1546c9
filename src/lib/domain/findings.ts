/**
 * The checks a careful reviewer makes (domain.md §6), each raised as a finding with a stable code, a
 * severity and a Chinese sentence that names the place and the numbers. Nothing here changes a value.
 */
import type { Computed, Finding, FundRow, Indicator, RateFormula, ReadForm, Settings, Severity } from './form';
import { formatMoney, formatRate, formatScore } from './format';
import { computeRate, pickFundsRow, printedRateDecimals, round } from './rates';
import { fundsScore, indicatorScoreSum, indicatorWeightSum, parseQuantity, reference } from './scoring';

/**
 * Every code the domain raises. Severity: 'error' when the printed numbers are wrong, 'warning' for
 * something an analyst should look at, 'info' for context. Labels are short, for filters.
 */
export const FINDING_CODES = {
	RATE_PRINTED_MISMATCH: { severity: 'error', label: '执行率与金额不符' },
	RATE_NOT_COMPUTABLE: { severity: 'info', label: '执行率无法重算' },
	FUNDS_SCORE_MISMATCH: { severity: 'error', label: '资金得分不符' },
	TOTAL_SCORE_MISMATCH: { severity: 'error', label: '总分与重算不符' },
	PRINTED_TOTAL_MISMATCH: { severity: 'error', label: '总分与分项之和不符' },
	GRADE_PRINTED_MISMATCH: { severity: 'error', label: '等级与总分不符' },
	TOTAL_ROW_ZERO: { severity: 'error', label: '资金合计为零' },
	TOTAL_ROW_SUM: { severity: 'warning', label: '资金来源合计不符' },
	WEIGHTS_NOT_100: { severity: 'warning', label: '分值合计不为100' },
	RATE_BELOW_ALERT: { severity: 'warning', label: '执行率低于预警线' },
	RATE_ABOVE_100: { severity: 'warning', label: '执行率超过100%' },
	TRANSFER_EXCEEDS_EXECUTED: { severity: 'warning', label: '转移支付不小于执行数' },
	BUDGET_CUT: { severity: 'warning', label: '年中调减预算' },
	SCORE_ABOVE_WEIGHT: { severity: 'error', label: '得分超过分值' },
	SCORE_LOSS_NO_REASON: { severity: 'warning', label: '扣分未说明原因' },
	REASON_WITH_FULL_MARKS: { severity: 'info', label: '满分却填写原因' },
	SCORE_VS_REFERENCE: { severity: 'warning', label: '得分与完成情况不符' },
	ACTUAL_MATCHES_OTHER_TARGET: { severity: 'warning', label: '完成值疑似错行' },
	INFLATED_SELF_SCORE: { severity: 'warning', label: '自评分偏高' },
	MISSING_UNIT: { severity: 'warning', label: '缺单位名称' },
	MISSING_YEAR: { severity: 'warning', label: '缺年度' },
	MISSING_TOTALS: { severity: 'warning', label: '缺合计或总分' },
	NO_SCORES: { severity: 'info', label: '未评分' }
} as const satisfies Record<string, { severity: Severity; label: string }>;

export type FindingCode = keyof typeof FINDING_CODES;

/** 全年预算数 below this share of 年初预算数 counts as a mid-year cut. */
export const BUDGET_CUT_RATIO = 0.8;
/** A self-evaluated total at or above this, with a rate under the alert line, looks inflated. */
export const INFLATED_SCORE = 95;
/** Bigram similarity a 完成值 must reach with another row's target, and its lead over its own target. */
export const MATCH_MIN = 0.3;
export const MATCH_MARGIN = 0.15;

function finding(code: FindingCode, message: string, where: string | null): Finding {
	return { code, severity: FINDING_CODES[code].severity, message, where };
}

const EPS = 1e-9;

function num(n: number | null | undefined): n is number {
	return typeof n === 'number' && Number.isFinite(n);
}

/** Cell texts that say nothing: blank, slashes, dashes, 无. */
const NOTHING = /^(?:无|没有|无偏差|无差异|不适用|未发生|已完成|完成|\/+|—+|-+|－+|…+|\.+)$/;

/** True when a reason/measure cell holds an actual explanation. */
export function meaningful(text: string | null | undefined): boolean {
	if (!text) return false;
	const t = text.replace(/[\s。.，,；;]+$/g, '').trim();
	return t !== '' && !NOTHING.test(t);
}

function blankText(text: string | null | undefined): boolean {
	if (!text) return true;
	const t = text.replace(/[\s/…．.、:：—\-－·|]+/g, '');
	return t === '' || /^指标\d*$/.test(t);
}

/**
 * An empty template row (成本指标 with 0/0 and no texts in the seed; "指标2:" / "……" elsewhere): it carries
 * no weight, no score and no text, so no check applies to it.
 */
export function isPlaceholder(ind: Indicator): boolean {
	return (
		(!num(ind.weight) || ind.weight === 0) &&
		(!num(ind.score) || ind.score === 0) &&
		blankText(ind.level3) &&
		blankText(ind.content) &&
		blankText(ind.targetValue) &&
		blankText(ind.actualValue)
	);
}

/**
 * Whether a printed score disagrees with a recomputed one, at 2 decimals. A score printed as 9.4 where 9.44
 * is due disagrees: forms print scores to 2 decimals, and 9.4 is what the wrong rate 94% gives.
 */
function scoresDiffer(printed: number, computed: number): boolean {
	return round(printed, 2) !== round(computed, 2);
}

/** Decimals a number shows (0.9444 → 4), looking no further than 6. */
function decimalsOf(n: number): number {
	for (let d = 0; d < 6; d++) if (round(n, d) === round(n, 6)) return d;
	return 6;
}

function fundsWhere(row: FundRow): string {
	return `资金情况/${row.source || '（未命名行）'}`;
}

function clip(text: string, max = 40): string {
	const chars = Array.from(text.trim());
	return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
}

// ───────────────────────────── funds ─────────────────────────────

/** Same amounts and same printed rate: a source row that only repeats the total (the seed's 财政拨款). */
function repeatsTotal(row: FundRow, total: FundRow): boolean {
	return (
		row.budget === total.budget &&
		row.executed === total.executed &&
		(row.transfer ?? 0) === (total.transfer ?? 0) &&
		row.initialBudget === total.initialBudget &&
		row.ratePrinted === total.ratePrinted
	);
}

function checkFundRates(read: ReadForm, computed: Computed, out: Finding[]): void {
	const formula = computed.rateFormula;
	const judged = pickFundsRow(read);
	const total = read.funds.total;
	const rows = [...(total ? [total] : []), ...read.funds.rows];
	for (const row of rows) {
		if (!num(row.ratePrinted)) continue;
		if (total && row !== total && repeatsTotal(row, total)) continue;
		const rate = computeRate(row, formula);
		if (rate === null || !Number.isFinite(rate)) continue;
		const decimals = printedRateDecimals(row.ratePrintedText) ?? Math.max(2, decimalsOf(row.ratePrinted * 100));
		if (round(rate * 100, decimals) === round(row.ratePrinted * 100, decimals)) continue;
		const printedText = row.ratePrintedText?.trim() || formatRate(row.ratePrinted);
		const amounts =
			formula === '(B-C)/A'
				? `(${formatMoney(row.executed)} − ${formatMoney(row.transfer ?? 0)}) / ${formatMoney(row.budget)}`
				: formula === 'B/A0'
					? `${formatMoney(row.executed)} / ${formatMoney(row.initialBudget)}`
					: `${formatMoney(row.executed)} / ${formatMoney(row.budget)}`;
		let message = `「${row.source}」所印执行率 ${printedText} 与金额不符：按 ${formula} 计算，${amounts} = ${formatRate(rate)}。`;
		if (row === total) {
			const same = read.funds.rows.filter((r) => num(r.ratePrinted) && repeatsTotal(r, row));
			if (same.length > 0) message += `「${same.map((r) => r.source).join('、')}」行的金额和所印执行率与之相同。`;
		}
		if (row === judged && num(row.weight) && num(row.scorePrinted)) {
			const byComputed = fundsScore(row.weight, rate);
			const byPrinted = fundsScore(row.weight, row.ratePrinted);
			if (byComputed !== null && byPrinted !== null && byComputed !== byPrinted) {
				if (!scoresDiffer(row.scorePrinted, byComputed))
					message += `所印得分 ${formatScore(row.scorePrinted)} 是按重算的执行率计算的（按所印执行率应为 ${formatScore(byPrinted)}），所印执行率可能有误。`;
				else if (!scoresDiffer(row.scorePrinted, byPrinted))
					message += `所印得分 ${formatScore(row.scorePrinted)} 按所印执行率计算，按重算执行率应为 ${formatScore(byComputed)}。`;
			}
		}
		out.push(finding('RATE_PRINTED_MISMATCH', message, fundsWhere(row)));
	}
}

function missingAmounts(row: FundRow, formula: RateFormula): string {
	const parts: string[] = [];
	if (!num(row.executed)) parts.push('全年执行数');
	if (formula === 'B/A0') {
		if (!num(row.initialBudget)) parts.push('年初预算数');
		else if (row.initialBudget === 0) parts.push('年初预算数（为 0）');
	} else if (!num(row.budget)) parts.push('全年预算数');
	else if (row.budget === 0) parts.push('全年预算数（为 0）');
	return parts.join('、') || '金额';
}

function checkFundsScore(read: ReadForm, computed: Computed, out: Finding[]): void {
	const row = pickFundsRow(read);
	if (!row) return;
	const where = fundsWhere(row);
	if (computed.rateSource === 'printed') {
		out.push(
			finding(
				'RATE_NOT_COMPUTABLE',
				`「${row.source}」缺少${missingAmounts(row, computed.rateFormula)}，无法按 ${computed.rateFormula} 重算执行率；资金得分按所印执行率 ${formatRate(row.ratePrinted)} 计算。`,
				where
			)
		);
	} else if (computed.rateSource === null && (num(row.weight) || num(row.scorePrinted))) {
		out.push(
			finding(
				'RATE_NOT_COMPUTABLE',
				`「${row.source}」缺少${missingAmounts(row, computed.rateFormula)}且未印执行率，无法计算执行率和资金得分。`,
				where
			)
		);
	}
	if (num(row.scorePrinted) && num(row.weight) && row.scorePrinted > row.weight + EPS) {
		out.push(
			finding(
				'SCORE_ABOVE_WEIGHT',
				`资金得分 ${formatScore(row.scorePrinted)} 超过其分值 ${formatScore(row.weight)}。`,
				where
			)
		);
	}
	if (num(row.scorePrinted) && computed.fundsScore !== null && scoresDiffer(row.scorePrinted, computed.fundsScore)) {
		const rateText = computed.rate === null ? '—' : formatRate(computed.rate);
		out.push(
			finding(
				'FUNDS_SCORE_MISMATCH',
				`所印资金得分 ${formatScore(row.scorePrinted)} 与重算的 ${formatScore(computed.fundsScore)} 不符（分值 ${formatScore(row.weight)} × 执行率 ${rateText}，执行率超过 100% 按 100% 计）。`,
				where
			)
		);
	}
}

function checkRateLevel(read: ReadForm, computed: Computed, settings: Settings, out: Finding[]): void {
	const row = pickFundsRow(read);
	const rate = computed.rate;
	if (!row || rate === null) return;
	const where = fundsWhere(row);
	const what = computed.rateSource === 'printed' ? '所印执行率' : '执行率';
	if (num(settings.alertLine) && rate < settings.alertLine - EPS) {
		out.push(
			finding(
				'RATE_BELOW_ALERT',
				`${what} ${formatRate(rate)} 低于预警线 ${formatRate(settings.alertLine)}，应说明原因。`,
				where
			)
		);
	}
	if (rate > 1 + EPS) {
		out.push(
			finding(
				'RATE_ABOVE_100',
				`${what} ${formatRate(rate)} 超过 100%：执行数大于预算数，请核对预算调整和执行数；资金得分按 100% 计。`,
				where
			)
		);
	}
	if (
		computed.rateFormula === '(B-C)/A' &&
		num(row.transfer) &&
		row.transfer > 0 &&
		num(row.executed) &&
		row.transfer >= row.executed
	) {
		out.push(
			finding(
				'TRANSFER_EXCEEDS_EXECUTED',
				`上级财政转移支付 ${formatMoney(row.transfer, read.moneyUnit)} 不小于全年执行数 ${formatMoney(row.executed, read.moneyUnit)}，按 (B-C)/A 执行率为 ${formatRate(rate)}；请核对所用公式。`,
				where
			)
		);
	}
}

function checkBudgetCut(read: ReadForm, out: Finding[]): void {
	const row = pickFundsRow(read);
	if (!row || !num(row.initialBudget) || !num(row.budget) || row.initialBudget <= 0) return;
	if (row.budget >= row.initialBudget * BUDGET_CUT_RATIO) return;
	const unit = read.moneyUnit;
	out.push(
		finding(
			'BUDGET_CUT',
			`全年预算数 ${formatMoney(row.budget, unit)} 仅为年初预算数 ${formatMoney(row.initialBudget, unit)} 的 ${formatRate(row.budget / row.initialBudget)}：预算年中被调减，执行率是对调减后的预算计算的。`,
			fundsWhere(row)
		)
	);
}

type AmountKey = 'initialBudget' | 'budget' | 'executed';
const AMOUNT_LABELS: Record<AmountKey, string> = {
	initialBudget: '年初预算数',
	budget: '全年预算数',
	executed: '全年执行数'
};

/**
 * Source rows are the parts of the total, but a form may list two breakdowns (by source: 财政拨款, 上年结转,
 * 其他资金 …; by use: 基本支出, 项目支出). Each breakdown is checked on its own.
 */
function breakdownOf(source: string): 'use' | 'source' {
	return /基本支出|项目支出|人员经费|公用经费/.test(source) ? 'use' : 'source';
}

function checkTotalRow(read: ReadForm, out: Finding[]): void {
	const total = read.funds.total;
	if (!total || read.funds.rows.length === 0) return;
	const unit = read.moneyUnit;
	const where = fundsWhere(total);
	const zeroCols = new Set<AmountKey>();
	const zeroParts: string[] = [];
	for (const key of Object.keys(AMOUNT_LABELS) as AmountKey[]) {
		if (total[key] !== 0) continue;
		const nonZero = read.funds.rows.filter((r) => num(r[key]) && r[key] !== 0);
		if (nonZero.length === 0) continue;
		zeroCols.add(key);
		zeroParts.push(
			`${AMOUNT_LABELS[key]}为 0，而${nonZero.map((r) => `「${r.source}」为 ${formatMoney(r[key], unit)}`).join('、')}`
		);
	}
	if (zeroParts.length > 0) {
		out.push(finding('TOTAL_ROW_ZERO', `资金合计行「${total.source}」的${zeroParts.join('；')}。`, where));
	}

	for (const group of ['source', 'use'] as const) {
		const rows = read.funds.rows.filter((r) => breakdownOf(r.source) === group);
		if (rows.length === 0) continue;
		for (const key of Object.keys(AMOUNT_LABELS) as AmountKey[]) {
			const whole = total[key];
			if (!num(whole) || zeroCols.has(key)) continue;
			const present = rows.filter((r) => num(r[key]));
			if (present.length === 0) continue;
			const sum = round(
				present.reduce((s, r) => s + (r[key] as number), 0),
				6
			);
			// amounts printed to 2 decimals can be off by a rounding unit or two when added up
			const tolerance = Math.max(0.02, Math.abs(whole) * 0.001);
			const over = sum > whole + tolerance;
			const under = present.length === rows.length && rows.length >= 2 && sum < whole - tolerance;
			if (!over && !under) continue;
			const parts = present.map((r) => `${r.source} ${formatMoney(r[key])}`).join(' + ');
			out.push(
				finding(
					'TOTAL_ROW_SUM',
					`各资金来源的${AMOUNT_LABELS[key]}之和 ${formatMoney(sum, unit)}（${parts}）${over ? '超过' : '小于'}合计行「${total.source}」的 ${formatMoney(whole, unit)}。`,
					where
				)
			);
		}
	}
}

// ───────────────────────────── totals ─────────────────────────────

function checkTotals(read: ReadForm, computed: Computed, out: Finding[]): void {
	const row = pickFundsRow(read);
	const indicatorSum = indicatorScoreSum(read.indicators);
	const where = '总分';
	const printed = read.totalScorePrinted;
	const unscored = row === null || (row.weight === null && row.scorePrinted === null);

	if (num(printed) && computed.totalScore !== null && scoresDiffer(printed, computed.totalScore)) {
		const parts = unscored
			? `指标得分合计 ${formatScore(indicatorSum)}`
			: `资金得分 ${formatScore(computed.fundsScore)} + 指标得分 ${formatScore(indicatorSum)}`;
		out.push(
			finding(
				'TOTAL_SCORE_MISMATCH',
				`所印总分 ${formatScore(printed)} 与重算的 ${formatScore(computed.totalScore)} 不符（${parts}）。`,
				where
			)
		);
	}

	if (num(printed) && indicatorSum !== null && (unscored || num(row?.scorePrinted))) {
		const fundsPrinted = unscored ? 0 : (row?.scorePrinted as number);
		const sum = round(fundsPrinted + indicatorSum, 2);
		if (scoresDiffer(printed, sum)) {
			const parts = unscored
				? `各指标得分合计 ${formatScore(indicatorSum)}`
				: `资金得分 ${formatScore(fundsPrinted)} + 各指标得分 ${formatScore(indicatorSum)} = ${formatScore(sum)}`;
			out.push(finding('PRINTED_TOTAL_MISMATCH', `所印总分 ${formatScore(printed)} 不等于表上各项得分之和（${parts}）。`, where));
		}
	}

	if (read.gradePrinted && computed.grade && read.gradePrinted !== computed.grade) {
		out.push(
			finding(
				'GRADE_PRINTED_MISMATCH',
				`所印等级「${read.gradePrinted}」与重算总分 ${formatScore(computed.totalScore)} 对应的等级「${computed.grade}」不符。`,
				where
			)
		);
	}

	checkWeights(read, row, out);
}

function checkWeights(read: ReadForm, row: FundRow | null, out: Finding[]): void {
	const indicatorWeights = indicatorWeightSum(read.indicators);
	const fundsWeight = num(row?.weight) ? (row?.weight as number) : null;
	if (indicatorWeights === null && fundsWeight === null) return;
	const sum = round((fundsWeight ?? 0) + (indicatorWeights ?? 0), 2);
	const printed = read.totalWeight;
	const problems: string[] = [];
	if (Math.abs(sum - 100) > 0.005) {
		problems.push(
			`资金分值 ${formatScore(fundsWeight)} + 指标分值 ${formatScore(indicatorWeights)} = ${formatScore(sum)}，不是 100`
		);
	}
	if (num(printed) && Math.abs(printed - 100) > 0.005) problems.push(`总分行的分值为 ${formatScore(printed)}`);
	else if (num(printed) && Math.abs(printed - sum) > 0.005 && problems.length === 0)
		problems.push(`总分行的分值 ${formatScore(printed)} 与各项分值之和 ${formatScore(sum)} 不符`);
	if (problems.length > 0) out.push(finding('WEIGHTS_NOT_100', `分值合计有误：${problems.join('；')}。`, '总分'));
}

function checkInflated(read: ReadForm, computed: Computed, settings: Settings, out: Finding[]): void {
	const self = read.totalScorePrinted ?? computed.totalScore;
	if (!num(self) || computed.rate === null || !num(settings.alertLine)) return;
	if (self < INFLATED_SCORE || computed.rate >= settings.alertLine - EPS) return;
	out.push(
		finding(
			'INFLATED_SELF_SCORE',
			`自评总分 ${formatScore(self)} 达 ${INFLATED_SCORE} 分以上，但执行率只有 ${formatRate(computed.rate)}（预警线 ${formatRate(settings.alertLine)}），自评可能偏高。`,
			'总分'
		)
	);
}

function checkMissing(read: ReadForm, out: Finding[]): void {
	if (!read.unit || read.unit.trim() === '') {
		out.push(finding('MISSING_UNIT', '表上没有（或未能读出）单位名称。', '表头'));
	}
	if (!num(read.year)) {
		out.push(finding('MISSING_YEAR', '表上没有（或未能读出）年度。', '表头'));
	}
	if (!read.funds.total) {
		if (read.funds.rows.length === 0) {
			out.push(finding('MISSING_TOTALS', '表上没有（或未能读出）资金情况，无法计算执行率。', '资金情况'));
		} else if (read.funds.rows.length === 1) {
			out.push(
				finding(
					'MISSING_TOTALS',
					`资金情况没有合计行，按唯一的资金来源「${read.funds.rows[0].source}」计算执行率和资金得分。`,
					'资金情况'
				)
			);
		} else {
			out.push(
				finding(
					'MISSING_TOTALS',
					`资金情况有 ${read.funds.rows.length} 个资金来源但没有合计行，无法计算执行率和资金得分。`,
					'资金情况'
				)
			);
		}
	}
	const row = pickFundsRow(read);
	const anyScore = indicatorScoreSum(read.indicators) !== null || num(row?.scorePrinted);
	if (!anyScore) {
		if (read.indicators.length > 0 || row)
			out.push(finding('NO_SCORES', '表上没有任何得分（无得分栏或未填写），无法计算总分和等级。', '总分'));
	} else if (!num(read.totalScorePrinted)) {
		out.push(finding('MISSING_TOTALS', '表上有得分但没有（或未能读出）总分。', '总分'));
	}
}

// ───────────────────────────── indicators ─────────────────────────────

interface Labelled {
	ind: Indicator;
	index: number;
	/** 数量指标, or the 一级指标 / 指标 when there is no 二级 */
	group: string;
	/** 1-based position inside the group */
	ordinal: number;
}

function labelIndicators(indicators: readonly Indicator[]): Labelled[] {
	const counts = new Map<string, number>();
	return indicators.map((ind, index) => {
		const group = ind.level2?.trim() || ind.level1?.trim() || '指标';
		const ordinal = (counts.get(group) ?? 0) + 1;
		counts.set(group, ordinal);
		return { ind, index, group, ordinal };
	});
}

function nameOf(l: Labelled): string {
	return `${l.group}第${l.ordinal}行`;
}

function whereOf(l: Labelled): string {
	const at = l.ind.where?.trim();
	return `年度绩效指标/${l.group} 第 ${l.ordinal} 行${at ? `（${at}）` : ''}`;
}

function targetLabel(ind: Indicator): string {
	return ind.content?.trim() || ind.level3?.trim() || ind.targetValue?.trim() || '';
}

function checkIndicatorScores(rows: Labelled[], out: Finding[]): void {
	for (const l of rows) {
		const { ind } = l;
		if (isPlaceholder(ind)) continue;
		const w = ind.weight;
		const s = ind.score;
		if (!num(w) || !num(s)) continue;
		const name = nameOf(l);
		const where = whereOf(l);
		const target = targetLabel(ind);
		const label = target ? `${name}「${clip(target, 20)}」` : name;
		if (s > w + EPS) {
			out.push(finding('SCORE_ABOVE_WEIGHT', `${label}得分 ${formatScore(s)} 超过其分值 ${formatScore(w)}。`, where));
		}
		const explained = meaningful(ind.reason) || meaningful(ind.measure);
		if (w > 0 && s < w - EPS && !explained) {
			out.push(
				finding(
					'SCORE_LOSS_NO_REASON',
					`${label}得分 ${formatScore(s)}，低于分值 ${formatScore(w)}，但未填写未完成原因。`,
					where
				)
			);
		}
		if (w > 0 && Math.abs(s - w) <= EPS && meaningful(ind.reason)) {
			out.push(
				finding(
					'REASON_WITH_FULL_MARKS',
					`${label}得满分 ${formatScore(s)}，却填写了未完成原因「${clip(ind.reason ?? '', 40)}」。`,
					where
				)
			);
		}
		const ref = reference(ind);
		if (!ref) continue;
		const values = `目标值 ${ind.targetValue?.trim()}，完成值 ${ind.actualValue?.trim()}`;
		if (!ref.met && s >= w - EPS) {
			out.push(
				finding(
					'SCORE_VS_REFERENCE',
					`${label}未达到目标（${values}）却得满分 ${formatScore(s)}；按参考规则应得 ${formatScore(ref.score)}。`,
					where
				)
			);
		} else if (ref.met && s < w - EPS) {
			out.push(
				finding(
					'SCORE_VS_REFERENCE',
					`${label}已达到目标（${values}）却只得 ${formatScore(s)} 分（分值 ${formatScore(w)}）；按参考规则应得满分。`,
					where
				)
			);
		}
	}
}

/** Characters kept for text similarity: letters and CJK, without spacing, punctuation, symbols or digits. */
function normalizeText(text: string): string {
	return text.replace(/[\s\p{P}\p{S}\p{N}]+/gu, '');
}

/**
 * The distinct character bigrams of a text, each as a number (two code points: first × 0x110000 + second,
 * exact in a double), sorted: every 完成值 of a form is compared with every other row's targets, and a
 * merge of two sorted arrays costs a fraction of string-keyed Set lookups (same counts, same coefficient).
 */
function bigrams(text: string): number[] {
	const s = normalizeText(text);
	const keys: number[] = [];
	let prev = -1;
	// by code point, as Array.from(text) splits a string (a lone surrogate is a code point of its own)
	for (let i = 0; i < s.length; ) {
		const cp = s.codePointAt(i) as number;
		i += cp > 0xffff ? 2 : 1;
		if (prev >= 0) keys.push(prev * 0x110000 + cp);
		prev = cp;
	}
	keys.sort(byNumber);
	let distinct = 0;
	for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[distinct - 1]) keys[distinct++] = keys[i];
	keys.length = distinct;
	return keys;
}

const byNumber = (a: number, b: number) => a - b;

/**
 * Dice coefficient of the character bigrams of two texts (0–1), ignoring spacing, punctuation and digits,
 * which in 完成值 texts are mostly dates.
 */
export function bigramDice(a: string, b: string): number {
	return diceOfSets(bigrams(a), bigrams(b));
}

/** Dice coefficient of two sets of bigrams (bigrams: sorted, distinct). */
function diceOfSets(x: number[], y: number[]): number {
	if (x.length === 0 || y.length === 0) return 0;
	let shared = 0;
	for (let i = 0, j = 0; i < x.length && j < y.length; ) {
		if (x[i] === y[j]) {
			shared++;
			i++;
			j++;
		} else if (x[i] < y[j]) i++;
		else j++;
	}
	return (2 * shared) / (x.length + y.length);
}

function targetTexts(ind: Indicator): string[] {
	return [ind.content, ind.level3, ind.targetValue].filter(
		(t): t is string => typeof t === 'string' && !blankText(t) && parseQuantity(t) === null
	);
}

/**
 * 完成值 texts that answer another row's target rather than their own (the seed's 数量指标 rows are shifted
 * by one). Rows whose target is word for word another row's target (the seed's 质量指标 repeating the
 * 数量指标) are not "other" targets: matching them is matching one's own.
 */
function checkActualsPlacement(rows: Labelled[], out: Finding[]): void {
	const candidates = rows.filter((l) => !isPlaceholder(l.ind));
	// every row's 完成值 is compared with every other row's targets: take each text's bigrams and each
	// row's targets once, not once per comparison (bigramDice, on sets)
	const grams = new Map<string, number[]>();
	const gramsOf = (text: string): number[] => {
		let g = grams.get(text);
		if (!g) {
			g = bigrams(text);
			grams.set(text, g);
		}
		return g;
	};
	const targets = new Map(
		candidates.map((l) => [l, targetTexts(l.ind).map((text) => ({ text, normalized: normalizeText(text) }))])
	);
	for (const l of candidates) {
		const actual = l.ind.actualValue;
		if (!actual || parseQuantity(actual) !== null || Array.from(normalizeText(actual)).length < 4) continue;
		const ownTexts = targets.get(l) ?? [];
		const ownNormalized = new Set(ownTexts.map((t) => t.normalized));
		const actualGrams = gramsOf(actual);
		const own = Math.max(0, ...ownTexts.map((t) => diceOfSets(actualGrams, gramsOf(t.text))));

		let best: { l: Labelled; score: number; text: string } | null = null;
		for (const other of candidates) {
			if (other === l) continue;
			for (const { text, normalized } of targets.get(other) ?? []) {
				if (ownNormalized.has(normalized)) continue;
				const score = diceOfSets(actualGrams, gramsOf(text));
				const better =
					best === null ||
					score > best.score + EPS ||
					(Math.abs(score - best.score) <= EPS && other.group === l.group && best.l.group !== l.group);
				if (better) best = { l: other, score, text };
			}
		}
		if (!best || best.score < MATCH_MIN || best.score < own + MATCH_MARGIN) continue;
		const otherName = best.l.group === l.group ? `第${best.l.ordinal}行` : nameOf(best.l);
		const ownTarget = targetLabel(l.ind);
		out.push(
			finding(
				'ACTUAL_MATCHES_OTHER_TARGET',
				`${nameOf(l)}的完成值「${clip(actual)}」${ownTarget ? `与本行目标「${clip(ownTarget)}」不符，却` : ''}与${otherName}的目标「${clip(best.text)}」相符（文字相似度 ${best.score.toFixed(2)}，与本行目标 ${own.toFixed(2)}）：完成值可能填错了行。`,
				whereOf(l)
			)
		);
	}
}

/** All domain checks of a form, given its recomputed values. Reader notes are not included. */
export function checkForm(read: ReadForm, computed: Computed, settings: Settings): Finding[] {
	const out: Finding[] = [];
	checkMissing(read, out);
	checkFundRates(read, computed, out);
	checkFundsScore(read, computed, out);
	checkRateLevel(read, computed, settings, out);
	checkBudgetCut(read, out);
	checkTotalRow(read, out);
	checkTotals(read, computed, out);
	checkInflated(read, computed, settings, out);
	const rows = labelIndicators(read.indicators);
	checkIndicatorScores(rows, out);
	checkActualsPlacement(rows, out);
	return out;
}
