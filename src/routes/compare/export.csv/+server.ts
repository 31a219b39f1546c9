import { exportComparison } from '../query';
import type { RequestHandler } from './$types';

/** The comparison table with its filters and order, every page, as CSV. */
export const GET: RequestHandler = ({ url, locals }) => exportComparison(url, locals.scope, 'csv');
