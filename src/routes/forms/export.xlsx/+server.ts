import { exportForms } from '../query';
import type { RequestHandler } from './$types';

/** The forms list with its filters, every page, as XLSX. */
export const GET: RequestHandler = ({ url, locals }) => exportForms(url, locals.scope, 'xlsx');
