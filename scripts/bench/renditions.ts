/**
 * The seed form's XLSX and PDF renditions, made distinct per run without changing what they hold: the
 * import skips bytes it has stored, so each run needs new bytes. A PDF reader ignores a comment after
 * %%EOF; a zip (XLSX) carries an archive comment in its end record.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib';

export const RENDITIONS = ['wangcheng-2020.xlsx', 'wangcheng-2020.pdf'] as const;

export function renditionBytes(name: string): Uint8Array {
	return new Uint8Array(fs.readFileSync(path.join(ROOT, 'test/fixtures', name)));
}

export function variant(bytes: Uint8Array, name: string, i: number): Uint8Array {
	const tag = Buffer.from(`bench ${i}`);
	if (name.endsWith('.pdf')) return Buffer.concat([bytes, Buffer.from(`\n% ${tag}\n`)]);
	// the end-of-central-directory record: signature PK\x05\x06, its comment length at offset 20
	const eocd = Buffer.from(bytes).lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	if (eocd < 0) throw new Error(`${name}: 不是 zip 文件`);
	const head = Buffer.from(bytes.subarray(0, eocd + 22));
	const oldComment = Buffer.from(bytes).readUInt16LE(eocd + 20);
	if (oldComment !== 0 || eocd + 22 !== bytes.length) throw new Error(`${name}: zip 已有注释`);
	head.writeUInt16LE(tag.length, eocd + 20);
	return Buffer.concat([head, tag]);
}
