// Shapes in which HTML forms and query strings send values, normalised before zod
// checks them: an empty field means "not given", a repeated field means a list.

/** '' or whitespace → undefined. */
export const blankAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** Absent or '' → [], one value → [value], a list stays a list. */
export const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);

/** A checkbox or JSON boolean. */
export const asFlag = (v: unknown) => v === true || v === 'true' || v === 'on' || v === '1';
