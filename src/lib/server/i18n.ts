/**
 * The reader's language for the whole request: Paraglide's middleware runs the rest of the request (auth,
 * load functions, rendering, endpoints) with the locale it finds, so `m.*()` and `getLocale()` answer in it,
 * and `%lang%` in app.html becomes `<html lang="…">`.
 *
 * The locale comes from the cookie alone (strategy in vite.config.ts), so the middleware is handed a copy of
 * the request without its body: it clones what it is given, and cloning the real request would tee its body
 * stream — a 25 MB upload held in memory a second time.
 */
import type { Handle } from '@sveltejs/kit';
import { paraglideMiddleware } from '../paraglide/server';

export const i18nHandle: Handle = ({ event, resolve }) =>
	paraglideMiddleware(new Request(event.url, { headers: event.request.headers }), ({ locale }) =>
		resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) })
	);
