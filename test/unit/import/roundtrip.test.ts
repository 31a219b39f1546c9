/**
 * "For the seed, every rendition must give the same normalized form […], findings included. The same holds for
 * a round trip: normalized form → flat XLSX → import." Here: the seed's four renditions agree as NormalizedForms;
 * each of them, and each real form, survives the flat CSV, the flat XLSX and the JSON export; and so does any
 * form fast-check can make within what the flat table carries (README, 扁平表).
 *
 * Compared field by field with `where` left out (it names the place in each file: 第 16 行, 第 2 页第 2 行,
 * 工作表「x」第 11 行) and texts compared without whitespace (wrapping and page breaks move spaces).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/lib/domain';
import { DEFAULT_SETTINGS, type Finding, type FundRow, type Indicator, type NormalizedForm, type ReadForm } from '../../../src/lib/domain/form';
import { toDelimited } from '../../../src/lib/import/csv';
import { flatTemplateXlsx, formsToFlatRows } from '../../../src/lib/import/flat-write';
import { ImportError } from '../../../src/lib/import/grid';
import { parseDocument } from '../../../src/lib/import/index';
import { parseNumber } from '../../../src/lib/import/numbers';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url))));
const utf8 = (s: string) => new TextEncoder().encode(s);

function comparable(value: unknown): unknown {
	if (value === undefined) return '(field absent)';
	return JSON.parse(JSON.stringify(value, (key, v) => (key === 'where' ? undefined : typeof v === 'string' ? v.replace(/\s+/g, '') : v)));
}

/**
 * A finding's place without the file-specific part: the domain appends the indicator's `where` in brackets
 * ("数量指标 第 1 行（第 16 行）"); a reader note's place names the original document and must survive as is.
 */
function findingsOf(form: NormalizedForm): unknown {
	const wheres = form.indicators.map((i) => i.where).filter((w): w is string => !!w);
	return comparable(
		form.findings.map(({ where, ...f }) => ({ ...f, place: wheres.reduce((p, w) => p?.split(`（${w}）`).join('') ?? null, where) }))
	);
}

/** Every top-level field, every indicator field and the findings, one expectation each so a failure names it. */
function expectSameForm(actual: NormalizedForm, expected: NormalizedForm, label: string): void {
	expect(Object.keys(actual).sort(), `${label}: fields`).toEqual(Object.keys(expected).sort());
	for (const key of Object.keys(expected) as (keyof NormalizedForm)[]) {
		if (key === 'indicators' || key === 'findings') continue;
		expect(comparable(actual[key]), `${label}.${key}`).toEqual(comparable(expected[key]));
	}
	expect(findingsOf(actual), `${label}.findings`).toEqual(findingsOf(expected));
	expect(actual.indicators, `${label}: indicators`).toHaveLength(expected.indicators.length);
	expected.indicators.forEach((ind, i) => {
		for (const k of new Set([...Object.keys(ind), ...Object.keys(actual.indicators[i])])) {
			if (k === 'where') continue;
			const a = (actual.indicators[i] as unknown as Record<string, unknown>)[k];
			const e = (ind as unknown as Record<string, unknown>)[k];
			expect(comparable(a), `${label}.indicators[${i}].${k}`).toEqual(comparable(e));
		}
	});
}

type Export = [string, (forms: NormalizedForm[]) => Promise<Uint8Array>];
const EXPORTS: Export[] = [
	['flat.csv', async (forms) => utf8(`\uFEFF${toDelimited(formsToFlatRows(forms))}`)],
	['flat.xlsx', (forms) => flatTemplateXlsx(forms)],
	['export.json', async (forms) => utf8(JSON.stringify(forms.length === 1 ? forms[0] : forms, null, 2))]
];

async function throughExport(forms: NormalizedForm[], [name, make]: Export): Promise<NormalizedForm[]> {
	return parseDocument(await make(forms), name, DEFAULT_SETTINGS);
}

describe('the seed: every rendition, and every export of it, gives the same normalized form', async () => {
	const parse = async (name: string) => {
		const forms = await parseDocument(fixture(name), name, DEFAULT_SETTINGS);
		expect(forms, name).toHaveLength(1);
		return forms[0];
	};
	const text = await parse('wangcheng-2020.txt');
	const renditions: [string, NormalizedForm][] = [
		['txt', text],
		['gbk.txt', await parse('wangcheng-2020.gbk.txt')],
		['xlsx', await parse('wangcheng-2020.xlsx')],
		['pdf', await parse('wangcheng-2020.pdf')]
	];

	it('has the facts, so that agreeing is not agreeing on nothing', () => {
		expect(text.computed).toMatchObject({ rate: 0.9444, fundsScore: 9.44, totalScore: 99.44, grade: '优' });
		expect(text.findings.map((f) => f.code)).toContain('RATE_PRINTED_MISMATCH');
		expect(text.funds.rows).toHaveLength(1);
		expect(text.goals.planned).toMatch(/^1、全力推动/);
	});

	for (const [format, form] of renditions.slice(1)) {
		it(`${format} equals the text, findings included`, () => expectSameForm(form, text, format));
	}

	for (const [format, form] of renditions) {
		for (const exp of EXPORTS) {
			it(`${format} → ${exp[0]} → import gives it back`, async () => {
				const back = await throughExport([form], exp);
				expect(back).toHaveLength(1);
				expectSameForm(back[0], form, `${format}→${exp[0]}`);
			});
		}
	}
});

describe('the real forms survive the flat table and JSON', async () => {
	const dir = fileURLToPath(new URL('../../fixtures/real/', import.meta.url));
	const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));
	const parsed: [string, NormalizedForm[]][] = [];
	for (const file of files) parsed.push([file, await parseDocument(new Uint8Array(readFileSync(dir + file)), file, DEFAULT_SETTINGS)]);

	it('has real forms to try, some with reader notes to carry', () => {
		expect(parsed.length).toBeGreaterThanOrEqual(13);
		expect(parsed.some(([, forms]) => forms.some((f) => f.findings.some((x) => /^[A-Z_]+$/.test(x.code) && !x.code.startsWith('RATE'))))).toBe(true);
	});

	for (const exp of EXPORTS) {
		it(`each → ${exp[0]} → import gives it back (a flat table refuses a form without unit or year, naming the row)`, async () => {
			for (const [file, forms] of parsed) {
				const keyless = forms.some((f) => !f.unit?.trim() || f.year === null);
				if (keyless && exp[0] !== 'export.json') {
					const e = await throughExport(forms, exp).then(
						() => null,
						(err: unknown) => err
					);
					expect(e, file).toBeInstanceOf(ImportError);
					expect((e as ImportError).reason, file).toMatch(/^第 \d+ 行「(单位|年度)」为空/);
					continue;
				}
				const back = await throughExport(forms, exp);
				expect(back, file).toHaveLength(forms.length);
				back.forEach((f, i) => expectSameForm(f, forms[i], `${file}→${exp[0]}`));
			}
		});
	}
});

// ─────────────── any form the flat table can carry ───────────────

const CHARS = ['中', '共', 'a', 'Z', '1', '0', ',', '"', '\n', ' ', '%', '—', '；', '=', '≥', '\t'];
/** Text with something besides whitespace in it: a cell of spaces is an empty cell. */
const text = fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '');
const maybeText = fc.option(text, { nil: null });
const amount = fc.option(
	fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 100),
	{ nil: null }
);
const percentText = fc.integer({ min: 0, max: 20000 }).chain((k) => fc.constantFrom(`${k / 100}%`, `${(k / 100).toFixed(2)}%`));

const fundRow: fc.Arbitrary<FundRow> = fc
	.record({
		source: text,
		initialBudget: amount,
		budget: amount,
		executed: amount,
		transfer: amount,
		weight: amount,
		rate: fc.oneof(
			fc.constant(null),
			fc.integer({ min: 0, max: 20000 }).map((k) => ({ value: k / 10000 })),
			percentText.map((t) => ({ value: parseNumber(t)!.value, text: t }))
		),
		scorePrinted: amount
	})
	.map(({ rate, ...r }) => {
		const { scorePrinted, ...rest } = r;
		return { ...rest, ratePrinted: rate?.value ?? null, ...(rate && 'text' in rate ? { ratePrintedText: rate.text } : {}), scorePrinted };
	});

const indicator: fc.Arbitrary<Indicator> = fc
		.record({
			level1: maybeText,
			level2: maybeText,
			level3: maybeText,
			content: maybeText,
			// absent where the form has no 指标性质 (the flat table writes an empty cell for absent and null alike)
			nature: fc.option(fc.constantFrom('=', '≥', '≤', '定性'), { nil: undefined }),
			targetValue: maybeText,
			actualValue: maybeText,
			weight: amount,
			score: amount,
			reason: maybeText,
			measure: maybeText
		})
		.map(({ nature, ...ind }) => (nature === undefined ? ind : { ...ind, nature }))
		// an indicator with no field at all carries nothing the flat table could write
		.filter((ind) => Object.values(ind).some((v) => v !== null));

const note: fc.Arbitrary<Finding> = fc.record({
	code: fc.constantFrom('CELL_UNPLACED', 'YEAR_INFERRED', 'FUNDS_ROW_UNLABELLED'),
	severity: fc.constantFrom('error', 'warning', 'info'),
	message: text,
	where: maybeText
});

const readForm = (unit: string): fc.Arbitrary<ReadForm> =>
		fc
			.record({
				kind: fc.constantFrom('department', 'project'),
				title: maybeText,
				project: maybeText,
				supervisor: maybeText,
				implementer: maybeText,
				year: fc.integer({ min: 1990, max: 2100 }),
				moneyUnit: fc.constantFrom('万元', '元', null),
				subunitCount: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
				functions: maybeText,
				rateFormulaPrinted: fc.constantFrom('B/A', '(B-C)/A', 'B/A0', null),
				rows: fc.array(fundRow, { maxLength: 3 }),
				total: fc.option(fundRow, { nil: null }),
				goals: fc.record({ planned: maybeText, achieved: maybeText }),
				indicators: fc.array(indicator, { maxLength: 5 }),
				totalWeight: amount,
				totalScorePrinted: amount,
				gradePrinted: fc.constantFrom('优', '良', '中', '差', null),
				remarks: fc.option(text, { nil: undefined }),
				notes: fc.array(note, { maxLength: 2 })
			})
			.map(({ rows, total, remarks, ...r }) => ({ ...r, unit, funds: { rows, total }, ...(remarks !== undefined ? { remarks } : {}) }) as ReadForm);

const forms = fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => readForm(`单位${i + 1}`))));

describe('any form within what the flat table carries', () => {
	for (const [exp, runs] of [
		[EXPORTS[0], 150],
		[EXPORTS[1], 25],
		[EXPORTS[2], 150]
	] as const) {
		it(`comes back from ${exp[0]}`, async () => {
			await fc.assert(
				fc.asyncProperty(forms, async (read) => {
					const normalized = read.map((r) => evaluate(r, DEFAULT_SETTINGS));
					const back = await throughExport(normalized, exp);
					expect(back).toHaveLength(normalized.length);
					back.forEach((f, i) => expectSameForm(f, normalized[i], exp[0]));
				}),
				{ numRuns: runs }
			);
		});
	}
});
