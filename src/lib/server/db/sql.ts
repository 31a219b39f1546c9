/** Small SQL helpers shared by the repositories, written to mean the same on SQLite and PostgreSQL. */
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/** `column` contains `text` literally: LIKE with the wildcards in `text` escaped. */
export function containsText(column: Expression<unknown>, text: string): RawBuilder<SqlBool> {
	const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
	return sql<SqlBool>`${column} like ${pattern} escape '\\'`;
}
