import { exportFindings } from '../query';
import type { RequestHandler } from './$types';

/** Every finding matching the page's filters, in its order, as XLSX. */
export const GET: RequestHandler = ({ url, locals }) => exportFindings(url, locals.scope, 'xlsx');
