/**
 * The roster of budget units: unit i is computed from (seed, i) alone, so a dataset of any size can be
 * walked lazily, and a unit's history (budget and execution rate year after year) is recomputed from its
 * own stream rather than kept in memory.
 *
 * Units come in county blocks, as a finance bureau sees them: every department kind once, then towns and
 * their health centres, in an order shuffled per county so that a small dataset still mixes kinds.
 */
import { Rng, hashSeed } from './random';
import {
	CITIES,
	DEPARTMENTS,
	PLACE_FIRST,
	PLACE_SECOND,
	SECTORS,
	TOWN_FIRST,
	TOWN_KINDS,
	TOWN_SECOND,
	TOWNS_PER_COUNTY,
	type DepartmentKind,
	type Region,
	type Sector
} from './vocabulary';

export const UNITS_PER_COUNTY = DEPARTMENTS.length + TOWNS_PER_COUNTY;

const PLACE_NAMES = PLACE_FIRST.length * PLACE_SECOND.length;

/** Stream keys, so that the draws for one purpose never shift when another purpose draws more. */
export const STREAM = {
	county: 1,
	unit: 2,
	drift: 3,
	rename: 4,
	form: 5,
	projects: 6
} as const;

export interface County {
	/** 衡山县, 长沙市望城区 … */
	place: string;
	/** last character of the place (县, 区, 市), used in aliases: （县委老干部局） */
	suffix: string;
	region: Region;
	/** slot → kind: index into DEPARTMENTS, or DEPARTMENTS.length + k for the k-th town unit */
	order: number[];
	towns: string[];
}

export interface UnitProfile {
	index: number;
	/** the unit's name in its usual spelling (with full-width brackets) */
	name: string;
	sector: Sector;
	region: Region;
	/** 主管部门 of its projects, usual spelling (the unit itself when it has none above it in the county) */
	supervisor: string;
	/** another spelling the unit uses in some years (renamed units only) */
	variant: string | null;
	/** median budget, 万元 */
	budgetBase: number;
	/** tendency to spend its budget: > 0 executes well, < 0 often late */
	diligence: number;
	/** 所属独立核算单位个数 */
	subunits: number;
	/** projects it reports on, in the order they are taken up */
	projects: string[];
	/** how many projects it runs against the dataset's average */
	projectFactor: number;
}

function countyOf(seed: number, c: number): County {
	const rng = new Rng(hashSeed(seed, STREAM.county, c));
	// a permutation of the place names (7919 is prime and does not divide 600), so neighbours differ
	const nameIndex = (c * 7919) % PLACE_NAMES;
	const base = PLACE_FIRST[nameIndex % PLACE_FIRST.length] + PLACE_SECOND[Math.floor(nameIndex / PLACE_FIRST.length)];
	// past the first 600 counties the same two characters recur, so the city prefix keeps names apart
	// (31 cities, 601 prime: (c div 600 + c) mod 31 differs for every county sharing a name)
	const cityIndex = (Math.floor(c / PLACE_NAMES) + c) % CITIES.length;
	const [city, region] = CITIES[cityIndex];
	const suffix = rng.weighted([
		['县', 6],
		['区', 3],
		['市', 1]
	] as const);
	const prefixed = suffix === '区' || c >= PLACE_NAMES;
	const place = `${prefixed ? city : ''}${base}${suffix}`;
	const order = rng.shuffle(Array.from({ length: UNITS_PER_COUNTY }, (_, i) => i));
	const towns: string[] = [];
	for (const first of TOWN_FIRST) for (const second of TOWN_SECOND) towns.push(first + second);
	return { place, suffix, region, order, towns: rng.sample(towns, TOWNS_PER_COUNTY) };
}

/** Fills {p} (place), {s} (its last character) and {t} (a town) into a name pattern. */
function fill(pattern: string, county: County, town = ''): string {
	return pattern.replaceAll('{p}', county.place).replaceAll('{s}', county.suffix).replaceAll('{t}', town);
}

/**
 * A different spelling of the same unit, as forms print it from one year to the next: without 中共, with
 * half-width brackets, or with a space after the place name.
 */
function variantOf(name: string, place: string, rng: Rng): string {
	const options: string[] = [];
	if (name.startsWith('中共')) options.push(name.slice(2));
	if (name.includes('（')) options.push(name.replaceAll('（', '(').replaceAll('）', ')'));
	const at = name.indexOf(place);
	if (at >= 0 && at + place.length < name.length) {
		const cut = at + place.length;
		options.push(`${name.slice(0, cut)}${rng.chance(0.3) ? '  ' : ' '}${name.slice(cut)}`);
	}
	return options.length > 0 ? rng.pick(options) : `${name} `;
}

/** Keeps the last county computed: units are walked in index order, a county at a time. */
export class Roster {
	private lastCounty = -1;
	private county: County | null = null;

	constructor(private readonly seed: number) {}

	private countyAt(c: number): County {
		if (c !== this.lastCounty || !this.county) {
			this.county = countyOf(this.seed, c);
			this.lastCounty = c;
		}
		return this.county;
	}

	unit(index: number): UnitProfile {
		const c = Math.floor(index / UNITS_PER_COUNTY);
		const county = this.countyAt(c);
		const slot = county.order[index % UNITS_PER_COUNTY];
		const rng = new Rng(hashSeed(this.seed, STREAM.unit, index));

		let kind: DepartmentKind;
		let name: string;
		if (slot < DEPARTMENTS.length) {
			kind = DEPARTMENTS[slot];
			name = fill(kind.name, county);
		} else {
			const k = slot - DEPARTMENTS.length;
			kind = rng.weighted(TOWN_KINDS.map((t) => [t, t.weight] as const));
			name = fill(kind.name, county, county.towns[k]);
		}
		const supervisor = kind.parent ? fill(kind.parent, county) : name;

		const renamed = rng.chance(0.15);
		const variant = renamed ? variantOf(name, county.place, rng) : null;
		// log-normal around ~1000 万元 × the kind's scale: medians of the mix land near 800 万元
		const budgetBase = 1000 * kind.scale * Math.exp(0.85 * rng.normal());
		const diligence = rng.normal();
		const subunits = kind.sector === 'town' || kind.sector === 'education' ? rng.int(0, 12) : rng.int(0, 2);
		const projects = rng.shuffle(SECTORS[kind.sector].projects);
		const projectFactor = rng.pick([0.2, 0.6, 1, 1.4, 1.8]);
		return {
			index,
			name,
			sector: kind.sector,
			region: county.region,
			supervisor,
			variant,
			budgetBase,
			diligence,
			subunits,
			projects,
			projectFactor
		};
	}
}

/**
 * A fresh execution rate: mostly 85–100%, a block at exactly 100%, a tail down to 30%, a few above 100%.
 * Units with low diligence fall into the tail more often.
 */
export function drawRate(rng: Rng, diligence: number, project: boolean): number {
	const lag = Math.max(0, -diligence);
	const above = 0.03;
	const full = project ? 0.38 : 0.2;
	const veryLow = 0.02 + 0.015 * lag;
	const low = 0.06 + 0.05 * lag;
	const u = rng.next();
	if (u < above) return 1 + rng.float(0.003, 0.08);
	if (u < above + full) return 1;
	if (u < above + full + veryLow) return rng.float(0.3, 0.6);
	if (u < above + full + veryLow + low) return rng.float(0.6, 0.85);
	return Math.max(0.85, 1 - Math.abs(rng.normal()) * 0.045 - 0.001);
}

export interface UnitYear {
	/** 全年预算数, 万元 */
	budget: number;
	rate: number;
}

/**
 * The unit's budget and execution rate in its k-th year: each year's budget grows or shrinks a little from
 * the last, and the rate either carries over with some noise or is drawn afresh.
 */
export function unitYear(seed: number, unit: UnitProfile, k: number): UnitYear {
	let budget = unit.budgetBase;
	let rate = 0;
	for (let y = 0; y <= k; y++) {
		const rng = new Rng(hashSeed(seed, STREAM.drift, unit.index, y));
		if (y > 0) budget *= Math.exp(0.03 + 0.12 * rng.normal());
		const fresh = drawRate(rng, unit.diligence, false);
		if (y === 0 || rng.chance(0.45)) rate = fresh;
		else if (rate !== 1 || rng.chance(0.4)) {
			// spending over budget is an accident of one year, not a trend: only a fresh draw goes above 100%
			rate = Math.min(rate > 1 ? 1.08 : 1, Math.max(0.3, rate + 0.025 * rng.normal()));
		}
	}
	return { budget: clampBudget(budget), rate };
}

/** Budgets stay within [lo, hi] 万元 (a unit's: ~20 to ~50,000) without piling up at the bounds. */
export function clampBudget(wan: number, lo = 20, hi = 50000): number {
	if (wan > hi) return hi * (0.6 + 0.4 * ((wan / hi) % 1));
	if (wan < lo) return lo + (wan % lo);
	return wan;
}

/** Which of the unit's years print its variant name: never the first, at least one other when it has one. */
export function variantYears(seed: number, unit: UnitProfile, years: number): Set<number> {
	const out = new Set<number>();
	if (!unit.variant || years < 2) return out;
	const rng = new Rng(hashSeed(seed, STREAM.rename, unit.index));
	for (let k = 1; k < years; k++) if (rng.chance(0.6)) out.add(k);
	if (out.size === 0) out.add(years - 1);
	return out;
}
