/**
 * Generated documents go through the real import path (bytes → parseDocument) and must give back the facts
 * they were generated from, and the domain must raise the problems injected into them.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/lib/domain/form';
import { FINDING_CODES } from '../../../src/lib/domain/findings';
import { parseDocument } from '../../../src/lib/import';
import { PROBLEM_KINDS, generateDataset, type GeneratedDocument } from '../../../src/lib/demo';

/** The reader keeps printed text but normalises it as every cell is (NFKC, runs of spaces collapsed). */
const norm = (s: string | null) => (s === null ? null : s.normalize('NFKC').replace(/\s+/g, ' ').trim());

/** ~50 documents: the first showing each problem kind, then evenly spread clean and mixed ones. */
function sample(): GeneratedDocument[] {
	const all = [...generateDataset({ units: 300, years: 3, seed: 424242, limit: 1200 })];
	const picked = new Set<GeneratedDocument>();
	for (const kind of PROBLEM_KINDS) {
		const doc = all.find((d) => d.truth.problems.includes(kind));
		if (doc) picked.add(doc);
	}
	for (let i = 0; picked.size < 50 && i < all.length; i += 37) picked.add(all[i]);
	return [...picked];
}

const SAMPLE = sample();
const encoder = new TextEncoder();

describe('generated documents through parseDocument', () => {
	it('covers every problem kind, both layouts and clean forms', () => {
		expect(SAMPLE.length).toBeGreaterThanOrEqual(45);
		const shown = new Set(SAMPLE.flatMap((d) => d.truth.problems));
		for (const kind of PROBLEM_KINDS) expect(shown.has(kind), kind).toBe(true);
		expect(SAMPLE.some((d) => d.truth.kind === 'project')).toBe(true);
		expect(SAMPLE.some((d) => d.truth.formula === '(B-C)/A')).toBe(true);
		expect(SAMPLE.some((d) => d.truth.problems.length === 0)).toBe(true);
	});

	it.each(SAMPLE.map((d) => [d.fileName, d] as const))('%s reads back as generated', async (_name, doc) => {
		const forms = await parseDocument(encoder.encode(doc.text), doc.fileName, DEFAULT_SETTINGS);
		expect(forms).toHaveLength(1);
		const form = forms[0];
		const t = doc.truth;
		const zeroTotal = t.problems.includes('TOTAL_ROW_ZERO');

		expect(norm(form.unit)).toBe(norm(t.unit));
		expect(form.year).toBe(t.year);
		expect(form.kind).toBe(t.kind);
		expect(norm(form.project)).toBe(norm(t.project));
		expect(form.moneyUnit).toBe('万元');
		expect(form.rateFormulaPrinted).toBe(t.formula);
		// a total row printed as 0 is read as printed; the real amounts are the sources'
		expect(form.funds.total?.budget).toBe(zeroTotal ? 0 : t.budget);
		expect(form.funds.total?.executed).toBe(zeroTotal ? 0 : t.executed);
		if (!zeroTotal) expect(form.funds.total?.transfer ?? null).toBe(t.transfer);
		expect(form.funds.total?.weight).toBe(t.fundsWeight);
		expect(form.indicators).toHaveLength(t.indicatorCount);
		expect(form.totalScorePrinted).toBe(t.totalScore);
		if (!zeroTotal) expect(form.computed.rate).toBe(t.rate);

		const codes = new Set(form.findings.map((f) => f.code));
		for (const problem of t.problems) expect(codes.has(problem), `${problem} raised`).toBe(true);
		// nothing else worth an analyst's attention: the generator's clean parts must look clean
		const unexpected = form.findings.filter(
			(f) => !(t.problems as string[]).includes(f.code) && f.severity !== 'info'
		);
		expect(unexpected.map((f) => `${f.code}: ${f.message}`)).toEqual([]);
	});

	it('uses finding codes the domain knows', () => {
		for (const kind of PROBLEM_KINDS) expect(Object.keys(FINDING_CODES)).toContain(kind);
	});
});
