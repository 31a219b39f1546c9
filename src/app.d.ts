// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Scope } from '$lib/server/auth/scope';
import type { SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		// interface Error {}
		interface Locals {
			/** the logged-in user (src/hooks.server.ts), null when not logged in */
			user: SessionUser | null;
			/**
			 * what the user may read: pass it as the last argument of the repositories' reading functions.
			 * null only on public routes without a login.
			 */
			scope: Scope | null;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
