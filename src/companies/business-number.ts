// 사업자등록번호: 10 digits, the last a check digit computed with the weights below.
const WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5];

export function normalizeBusinessNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export function isValidBusinessNumber(input: string): boolean {
  const digits = normalizeBusinessNumber(input);
  if (!/^\d{10}$/.test(digits)) return false;
  const d = [...digits].map(Number);
  let sum = WEIGHTS.reduce((acc, w, i) => acc + w * (d[i] ?? 0), 0);
  sum += Math.floor(((d[8] ?? 0) * 5) / 10);
  return (10 - (sum % 10)) % 10 === d[9];
}

/** Formats 1234567890 as 123-45-67890. */
export function formatBusinessNumber(digits: string): string {
  return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}
