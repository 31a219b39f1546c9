/**
 * Chromium's PDFs name the wrong characters for many Chinese glyphs: 长 is extracted as ⻓ (U+2ED3), 门 as ⻔,
 * 自 as ⾃. Noto CJK draws a radical and its ideograph with one glyph, and Skia's ToUnicode map gives each
 * glyph the *first* code point that uses it — the radical, which sorts before the ideographs. The PDF looks
 * right but searching it for 长沙 finds nothing, and neither does anything that reads its text (our own PDF
 * importer included). This rewrites the ToUnicode maps so those glyphs read as the ideographs, appending the
 * corrected maps as a PDF incremental update (the original bytes are kept; readers take the newer objects).
 */
import { deflateSync, inflateSync } from 'node:zlib';

/**
 * CJK Radicals Supplement → the ideograph Noto CJK draws with the same glyph (read from the fonts' cmap
 * tables: code points of the supplement sharing a glyph with an ideograph, the lowest such ideograph; the
 * Sans and Serif collections, all their regional faces, agree). Kangxi radicals (U+2F00–U+2FD5) need no table:
 * their NFKC form is the ideograph.
 */
const SUPPLEMENT: Record<number, number> = {
	0x2e82: 0x4e5b, 0x2e83: 0x4e5a, 0x2e85: 0x4ebb, 0x2e87: 0x20628, 0x2e89: 0x5202, 0x2e8b: 0x353e,
	0x2e8d: 0x2d544, 0x2e8e: 0x5140, 0x2e8f: 0x5c23, 0x2e90: 0x5c22, 0x2e92: 0x5df3, 0x2e93: 0x5e7a,
	0x2e94: 0x5f51, 0x2e95: 0x5f50, 0x2e96: 0x5fc4, 0x2e98: 0x624c, 0x2e99: 0x6535, 0x2e9b: 0x65e1,
	0x2e9e: 0x6b7a, 0x2e9f: 0x6bcd, 0x2ea0: 0x6c11, 0x2ea1: 0x6c35, 0x2ea3: 0x706c, 0x2ea4: 0x722b,
	0x2ea6: 0x4e2c, 0x2ea8: 0x72ad, 0x2ea9: 0x248e9, 0x2eab: 0x7f52, 0x2ead: 0x793b, 0x2eae: 0x25ad7,
	0x2eaf: 0x7cf9, 0x2eb0: 0x7e9f, 0x2eb1: 0x7f53, 0x2eb2: 0x7f52, 0x2eb3: 0x34c1, 0x2eb9: 0x8002,
	0x2eba: 0x8080, 0x2ebd: 0x26951, 0x2ebe: 0x8279, 0x2ebf: 0x8279, 0x2ec1: 0x864e, 0x2ec2: 0x8864,
	0x2ec3: 0x8980, 0x2ec4: 0x897f, 0x2ec5: 0x89c1, 0x2ec6: 0x89d2, 0x2ec7: 0x278b2, 0x2ec8: 0x8ba0,
	0x2ec9: 0x8d1d, 0x2eca: 0x27fb7, 0x2ecb: 0x8f66, 0x2ecc: 0x8fb6, 0x2ecd: 0x8fb6, 0x2ece: 0x8fb6,
	0x2ed0: 0x9485, 0x2ed1: 0x9577, 0x2ed2: 0x9578, 0x2ed3: 0x957f, 0x2ed4: 0x95e8, 0x2ed5: 0x28e0f,
	0x2ed6: 0x961d, 0x2ed8: 0x9752, 0x2ed9: 0x97e6, 0x2eda: 0x9875, 0x2edb: 0x98ce, 0x2edc: 0x98de,
	0x2edd: 0x98df, 0x2ede: 0x2967f, 0x2edf: 0x98e0, 0x2ee0: 0x9963, 0x2ee1: 0x29810, 0x2ee2: 0x9a6c,
	0x2ee3: 0x9aa8, 0x2ee4: 0x9b3c, 0x2ee5: 0x9c7c, 0x2ee6: 0x9e1f, 0x2ee7: 0x5364, 0x2ee8: 0x9ea6,
	0x2ee9: 0x9ec4, 0x2eea: 0x9efe, 0x2eeb: 0x6589, 0x2eec: 0x9f50, 0x2eed: 0x6b6f, 0x2eee: 0x9f7f,
	0x2eef: 0x7adc, 0x2ef0: 0x9f99, 0x2ef1: 0x9f9c, 0x2ef2: 0x4e80, 0x2ef3: 0x9f9f,
};

/** The ideograph a radical code point stands for in extracted text; other code points unchanged. */
export function ideographOf(cp: number): number {
	if (cp >= 0x2e80 && cp <= 0x2eff) return SUPPLEMENT[cp] ?? cp;
	if (cp >= 0x2f00 && cp <= 0x2fdf) return String.fromCodePoint(cp).normalize('NFKC').codePointAt(0) ?? cp;
	return cp;
}

const isRadical = (cp: number) => cp >= 0x2e80 && cp <= 0x2fdf && ideographOf(cp) !== cp;

function utf16ToString(hex: string): string {
	const units: number[] = [];
	for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
	return String.fromCharCode(...units);
}

function stringToUtf16(text: string): string {
	let hex = '';
	for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
	return hex;
}

function mapText(text: string): string {
	let out = '';
	for (const ch of text) out += String.fromCodePoint(ideographOf(ch.codePointAt(0)!));
	return out;
}

/**
 * One ToUnicode CMap with radicals replaced by their ideographs; null when it names no radical. Entries are
 * written back as bfchar (ranges that cross a radical are expanded), the rest of the CMap kept as it was.
 */
export function fixToUnicodeCMap(cmap: string): string | null {
	const first = cmap.search(/\d+\s+beginbf(char|range)/);
	const end = cmap.lastIndexOf('endcmap');
	if (first < 0 || end < first) return null;
	const entries: [string, string][] = [];
	let changed = false;
	const block = /beginbf(char|range)([\s\S]*?)endbf\1/g;
	for (let m = block.exec(cmap); m; m = block.exec(cmap)) {
		const body = m[2];
		if (m[1] === 'char') {
			for (const e of body.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) entries.push([e[1], e[2]]);
			continue;
		}
		for (const e of body.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]*)>|\[([^\]]*)\])/g)) {
			const width = e[1].length;
			const lo = parseInt(e[1], 16);
			const hi = parseInt(e[2], 16);
			const code = (n: number) => n.toString(16).toUpperCase().padStart(width, '0');
			if (e[4] !== undefined) {
				const targets = [...e[4].matchAll(/<([0-9A-Fa-f]*)>/g)].map((t) => t[1]);
				targets.forEach((t, i) => lo + i <= hi && entries.push([code(lo + i), t]));
			} else {
				// the last UTF-16 unit counts up along the range
				const base = e[3];
				const prefix = base.slice(0, -4);
				const last = parseInt(base.slice(-4), 16);
				for (let c = lo; c <= hi; c++) entries.push([code(c), prefix + (last + c - lo).toString(16).toUpperCase().padStart(4, '0')]);
			}
		}
	}
	const fixed = entries.map(([code, dst]): [string, string] => {
		const text = utf16ToString(dst);
		if (![...text].some((ch) => isRadical(ch.codePointAt(0)!))) return [code, dst];
		changed = true;
		return [code, stringToUtf16(mapText(text))];
	});
	if (!changed) return null;
	let blocks = '';
	for (let i = 0; i < fixed.length; i += 100) {
		const part = fixed.slice(i, i + 100);
		blocks += `${part.length} beginbfchar\n${part.map(([c, d]) => `<${c}> <${d}>`).join('\n')}\nendbfchar\n`;
	}
	return cmap.slice(0, first) + blocks + cmap.slice(end);
}

interface PdfObject {
	num: number;
	gen: number;
	/** the stream's bytes as stored */
	data: Buffer;
	flate: boolean;
}

function readStreamObject(pdf: Buffer, text: string, num: number, gen: number): PdfObject | null {
	// the last definition wins (a PDF may already carry updates)
	const head = new RegExp(`(?:^|[\\r\\n\\s])${num}\\s+${gen}\\s+obj\\s*<<`, 'g');
	let at = -1;
	for (let m = head.exec(text); m; m = head.exec(text)) at = m.index + m[0].length;
	if (at < 0) return null;
	const dictEnd = text.indexOf('>>', at);
	const streamAt = text.indexOf('stream', dictEnd);
	if (dictEnd < 0 || streamAt < 0 || !/^\s*$/.test(text.slice(dictEnd + 2, streamAt))) return null;
	const dict = text.slice(at, dictEnd);
	// nested dictionaries (DecodeParms) or an indirect /Length: not what Chromium writes, left alone
	if (dict.includes('<<')) return null;
	const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
	if (!length) return null;
	let start = streamAt + 'stream'.length;
	if (text[start] === '\r') start++;
	if (text[start] === '\n') start++;
	const filters = /\/Filter\s*(\/\w+|\[[^\]]*\])/.exec(dict)?.[1] ?? '';
	if (filters && filters.replace(/[[\]\s]/g, '') !== '/FlateDecode') return null;
	return { num, gen, data: pdf.subarray(start, start + Number(length[1])), flate: filters !== '' };
}

/**
 * The PDF with its ToUnicode maps naming ideographs instead of radicals, or the same bytes when nothing
 * needs fixing or the file is not laid out as Chromium writes it (classic xref table and trailer).
 */
export function fixPdfText(input: Uint8Array): Uint8Array {
	const pdf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
	const text = pdf.toString('latin1');
	const trailerAt = text.lastIndexOf('trailer');
	const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
	if (trailerAt < 0 || !startxref) return input;
	const trailer = text.slice(trailerAt, text.indexOf('startxref', trailerAt));
	const size = /\/Size\s+(\d+)/.exec(trailer)?.[1];
	const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1];
	const info = /\/Info\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1];
	if (!size || !root) return input;

	const refs = new Map<string, [number, number]>();
	for (const m of text.matchAll(/\/ToUnicode\s+(\d+)\s+(\d+)\s+R/g)) refs.set(`${m[1]} ${m[2]}`, [Number(m[1]), Number(m[2])]);
	const updates: { num: number; gen: number; body: Buffer }[] = [];
	for (const [num, gen] of refs.values()) {
		const obj = readStreamObject(pdf, text, num, gen);
		if (!obj) continue;
		let cmap: string;
		try {
			cmap = (obj.flate ? inflateSync(obj.data) : obj.data).toString('latin1');
		} catch {
			continue;
		}
		const fixed = fixToUnicodeCMap(cmap);
		if (fixed === null) continue;
		const data = deflateSync(Buffer.from(fixed, 'latin1'));
		updates.push({
			num,
			gen,
			body: Buffer.concat([
				Buffer.from(`${num} ${gen} obj\n<</Filter /FlateDecode\n/Length ${data.length}>> stream\n`, 'latin1'),
				data,
				Buffer.from('\nendstream\nendobj\n', 'latin1')
			])
		});
	}
	if (updates.length === 0) return input;

	const parts: Buffer[] = [pdf];
	let offset = pdf.length;
	if (text[text.length - 1] !== '\n') {
		parts.push(Buffer.from('\n'));
		offset++;
	}
	const xref: string[] = [];
	updates.sort((a, b) => a.num - b.num);
	for (const u of updates) {
		xref.push(`${u.num} 1\n${String(offset).padStart(10, '0')} ${String(u.gen).padStart(5, '0')} n \n`);
		parts.push(u.body);
		offset += u.body.length;
	}
	const tail =
		`xref\n${xref.join('')}trailer\n<</Size ${size}\n/Root ${root}${info ? `\n/Info ${info}` : ''}\n/Prev ${startxref[1]}>>\n` +
		`startxref\n${offset}\n%%EOF\n`;
	parts.push(Buffer.from(tail, 'latin1'));
	return new Uint8Array(Buffer.concat(parts));
}
