/**
 * Bytes → text. Forms arrive as UTF-8 (with or without BOM), UTF-16 from Windows tools, or GBK/GB18030 from
 * older Chinese office software; the encoding is detected, never assumed.
 */
import iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
	text: string;
	encoding: TextEncoding;
	/** true when the source started with a byte-order mark */
	bom: boolean;
}

/** Decodes a text file: BOMs first, then strict UTF-8, then GB18030 (a superset of GBK and GB2312). */
export function decodeText(bytes: Uint8Array): DecodedText {
	if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
		return { text: normalizeNewlines(utf8(bytes.subarray(3), false)), encoding: 'utf-8', bom: true };
	}
	if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
		return { text: normalizeNewlines(new TextDecoder('utf-16le').decode(bytes.subarray(2))), encoding: 'utf-16le', bom: true };
	}
	if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
		return { text: normalizeNewlines(new TextDecoder('utf-16be').decode(bytes.subarray(2))), encoding: 'utf-16be', bom: true };
	}
	try {
		return { text: normalizeNewlines(utf8(bytes, true)), encoding: 'utf-8', bom: false };
	} catch {
		// not valid UTF-8: GB18030 decodes every GBK file identically and also covers the rarer characters
		const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
		return { text: normalizeNewlines(text), encoding: 'gb18030', bom: false };
	}
}

function utf8(bytes: Uint8Array, fatal: boolean): string {
	// ignoreBOM: a BOM was already stripped above; a second one would be content
	return new TextDecoder('utf-8', { fatal, ignoreBOM: true }).decode(bytes);
}

/** CRLF and lone CR (old Mac exports) become LF so that line numbers agree across platforms. */
export function normalizeNewlines(text: string): string {
	return text.replace(/\r\n?/g, '\n');
}

/**
 * Whether bytes look like text: few control characters besides tab/newline. Used to refuse binary files
 * that match no known format instead of parsing garbage.
 */
export function looksLikeText(text: string): boolean {
	if (text.length === 0) return true;
	let bad = 0;
	let replacement = 0;
	for (const ch of text) {
		const c = ch.codePointAt(0)!;
		if (c === 0xfffd) replacement++;
		else if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c) || c === 0x7f) bad++;
	}
	const n = text.length;
	return bad / n < 0.01 && replacement / n < 0.02;
}
