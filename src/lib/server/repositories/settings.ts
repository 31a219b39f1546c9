import type { Kysely } from 'kysely';
import { DEFAULT_SETTINGS, RATE_FORMULAS, type RateFormula, type Settings } from '../../domain/form';
import type { Database } from '../db/schema';

/** One row per Settings key, the value as JSON; keys never stored read as their default. */
export async function getSettings(db: Kysely<Database>): Promise<Settings> {
	const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
	const stored = new Map(rows.map((r) => [r.key, parseJson(r.value)]));
	const settings: Settings = { ...DEFAULT_SETTINGS };
	const formula = stored.get('defaultRateFormula');
	if (isRateFormula(formula)) settings.defaultRateFormula = formula;
	const alertLine = stored.get('alertLine');
	if (isAlertLine(alertLine)) settings.alertLine = alertLine;
	return settings;
}

/** Store the given settings (others unchanged); rejects invalid values instead of storing them. */
export async function setSettings(
	db: Kysely<Database>,
	patch: Partial<Settings>,
	now = new Date().toISOString()
): Promise<Settings> {
	const entries: [string, unknown][] = [];
	if (patch.defaultRateFormula !== undefined) {
		if (!isRateFormula(patch.defaultRateFormula))
			throw new Error(`未知的执行率公式: ${String(patch.defaultRateFormula)}（可选 ${RATE_FORMULAS.join('、')}）`);
		entries.push(['defaultRateFormula', patch.defaultRateFormula]);
	}
	if (patch.alertLine !== undefined) {
		if (!isAlertLine(patch.alertLine))
			throw new Error(`执行率预警线应为 0 到 1 之间的小数（0.9 表示 90%），收到 ${String(patch.alertLine)}`);
		entries.push(['alertLine', patch.alertLine]);
	}
	for (const [key, value] of entries) {
		await db
			.insertInto('settings')
			.values({ key, value: JSON.stringify(value), updated_at: now })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
			.execute();
	}
	return getSettings(db);
}

/**
 * Set in the transaction that changes settings, cleared when every stored form has been re-evaluated under
 * them (services/recompute.ts): a pass cut short by a restart is resumed at start-up. Not a Settings key. Each
 * change writes a new token, so that a pass clears only the mark of the change it applied, never a newer one.
 */
const RECOMPUTE_PENDING = 'recomputePending';

export async function markRecomputePending(db: Kysely<Database>, now = new Date().toISOString()): Promise<string> {
	const token = JSON.stringify(`${now} ${Math.random().toString(36).slice(2)}`);
	await db
		.insertInto('settings')
		.values({ key: RECOMPUTE_PENDING, value: token, updated_at: now })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: token, updated_at: now }))
		.execute();
	return token;
}

/** The pending change's token, or null when every form is evaluated under the stored settings. */
export async function recomputePendingToken(db: Kysely<Database>): Promise<string | null> {
	const row = await db.selectFrom('settings').select('value').where('key', '=', RECOMPUTE_PENDING).executeTakeFirst();
	return row?.value ?? null;
}

export async function isRecomputePending(db: Kysely<Database>): Promise<boolean> {
	return (await recomputePendingToken(db)) !== null;
}

/** Clear the mark if it is still the given change's (a newer change keeps its own). */
export async function clearRecomputePending(db: Kysely<Database>, token: string): Promise<void> {
	await db.deleteFrom('settings').where('key', '=', RECOMPUTE_PENDING).where('value', '=', token).execute();
}

function isRateFormula(v: unknown): v is RateFormula {
	return typeof v === 'string' && (RATE_FORMULAS as readonly string[]).includes(v);
}

function isAlertLine(v: unknown): v is number {
	return typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 1;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
