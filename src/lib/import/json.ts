/**
 * JSON in the normalized-form contract (src/lib/domain/form.ts): what `jixiao parse --json` prints, one form
 * object or an array of them, so that what one installation exports another imports.
 *
 * The shape is checked field by field and a wrong one is refused with its JSON path
 * (`indicators[3].weight 应为数字或 null`). Unknown fields are ignored. Nullable fields that are missing count
 * as null (the form does not show them); optional fields that are missing stay missing.
 *
 * `computed` is ignored and the findings are not trusted: Jixiao recomputes both under its own settings.
 * Of the findings only the form reader's notes are kept — those whose code is not one of the domain's
 * (FINDING_CODES) — since they describe the original document, which the JSON no longer is. A ReadForm with
 * `notes` instead of `findings` is accepted too.
 */
import { FINDING_CODES } from '../domain/findings';
import {
	RATE_FORMULAS,
	type Finding,
	type FundRow,
	type Grade,
	type Indicator,
	type MoneyUnit,
	type RateFormula,
	type ReadForm
} from '../domain/form';
import { decodeText } from './decode';
import { ImportError } from './grid';

const DOMAIN_CODES: ReadonlySet<string> = new Set(Object.keys(FINDING_CODES));

/** The findings the domain does not raise itself: the form reader's notes, carried with the form. */
export function readerNotes(findings: readonly Finding[]): Finding[] {
	return findings.filter((f) => !DOMAIN_CODES.has(f.code));
}

/** A wrong shape, with the JSON path of the offending value. */
class ShapeError extends Error {}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function at(path: string, key: string | number): string {
	if (typeof key === 'number') return `${path}[${key}]`;
	return path ? `${path}.${key}` : key;
}

function shape(path: string, expected: string): never {
	throw new ShapeError(`${path} 应为${expected}`);
}

function str(o: Obj, key: string, path: string): string | null {
	const v = o[key];
	if (v === undefined || v === null) return null;
	return typeof v === 'string' ? v : shape(at(path, key), '文字或 null');
}

function num(o: Obj, key: string, path: string): number | null {
	const v = o[key];
	if (v === undefined || v === null) return null;
	return typeof v === 'number' && Number.isFinite(v) ? v : shape(at(path, key), '数字或 null');
}

function oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T | null {
	const v = o[key];
	if (v === undefined || v === null) return null;
	return allowed.includes(v as T) ? (v as T) : shape(at(path, key), `${allowed.map((a) => `"${a}"`).join('、')} 之一或 null`);
}

/** Sets an optional field only when the JSON has it. */
function optional<T>(o: Obj, key: string, read: () => T): { [k: string]: T } {
	return key in o ? { [key]: read() } : {};
}

function fundRow(v: unknown, path: string): FundRow {
	if (!isObj(v)) return shape(path, '对象（一行资金）');
	const source = v.source;
	if (typeof source !== 'string') shape(at(path, 'source'), '文字（资金来源的行名）');
	return {
		source,
		initialBudget: num(v, 'initialBudget', path),
		budget: num(v, 'budget', path),
		executed: num(v, 'executed', path),
		transfer: num(v, 'transfer', path),
		weight: num(v, 'weight', path),
		ratePrinted: num(v, 'ratePrinted', path),
		...optional(v, 'ratePrintedText', () => str(v, 'ratePrintedText', path)),
		scorePrinted: num(v, 'scorePrinted', path)
	};
}

function indicator(v: unknown, path: string): Indicator {
	if (!isObj(v)) return shape(path, '对象（一项指标）');
	return {
		level1: str(v, 'level1', path),
		level2: str(v, 'level2', path),
		level3: str(v, 'level3', path),
		content: str(v, 'content', path),
		...optional(v, 'nature', () => str(v, 'nature', path)),
		targetValue: str(v, 'targetValue', path),
		actualValue: str(v, 'actualValue', path),
		weight: num(v, 'weight', path),
		score: num(v, 'score', path),
		reason: str(v, 'reason', path),
		measure: str(v, 'measure', path),
		...optional(v, 'where', () => str(v, 'where', path))
	};
}

function finding(v: unknown, path: string): Finding {
	if (!isObj(v)) return shape(path, '对象（一条提示）');
	const code = v.code;
	if (typeof code !== 'string' || code === '') shape(at(path, 'code'), '非空文字');
	const message = v.message;
	if (typeof message !== 'string') shape(at(path, 'message'), '文字');
	const severity = v.severity;
	if (severity !== 'error' && severity !== 'warning' && severity !== 'info') shape(at(path, 'severity'), '"error"、"warning"、"info" 之一');
	return { code, severity, message, where: str(v, 'where', path) };
}

function array<T>(o: Obj, key: string, path: string, item: (v: unknown, path: string) => T): T[] {
	const v = o[key];
	if (!Array.isArray(v)) return shape(at(path, key), '数组');
	return v.map((x, i) => item(x, at(at(path, key), i)));
}

/** One form of the contract, checked; `path` prefixes messages ('' for a single form, '[2]' in an array). */
export function formFromJson(v: unknown, path = ''): ReadForm {
	const where = path || '顶层';
	if (!isObj(v)) return shape(where, '对象（一张自评表）');
	const kind = v.kind;
	if (kind !== 'department' && kind !== 'project') shape(at(path, 'kind'), '"department" 或 "project"');
	const year = num(v, 'year', path);
	if (year !== null && !Number.isInteger(year)) shape(at(path, 'year'), '整数（年度）或 null');

	const funds = v.funds;
	const fundsPath = at(path, 'funds');
	if (!isObj(funds)) shape(fundsPath, '对象 { rows, total }');
	const total = funds.total === undefined || funds.total === null ? null : fundRow(funds.total, at(fundsPath, 'total'));

	let goals = { planned: null as string | null, achieved: null as string | null };
	if (v.goals !== undefined && v.goals !== null) {
		if (!isObj(v.goals)) shape(at(path, 'goals'), '对象 { planned, achieved }');
		const gp = at(path, 'goals');
		goals = { planned: str(v.goals, 'planned', gp), achieved: str(v.goals, 'achieved', gp) };
	}

	let notes: Finding[];
	if (v.notes !== undefined) notes = array(v, 'notes', path, finding);
	else if (v.findings !== undefined) notes = readerNotes(array(v, 'findings', path, finding));
	else notes = [];

	return {
		kind,
		title: str(v, 'title', path),
		unit: str(v, 'unit', path),
		project: str(v, 'project', path),
		...optional(v, 'supervisor', () => str(v, 'supervisor', path)),
		...optional(v, 'implementer', () => str(v, 'implementer', path)),
		year,
		moneyUnit: oneOf<MoneyUnit>(v, 'moneyUnit', path, ['万元', '元']),
		...optional(v, 'subunitCount', () => num(v, 'subunitCount', path)),
		...optional(v, 'functions', () => str(v, 'functions', path)),
		rateFormulaPrinted: oneOf<RateFormula>(v, 'rateFormulaPrinted', path, RATE_FORMULAS),
		funds: { rows: array(funds, 'rows', fundsPath, fundRow), total },
		goals,
		indicators: array(v, 'indicators', path, indicator),
		totalWeight: num(v, 'totalWeight', path),
		totalScorePrinted: num(v, 'totalScorePrinted', path),
		...optional(v, 'gradePrinted', () => oneOf<Grade>(v, 'gradePrinted', path, ['优', '良', '中', '差'])),
		...optional(v, 'remarks', () => str(v, 'remarks', path)),
		notes
	};
}

/** A JSON document: one form or an array of forms. Throws ImportError naming the file and the JSON path. */
export function readJsonDocument(bytes: Uint8Array, fileName: string): ReadForm[] {
	const { text } = decodeText(bytes);
	if (text.trim() === '') throw new ImportError(fileName, '文件为空');
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (e) {
		throw new ImportError(fileName, `不是有效的 JSON：${syntaxPlace(text, e)}`);
	}
	try {
		if (Array.isArray(data)) {
			if (data.length === 0) throw new ImportError(fileName, 'JSON 数组为空，没有自评表');
			return data.map((f, i) => formFromJson(f, `[${i}]`));
		}
		return [formFromJson(data)];
	} catch (e) {
		if (e instanceof ShapeError) throw new ImportError(fileName, `JSON 不符合自评表格式：${e.message}`);
		throw e;
	}
}

/** "第 3 行第 14 列" from V8's "… in JSON at position 57 (line 3 column 14)", or its position alone. */
function syntaxPlace(text: string, e: unknown): string {
	const msg = e instanceof Error ? e.message : String(e);
	if (/Unexpected end/.test(msg)) return '文件在 JSON 结束之前就结束了（可能不完整）';
	const lc = /line (\d+) column (\d+)/.exec(msg);
	if (lc) return `第 ${lc[1]} 行第 ${lc[2]} 列有语法错误`;
	const pos = /position (\d+)/.exec(msg);
	if (pos && Number(pos[1]) >= text.trimEnd().length) return '文件在 JSON 结束之前就结束了（可能不完整）';
	if (pos) {
		const before = text.slice(0, Number(pos[1]));
		const line = before.split('\n').length;
		const col = before.length - before.lastIndexOf('\n');
		return `第 ${line} 行第 ${col} 列有语法错误`;
	}
	return '有语法错误';
}
