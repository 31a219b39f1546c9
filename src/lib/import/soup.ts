/** Placeholder, replaced below. */
import type { Ctx } from './context';
import type { IndicatorRole } from './aliases';

export interface SoupRow {
	cells: { text: string; index: number }[];
	where: string;
	first: number;
}

export function soupRows(ctx: Ctx, region: number[], roles: IndicatorRole[]): SoupRow[] {
	void roles;
	return region.map((k) => ({ cells: [{ text: ctx.toks[k].text, index: k }], where: ctx.toks[k].where, first: k }));
}
