/**
 * A small seeded PRNG (mulberry32) and the draws the generator needs. Math.random is never used: the same
 * seed must give the same documents on every machine, and a document must not depend on the ones generated
 * before it (each is drawn from its own stream, keyed by seed, unit, year and project).
 */

/** Mixes integers into one 32-bit seed (murmur3 finaliser steps), so neighbouring keys give unrelated streams. */
export function hashSeed(...parts: number[]): number {
	let h = 0x9e3779b9;
	for (const part of parts) {
		let k = Math.imul(part | 0, 0xcc9e2d51);
		k = (k << 15) | (k >>> 17);
		k = Math.imul(k, 0x1b873593);
		h ^= k;
		h = (h << 13) | (h >>> 19);
		h = (Math.imul(h, 5) + 0xe6546b64) | 0;
		// parts above 2^32 (large seeds) still count
		const high = Math.floor(part / 4294967296);
		if (high !== 0) h = Math.imul(h ^ high, 0x85ebca6b);
	}
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

export class Rng {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) | 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Integer in [lo, hi], both included. */
	int(lo: number, hi: number): number {
		return lo + Math.floor(this.next() * (hi - lo + 1));
	}

	float(lo: number, hi: number): number {
		return lo + this.next() * (hi - lo);
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	/** Picks by weight: [[item, weight], …]. */
	weighted<T>(pairs: readonly (readonly [T, number])[]): T {
		let total = 0;
		for (const [, w] of pairs) total += w;
		let x = this.next() * total;
		for (const [item, w] of pairs) {
			x -= w;
			if (x < 0) return item;
		}
		return pairs[pairs.length - 1][0];
	}

	/** Standard normal (Box–Muller). */
	normal(): number {
		const u = 1 - this.next();
		const v = this.next();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	poisson(lambda: number): number {
		const limit = Math.exp(-lambda);
		let k = 0;
		let p = this.next();
		while (p > limit && k < 50) {
			k++;
			p *= this.next();
		}
		return k;
	}

	/** Fisher–Yates on a copy. */
	shuffle<T>(items: readonly T[]): T[] {
		const out = items.slice();
		for (let i = out.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[out[i], out[j]] = [out[j], out[i]];
		}
		return out;
	}

	/** `count` distinct items, in random order (all of them when there are fewer). */
	sample<T>(items: readonly T[], count: number): T[] {
		return this.shuffle(items).slice(0, Math.max(0, count));
	}
}
