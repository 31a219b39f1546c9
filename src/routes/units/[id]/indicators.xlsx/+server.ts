import { exportIndicators } from '../query';
import type { RequestHandler } from './$types';

/** The chosen year's department form's indicator tree, as XLSX. */
export const GET: RequestHandler = ({ params, url, locals }) => exportIndicators(params.id, url, locals.scope, 'xlsx');
