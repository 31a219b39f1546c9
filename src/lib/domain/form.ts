/**
 * The normalized form: the one shape every importer produces and every other part of Jixiao
 * (domain rules, storage, CLI, pages, exports) consumes. See docs/normalized-form.md.
 *
 * Conventions:
 * - amounts are plain numbers in the form's own money unit (`moneyUnit`), never converted silently;
 * - rates are fractions (0.9444 means 94.44%);
 * - a value the form does not show is `null`, never 0 or '' (0 means the form printed 0).
 */

export type FormKind = 'department' | 'project';

/** Which execution-rate rule applies (domain.md §3). */
export type RateFormula =
	/** 全年执行数 / 全年预算数 — the Ministry of Finance template */
	| 'B/A'
	/** (全年执行数 − 上级财政转移支付) / 全年预算数 — Changsha (the seed) */
	| '(B-C)/A'
	/** 全年执行数 / 年初预算数 — some older forms */
	| 'B/A0';

export const RATE_FORMULAS: readonly RateFormula[] = ['B/A', '(B-C)/A', 'B/A0'];

export type Grade = '优' | '良' | '中' | '差';

export type MoneyUnit = '万元' | '元';

export type Severity = 'error' | 'warning' | 'info';

export interface FundRow {
	/** the row label as printed, e.g. 财政拨款, 年度资金总额 */
	source: string;
	/** 年初预算数 */
	initialBudget: number | null;
	/** 全年预算数 (A), also 调整后预算数 / 预算数 */
	budget: number | null;
	/** 全年执行数 (B) */
	executed: number | null;
	/** 上级财政转移支付 (C) */
	transfer: number | null;
	/** 分值 of the funds block */
	weight: number | null;
	/** 执行率 as printed, a fraction */
	ratePrinted: number | null;
	/**
	 * 执行率 cell text as printed ("94.00%"), optional: lets the domain compare at the printed precision
	 * (94.00% is a mismatch against 94.44%, 94% is not). Without it, 2 decimals of a percentage are assumed.
	 */
	ratePrintedText?: string | null;
	/** 得分 as printed */
	scorePrinted: number | null;
}

export interface Indicator {
	level1: string | null;
	level2: string | null;
	level3: string | null;
	/** 目标内容 (seed) — the description of the target when the form has a separate column for it */
	content: string | null;
	/** 指标性质 (=, ≥, ≤, 定性) when printed */
	nature?: string | null;
	targetValue: string | null;
	actualValue: string | null;
	weight: number | null;
	score: number | null;
	/** 未完成原因 / 偏差原因分析 */
	reason: string | null;
	/** 改进措施 */
	measure: string | null;
	/** where the row came from in the source (for messages): "第 12 行", "第 2 页第 5 行", "Sheet1!B14" */
	where?: string | null;
}

export interface Finding {
	/** stable code, e.g. RATE_PRINTED_MISMATCH; see src/lib/domain/findings.ts */
	code: string;
	severity: Severity;
	/** a sentence an analyst understands, in Chinese */
	message: string;
	/** what the finding is about: "资金情况/年度资金总额", "年度绩效指标/数量指标 第 1 行" */
	where: string | null;
}

export interface Computed {
	/** execution rate of the funds total, rounded to 4 decimals (0.9444) */
	rate: number | null;
	/**
	 * optional: where `rate` came from — 'amounts' when recomputed from the printed amounts, 'printed' when
	 * the amounts are not all printed and the printed rate was used instead, null when there is no rate
	 */
	rateSource?: 'amounts' | 'printed' | null;
	rateFormula: RateFormula;
	fundsScore: number | null;
	totalScore: number | null;
	grade: Grade | null;
}

/** What a form reader extracts from a document, before the domain recomputes anything. */
export interface ReadForm {
	kind: FormKind;
	/** title as printed (部门整体自评表, 项目支出绩效自评表 …) */
	title: string | null;
	unit: string | null;
	project: string | null;
	/** 主管部门 (project forms) */
	supervisor?: string | null;
	/** 实施单位 (project forms) */
	implementer?: string | null;
	year: number | null;
	moneyUnit: MoneyUnit | null;
	/** 所属独立核算单位个数 */
	subunitCount?: number | null;
	/** 部门职能概述 */
	functions?: string | null;
	/** the formula printed in the funds header, when there is one */
	rateFormulaPrinted: RateFormula | null;
	funds: { rows: FundRow[]; total: FundRow | null };
	goals: { planned: string | null; achieved: string | null };
	indicators: Indicator[];
	/** 总分 row: the weight column (usually 100) */
	totalWeight: number | null;
	/** 总分 row: the score column as printed */
	totalScorePrinted: number | null;
	/** a grade printed on the form (总分 | 100 | 96 | 优) */
	gradePrinted?: Grade | null;
	/** 偏差原因分析及改进措施 / 存在问题 / 评价结论 for the whole form */
	remarks?: string | null;
	/** findings the reader itself raises: missing fields, ambiguous cells, text it could not place */
	notes: Finding[];
}

export interface NormalizedForm extends Omit<ReadForm, 'notes'> {
	computed: Computed;
	findings: Finding[];
}

/** Bureau settings that change how forms are judged. Stored in the database (settings table). */
export interface Settings {
	/** the rate rule used when a form does not print its own */
	defaultRateFormula: RateFormula;
	/** execution-rate alert line, a fraction (0.9 = 90%) */
	alertLine: number;
}

export const DEFAULT_SETTINGS: Settings = { defaultRateFormula: 'B/A', alertLine: 0.9 };

export function emptyFundRow(source: string): FundRow {
	return {
		source,
		initialBudget: null,
		budget: null,
		executed: null,
		transfer: null,
		weight: null,
		ratePrinted: null,
		scorePrinted: null
	};
}
