/**
 * Chromium names radicals for Chinese glyphs in its PDFs' text (长 → ⻓); fixPdfText rewrites the ToUnicode
 * maps as an incremental update. A small PDF built here, laid out as Chromium writes them, is fixed and read
 * back with pdfjs.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixPdfText, fixToUnicodeCMap, ideographOf } from '../../../src/lib/server/services/pdf-text';

const CMAP_HEAD = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo
<<  /Registry (Adobe)
/Ordering (UCS)
/Supplement 0
>> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
`;
const CMAP_TAIL = `endcmap
CMapName currentdict /CMap defineresource pop
end
end`;

function cmap(body: string): string {
	return CMAP_HEAD + body + CMAP_TAIL;
}

describe('ideographOf', () => {
	it('reads radicals as the ideographs drawn with the same glyph', () => {
		expect(String.fromCodePoint(ideographOf(0x2ed3))).toBe('长');
		expect(String.fromCodePoint(ideographOf(0x2ed4))).toBe('门');
		expect(String.fromCodePoint(ideographOf(0x2f83))).toBe('自');
		expect(String.fromCodePoint(ideographOf(0x2f00))).toBe('一');
		expect(ideographOf(0x957f)).toBe(0x957f);
		expect(ideographOf(0x41)).toBe(0x41);
	});
});

describe('fixToUnicodeCMap', () => {
	it('rewrites bfchar entries naming radicals and leaves a clean map alone', () => {
		const fixed = fixToUnicodeCMap(cmap('2 beginbfchar\n<01> <2ED3>\n<02> <6C99>\nendbfchar\n'));
		expect(fixed).toContain('<01> <957F>');
		expect(fixed).toContain('<02> <6C99>');
		expect(fixed?.startsWith(CMAP_HEAD)).toBe(true);
		expect(fixed?.endsWith(CMAP_TAIL)).toBe(true);
		expect(fixToUnicodeCMap(cmap('1 beginbfchar\n<01> <6C99>\nendbfchar\n'))).toBeNull();
	});

	it('expands ranges that cross a radical, keeping every other code', () => {
		const fixed = fixToUnicodeCMap(cmap('1 beginbfrange\n<10> <12> <2ED2>\nendbfrange\n1 beginbfrange\n<20> <21> [<2F83> <0041>]\nendbfrange\n'))!;
		expect(fixed).toContain('<10> <9578>');
		expect(fixed).toContain('<11> <957F>');
		expect(fixed).toContain('<12> <95E8>');
		expect(fixed).toContain('<20> <81EA>');
		expect(fixed).toContain('<21> <0041>');
		expect(fixed).not.toContain('beginbfrange');
	});
});

/** A one-page PDF with a Type3 font whose ToUnicode names ⻓ for code 1 and 沙 for code 2, written as Skia does. */
const GLYPH = '1000 0 d0 0 0 m 1000 0 l 1000 1000 l f';

function chromiumLikePdf(): Uint8Array {
	const toUnicode = deflateSync(Buffer.from(cmap('2 beginbfchar\n<01> <2ED3>\n<02> <6C99>\nendbfchar\n'), 'latin1'));
	const content = Buffer.from('BT /F1 24 Tf 72 720 Td <0102> Tj ET', 'latin1');
	const objects: Buffer[] = [
		Buffer.from('<</Type /Catalog /Pages 2 0 R>>'),
		Buffer.from('<</Type /Pages /Kids [3 0 R] /Count 1>>'),
		Buffer.from('<</Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources <</Font <</F1 5 0 R>>>>>>'),
		Buffer.concat([Buffer.from(`<</Length ${content.length}>> stream\n`), content, Buffer.from('\nendstream')]),
		Buffer.from(
			'<</Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] ' +
				'/CharProcs <</g1 7 0 R /g2 7 0 R>> /Encoding <</Type /Encoding /Differences [1 /g1 /g2]>> ' +
				'/FirstChar 1 /LastChar 2 /Widths [1000 1000] /Resources <<>> /ToUnicode 6 0 R>>'
		),
		Buffer.concat([Buffer.from(`<</Filter /FlateDecode\n/Length ${toUnicode.length}>> stream\n`), toUnicode, Buffer.from('\nendstream')]),
		Buffer.from(`<</Length ${GLYPH.length}>> stream\n${GLYPH}\nendstream`)
	];
	const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xd3\xeb\xe9\xe1\n', 'latin1')];
	const offsets: number[] = [];
	let at = parts[0].length;
	objects.forEach((body, i) => {
		const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
		offsets.push(at);
		parts.push(obj);
		at += obj.length;
	});
	const xref =
		`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
		offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
		`trailer\n<</Size ${objects.length + 1}\n/Root 1 0 R>>\nstartxref\n${at}\n%%EOF\n`;
	parts.push(Buffer.from(xref, 'latin1'));
	return new Uint8Array(Buffer.concat(parts));
}

async function pdfText(bytes: Uint8Array): Promise<string> {
	const require = createRequire(import.meta.url);
	const root = require.resolve('pdfjs-dist/package.json').replace(/package\.json$/, '');
	const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
	pdfjs.GlobalWorkerOptions.workerSrc = pathToFileURL(`${root}legacy/build/pdf.worker.mjs`).href;
	const doc = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
	const content = await (await doc.getPage(1)).getTextContent();
	await doc.destroy();
	return content.items.map((i) => ('str' in i ? i.str : '')).join('');
}

describe('fixPdfText', () => {
	it('makes the text read 长沙 instead of ⻓沙, as an update after the original bytes', async () => {
		const original = chromiumLikePdf();
		expect(await pdfText(original)).toBe('⻓沙');
		const fixed = fixPdfText(original);
		expect(Buffer.from(fixed.subarray(0, original.length)).equals(Buffer.from(original))).toBe(true);
		const tail = Buffer.from(fixed.subarray(original.length)).toString('latin1');
		expect(tail).toMatch(/^6 0 obj\n/);
		expect(tail).toMatch(/\/Prev \d+>>\nstartxref\n\d+\n%%EOF\n$/);
		// the new xref entry points at the new object
		const offset = Number(/xref\n6 1\n(\d{10}) 00000 n \n/.exec(tail)![1]);
		expect(Buffer.from(fixed.subarray(offset, offset + 8)).toString('latin1')).toBe('6 0 obj\n');
		const stream = /stream\n([\s\S]*?)\nendstream/.exec(tail)![1];
		expect(inflateSync(Buffer.from(stream, 'latin1')).toString('latin1')).toContain('<01> <957F>');
		expect(await pdfText(fixed)).toBe('长沙');
	});

	it('returns the same bytes when nothing names a radical, or the file is not a PDF it knows', () => {
		const clean = fixPdfText(fixPdfText(chromiumLikePdf()));
		expect(fixPdfText(clean)).toBe(clean);
		const notPdf = new TextEncoder().encode('hello');
		expect(fixPdfText(notPdf)).toBe(notPdf);
	});
});
