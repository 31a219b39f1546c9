import { load } from '../../src/routes/+page.server';
console.log(typeof load);
