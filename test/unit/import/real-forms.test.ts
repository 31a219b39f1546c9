/**
 * The 13 real published forms (test/fixtures/real) against expected.json, field by field. Where the
 * reader's general rules cannot reach a value, the single assertion is listed in KNOWN_GAPS with the
 * reason, and the test asserts that it still differs (so that fixing it shows up as a failure to update).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../../src/lib/import/index';
import type { ReadForm } from '../../../src/lib/domain/form';

const FIX = fileURLToPath(new URL('../../fixtures/', import.meta.url));

interface Expected {
	file: string;
	kind: string;
	unit: string | null;
	project: string | null;
	year: number | null;
	budget: number | null;
	budget_initial: number | null;
	executed: number | null;
	money_unit: string | null;
	rate_printed: number | null;
	funds_weight: number | null;
	funds_score_printed: number | null;
	total_score_printed: number | null;
	indicator_rows: number;
	complete: boolean;
}

const DIR = `${FIX}real/`;
const expected: Expected[] = JSON.parse(readFileSync(`${DIR}expected.json`, 'utf8'));

/** file prefix → field → why the general rules do not give expected.json's value */
const KNOWN_GAPS: Record<string, Partial<Record<keyof Expected, string>>> = {
	'13_': {
		indicator_rows:
			'the last row (可持续性…) is cut inside its 完成值; in the run-together text nothing separates its name from its target, so it has no value the reader can see and is not counted — the same rule that (rightly) leaves out the cut 满意度 row of form 19'
	},
	'14_': {
		funds_weight:
			'the form has no funds score block; expected.json takes 分值 4 from the 预算执行管理 indicator row, which is also counted among the 16 indicators, so the domain would count those 4 points twice',
		funds_score_printed: 'same as funds_weight: the 4 points belong to the 预算执行管理 indicator row'
	},
	'22_': {
		executed:
			'the extracted text is scrambled (…得分 0 207.4538 10 100% 10 207.4538 — 100% —): the second 207.4538 comes after the score, so no order-preserving reading puts it under 全年执行数; the reader leaves it empty rather than guess'
	}
};

/** The row the domain judges (rates.pickFundsRow): the total, or the only source row. */
function judged(form: ReadForm) {
	return form.funds.total ?? (form.funds.rows.length === 1 ? form.funds.rows[0] : null);
}

function actual(form: ReadForm): Omit<Expected, 'file'> {
	const row = judged(form);
	return {
		kind: form.kind,
		unit: form.unit,
		project: form.project,
		year: form.year,
		budget: row?.budget ?? null,
		budget_initial: row?.initialBudget ?? null,
		executed: row?.executed ?? null,
		money_unit: form.moneyUnit,
		rate_printed: row?.ratePrinted ?? null,
		funds_weight: row?.weight ?? null,
		funds_score_printed: row?.scorePrinted ?? null,
		total_score_printed: form.totalScorePrinted,
		indicator_rows: form.indicators.length,
		complete: !form.notes.some((n) => n.code === 'FORM_TRUNCATED')
	};
}

const FIELDS: (keyof Omit<Expected, 'file'>)[] = [
	'kind',
	'unit',
	'project',
	'year',
	'budget',
	'budget_initial',
	'executed',
	'money_unit',
	'rate_printed',
	'funds_weight',
	'funds_score_printed',
	'total_score_printed',
	'indicator_rows',
	'complete'
];

describe.each(expected)('$file', (exp) => {
	let got: Omit<Expected, 'file'> | null = null;
	const load = async () => {
		if (!got) {
			const forms = await readDocument(new Uint8Array(readFileSync(DIR + exp.file)), exp.file);
			expect(forms).toHaveLength(1);
			got = actual(forms[0]);
		}
		return got;
	};
	const gaps = KNOWN_GAPS[exp.file.slice(0, 3)] ?? {};
	for (const field of FIELDS) {
		const gap = gaps[field];
		if (gap) {
			it(`${field} (known gap: ${gap.slice(0, 60)}…)`, async () => {
				expect((await load())[field]).not.toEqual(exp[field]);
			});
		} else {
			it(field, async () => {
				expect((await load())[field]).toEqual(exp[field]);
			});
		}
	}
});

describe('notes on the real forms', () => {
	const read = async (prefix: string) => {
		const e = expected.find((x) => x.file.startsWith(prefix))!;
		return (await readDocument(new Uint8Array(readFileSync(DIR + e.file)), e.file))[0];
	};
	const codes = (f: ReadForm) => f.notes.map((n) => n.code);

	it('flags the unfilled template text of form 01', async () => {
		const f = await read('01_');
		expect(codes(f)).toContain('TEMPLATE_TEXT');
		expect(f.funds.total!.source).toBe('总额');
		expect(f.indicators.every((i) => i.score === null && i.actualValue === null)).toBe(true);
	});

	it('infers the year of form 24 from 填报日期 and says so', async () => {
		const f = await read('24_');
		const n = f.notes.find((x) => x.code === 'YEAR_INFERRED')!;
		expect(n.message).toContain('2021.5.18');
		expect(f.indicators.map((i) => i.level2)).toContain('日效性指标');
	});

	it('takes the unit of form 15 from the title', async () => {
		const f = await read('15_');
		expect(codes(f)).toContain('UNIT_FROM_TITLE');
		expect(codes(f)).toContain('MISSING_INDICATORS');
	});

	it('reads the grade and the 指标性质 column of form 08', async () => {
		const f = await read('08_');
		expect(f.gradePrinted).toBe('优');
		expect(f.totalWeight).toBe(100);
		const timely = f.indicators.find((i) => i.level3 === '资金到位及时率')!;
		expect([timely.nature, timely.targetValue, timely.actualValue, timely.weight, timely.score]).toEqual([
			'≧',
			'100',
			'100%',
			10,
			7
		]);
	});

	it('keeps traditional names as printed in form 27 and matches its labels', async () => {
		const f = await read('27_');
		expect(codes(f)).toContain('TRADITIONAL_TEXT');
		expect(f.indicators[0].level1).toBe('產出指標');
		expect(f.indicators.map((i) => i.score)).toEqual([9, 19, 19, 27, null]);
	});

	it('splits glued weight and score in the run-together rows of form 14', async () => {
		const f = await read('14_');
		const social = f.indicators.find((i) => i.level2 === '社会效益指标')!;
		expect([social.weight, social.score]).toEqual([12, 6]);
		expect(social.reason).toContain('部分群众不愿配合体检');
	});

	it('reads the glued funds cells of forms 04 and 13 from the arithmetic', async () => {
		const f04 = await read('04_');
		expect(judged(f04)).toMatchObject({ ratePrinted: 0.76, weight: 10, scorePrinted: 7.6, budget: null });
		expect(codes(f04)).toContain('FUNDS_ROW_UNLABELLED');
		const f13 = await read('13_');
		expect(judged(f13)).toMatchObject({ budget: 1000, executed: 1000, ratePrinted: 1, scorePrinted: 20 });
	});
});
