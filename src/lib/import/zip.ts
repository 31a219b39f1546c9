/**
 * Just enough of the zip format to look inside an archive before trusting it: XLSX workbooks and uploaded
 * batches are zips, and a zip bomb must be refused before anything inflates it. Node's zlib does the
 * inflating with a hard output cap, so an archive that lies about its sizes is still stopped.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
	name: string;
	method: number;
	compressedSize: number;
	uncompressedSize: number;
	localHeaderOffset: number;
	encrypted: boolean;
	isDirectory: boolean;
}

/** Thrown for archives that cannot be read or break a limit; the message is for users (Chinese). */
export class ZipError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ZipError';
	}
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function view(bytes: Uint8Array): DataView {
	return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The central directory's entries, or null when the bytes are not a readable zip. */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] | null {
	if (bytes.byteLength < 22) return null;
	const dv = view(bytes);
	// end of central directory: 22 bytes plus a comment of at most 65535 bytes, searched from the end
	let eocd = -1;
	for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 0xffff); i--) {
		if (dv.getUint32(i, true) === EOCD) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) return null;
	const count = dv.getUint16(eocd + 10, true);
	const size = dv.getUint32(eocd + 12, true);
	const offset = dv.getUint32(eocd + 16, true);
	if (offset + size > bytes.byteLength) return null;
	const decoder = new TextDecoder('utf-8');
	const gbk = safeGbkDecoder();
	const entries: ZipEntry[] = [];
	let p = offset;
	for (let n = 0; n < count; n++) {
		if (p + 46 > bytes.byteLength || dv.getUint32(p, true) !== CENTRAL) return null;
		const flags = dv.getUint16(p + 8, true);
		const method = dv.getUint16(p + 10, true);
		const compressedSize = dv.getUint32(p + 20, true);
		const uncompressedSize = dv.getUint32(p + 24, true);
		const nameLength = dv.getUint16(p + 28, true);
		const extraLength = dv.getUint16(p + 30, true);
		const commentLength = dv.getUint16(p + 32, true);
		const localHeaderOffset = dv.getUint32(p + 42, true);
		const rawName = bytes.subarray(p + 46, p + 46 + nameLength);
		// bit 11 marks UTF-8 names; Chinese Windows zip tools write GBK without it
		const name = flags & 0x800 || !gbk ? decoder.decode(rawName) : gbk.decode(rawName);
		entries.push({
			name,
			method,
			compressedSize,
			uncompressedSize,
			localHeaderOffset,
			encrypted: (flags & 1) === 1,
			isDirectory: name.endsWith('/')
		});
		p += 46 + nameLength + extraLength + commentLength;
	}
	return entries;
}

function safeGbkDecoder(): TextDecoder | null {
	try {
		return new TextDecoder('gbk');
	} catch {
		return null;
	}
}

export interface ExtractLimits {
	/** total uncompressed bytes allowed for all entries together */
	maxTotalBytes: number;
	/** number of files allowed */
	maxEntries: number;
}

export interface ExtractedFile {
	name: string;
	bytes: Uint8Array;
}

/**
 * Every file in the archive (directories and macOS resource forks skipped), refusing archives whose declared
 * or actual size breaks the limits. Entries are inflated with a cap of the remaining budget.
 */
export function extractZip(bytes: Uint8Array, limits: ExtractLimits): ExtractedFile[] {
	const entries = listZipEntries(bytes);
	if (!entries) throw new ZipError('压缩包已损坏或不是 zip 格式');
	const files = entries.filter((e) => !e.isDirectory && !e.name.startsWith('__MACOSX/'));
	if (files.length > limits.maxEntries) {
		throw new ZipError(`压缩包内有 ${files.length} 个文件，超过每批 ${limits.maxEntries} 个的上限`);
	}
	const declared = files.reduce((s, e) => s + e.uncompressedSize, 0);
	if (declared > limits.maxTotalBytes) {
		throw new ZipError(
			`压缩包解压后共 ${mb(declared)}，超过 ${mb(limits.maxTotalBytes)} 的上限（可能是压缩炸弹），已拒绝`
		);
	}
	const dv = view(bytes);
	let budget = limits.maxTotalBytes;
	const out: ExtractedFile[] = [];
	for (const e of files) {
		if (e.encrypted) throw new ZipError(`压缩包内的「${e.name}」已加密，无法读取`);
		const p = e.localHeaderOffset;
		if (p + 30 > bytes.byteLength || dv.getUint32(p, true) !== LOCAL) {
			throw new ZipError(`压缩包已损坏：「${e.name}」的数据不完整`);
		}
		const start = p + 30 + dv.getUint16(p + 26, true) + dv.getUint16(p + 28, true);
		const data = bytes.subarray(start, start + e.compressedSize);
		if (data.byteLength < e.compressedSize) throw new ZipError(`压缩包已损坏：「${e.name}」的数据不完整`);
		let content: Uint8Array;
		if (e.method === 0) {
			content = data.slice();
		} else if (e.method === 8) {
			try {
				content = new Uint8Array(inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }));
			} catch (err) {
				if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|too large/i.test(String(err))) {
					throw new ZipError(`压缩包解压后超过 ${mb(limits.maxTotalBytes)} 的上限（可能是压缩炸弹），已拒绝`);
				}
				throw new ZipError(`压缩包已损坏：「${e.name}」无法解压`);
			}
		} else {
			throw new ZipError(`压缩包内的「${e.name}」使用了不支持的压缩方式（${e.method}）`);
		}
		budget -= content.byteLength;
		if (budget < 0) {
			throw new ZipError(`压缩包解压后超过 ${mb(limits.maxTotalBytes)} 的上限（可能是压缩炸弹），已拒绝`);
		}
		out.push({ name: e.name, bytes: content });
	}
	return out;
}

function mb(n: number): string {
	return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
