/** Chinese labels shared by pages and exports (the i18n issue moves these into a message catalogue). */
import type { FormKind, RateFormula, Severity } from './domain/form';

export const KIND_LABELS: Record<FormKind, string> = {
	department: '部门整体',
	project: '项目支出'
};

export const SEVERITY_LABELS: Record<Severity, string> = {
	error: '错误',
	warning: '警告',
	info: '提示'
};

export const FORMULA_LABELS: Record<RateFormula, string> = {
	'B/A': '全年执行数 ÷ 全年预算数 (B/A)',
	'(B-C)/A': '（全年执行数 − 上级转移支付）÷ 全年预算数 ((B-C)/A)',
	'B/A0': '全年执行数 ÷ 年初预算数'
};
