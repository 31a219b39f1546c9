import { exportYears } from '../query';
import type { RequestHandler } from './$types';

/** Units × years of the chosen metric, every unit matching the filters, as XLSX. */
export const GET: RequestHandler = ({ url, locals }) => exportYears(url, locals.scope, 'xlsx');
