/**
 * Zips built in the tests, byte by byte, so that a hostile archive (a bomb, a liar about its sizes) needs no
 * committed binary. Stored (method 0) and deflated (method 8) entries, no ZIP64.
 */
import { createDeflateRaw, crc32, deflateRawSync } from 'node:zlib';

export interface ZipInput {
	name: string;
	/** the bytes as they go in the archive (already deflated for method 8) */
	data: Uint8Array;
	method: 0 | 8;
	crc: number;
	/** uncompressed size written in the headers; a bomb may lie here */
	size: number;
}

export function storedEntry(name: string, bytes: Uint8Array): ZipInput {
	return { name, data: bytes, method: 0, crc: crc32(bytes), size: bytes.byteLength };
}

export function deflatedEntry(name: string, bytes: Uint8Array): ZipInput {
	return { name, data: deflateRawSync(bytes), method: 8, crc: crc32(bytes), size: bytes.byteLength };
}

export function zip(entries: ZipInput[]): Uint8Array {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const e of entries) {
		const name = Buffer.from(e.name, 'utf8');
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(0x0800, 6); // UTF-8 names
		local.writeUInt16LE(e.method, 8);
		local.writeUInt32LE(e.crc >>> 0, 14);
		local.writeUInt32LE(e.data.byteLength, 18);
		local.writeUInt32LE(e.size >>> 0, 22);
		local.writeUInt16LE(name.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x0800, 8);
		central.writeUInt16LE(e.method, 10);
		central.writeUInt32LE(e.crc >>> 0, 16);
		central.writeUInt32LE(e.data.byteLength, 20);
		central.writeUInt32LE(e.size >>> 0, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, Buffer.from(e.data));
		centrals.push(central, name);
		offset += 30 + name.length + e.data.byteLength;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

let zeros: Promise<{ data: Uint8Array; crc: number }> | null = null;

/**
 * 300 MB of zeros, deflated (about 300 KB), built by streaming one 1 MB buffer 300 times so that the test
 * never holds the 300 MB. Made once per test process.
 */
export function deflatedZeros(): Promise<{ data: Uint8Array; crc: number; size: number }> {
	const MB = 1024 * 1024;
	zeros ??= new Promise((resolve, reject) => {
		const chunk = Buffer.alloc(MB);
		let crc = 0;
		const parts: Buffer[] = [];
		const d = createDeflateRaw({ level: 9 });
		d.on('data', (b: Buffer) => parts.push(b));
		d.on('error', reject);
		d.on('end', () => resolve({ data: new Uint8Array(Buffer.concat(parts)), crc }));
		for (let i = 0; i < 300; i++) {
			crc = crc32(chunk, crc);
			d.write(chunk);
		}
		d.end();
	});
	return zeros.then((z) => ({ ...z, size: 300 * MB }));
}

/** A zip bomb: one entry of 300 MB of zeros. `declared` lets it lie about its size in the headers. */
export async function zipBomb(name = 'xl/worksheets/sheet1.xml', declared?: number): Promise<Uint8Array> {
	const z = await deflatedZeros();
	return zip([{ name, data: z.data, method: 8, crc: z.crc, size: declared ?? z.size }]);
}
