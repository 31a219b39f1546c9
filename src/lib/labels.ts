/**
 * The domain's codes as the reader reads them: form kinds, severities, rate formulas, grades and finding codes,
 * each through the message catalogue (messages/*.json), in the language of the request or of the page.
 *
 * Functions rather than constant maps: the language is known only when a request (or the browser page) runs.
 * Outside a request — tests, the CLI — the base language, Chinese, applies.
 */
import type { FindingCode } from './domain/findings';
import type { FormKind, Grade, RateFormula, Severity } from './domain/form';
import { m } from './paraglide/messages';

const KINDS: Record<FormKind, () => string> = {
	department: m.kind_department,
	project: m.kind_project
};

const SEVERITIES: Record<Severity, () => string> = {
	error: m.severity_error,
	warning: m.severity_warning,
	info: m.severity_info
};

const FORMULAS: Record<RateFormula, () => string> = {
	'B/A': m.formula_b_a,
	'(B-C)/A': m.formula_b_c_a,
	'B/A0': m.formula_b_a0
};

const GRADES: Record<Grade | 'none', () => string> = {
	优: m.grade_excellent,
	良: m.grade_good,
	中: m.grade_fair,
	差: m.grade_poor,
	none: m.grade_none
};

const FINDINGS: Record<FindingCode, () => string> = {
	RATE_PRINTED_MISMATCH: m.finding_rate_printed_mismatch,
	RATE_NOT_COMPUTABLE: m.finding_rate_not_computable,
	FUNDS_SCORE_MISMATCH: m.finding_funds_score_mismatch,
	TOTAL_SCORE_MISMATCH: m.finding_total_score_mismatch,
	PRINTED_TOTAL_MISMATCH: m.finding_printed_total_mismatch,
	GRADE_PRINTED_MISMATCH: m.finding_grade_printed_mismatch,
	TOTAL_ROW_ZERO: m.finding_total_row_zero,
	TOTAL_ROW_SUM: m.finding_total_row_sum,
	WEIGHTS_NOT_100: m.finding_weights_not_100,
	RATE_BELOW_ALERT: m.finding_rate_below_alert,
	RATE_ABOVE_100: m.finding_rate_above_100,
	TRANSFER_EXCEEDS_EXECUTED: m.finding_transfer_exceeds_executed,
	BUDGET_CUT: m.finding_budget_cut,
	SCORE_ABOVE_WEIGHT: m.finding_score_above_weight,
	SCORE_LOSS_NO_REASON: m.finding_score_loss_no_reason,
	REASON_WITH_FULL_MARKS: m.finding_reason_with_full_marks,
	SCORE_VS_REFERENCE: m.finding_score_vs_reference,
	ACTUAL_MATCHES_OTHER_TARGET: m.finding_actual_matches_other_target,
	INFLATED_SELF_SCORE: m.finding_inflated_self_score,
	MISSING_UNIT: m.finding_missing_unit,
	MISSING_YEAR: m.finding_missing_year,
	MISSING_TOTALS: m.finding_missing_totals,
	NO_SCORES: m.finding_no_scores
};

/** 部门整体 / Department-wide, 项目支出 / Project. */
export function kindLabel(kind: FormKind): string {
	return KINDS[kind]();
}

/** 错误 / Error, 警告 / Warning, 提示 / Note. */
export function severityLabel(severity: Severity): string {
	return SEVERITIES[severity]();
}

/** A rate formula spelled out: 全年执行数 ÷ 全年预算数 (B/A). */
export function formulaLabel(formula: RateFormula): string {
	return FORMULAS[formula]();
}

/**
 * A grade as the reader says it (优 / Excellent); `none`: a form whose score could not be recomputed. Anything
 * else (a grade as some form printed it) is shown as it is.
 */
export function gradeLabel(grade: Grade | 'none' | (string & {})): string {
	const label = (GRADES as Record<string, (() => string) | undefined>)[grade];
	return label ? label() : grade;
}

const ROLES: Record<string, () => string> = {
	admin: m.role_admin,
	analyst: m.role_analyst,
	unit: m.role_unit
};

/** 管理员 / Administrator, 分析人员 / Analyst, 单位用户 / Unit user; an unknown role as it is. */
export function roleLabel(role: string): string {
	const label = ROLES[role];
	return label ? label() : role;
}

const AUDIT_ACTIONS: Record<string, () => string> = {
	import: m.audit_action_import,
	replace: m.audit_action_replace,
	delete: m.audit_action_delete,
	merge: m.audit_action_merge,
	split: m.audit_action_split,
	settings: m.audit_action_settings,
	'user.create': m.audit_action_user_create,
	'user.update': m.audit_action_user_update,
	'user.disable': m.audit_action_user_disable,
	'user.enable': m.audit_action_user_enable,
	'user.password': m.audit_action_user_password,
	'password.change': m.audit_action_password_change,
	login: m.audit_action_login,
	restore: m.audit_action_restore
};

/** What an audit-log entry records (server/repositories/audit.ts AUDIT_ACTIONS); an unknown action as it is. */
export function auditActionLabel(action: string): string {
	const label = AUDIT_ACTIONS[action];
	return label ? label() : action;
}

/**
 * The short label of a finding code, for filters and badges. A code the domain does not know (a reader's own)
 * has no translation: `fallback` (the label stored with it), else the code itself.
 */
export function findingLabel(code: string, fallback?: string): string {
	const label = (FINDINGS as Record<string, (() => string) | undefined>)[code];
	return label ? label() : (fallback ?? code);
}

