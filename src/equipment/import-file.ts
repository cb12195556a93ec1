// Reading an equipment registry file (.xlsx or CSV, docs/equipment.md gives the
// columns): each row becomes a registry row checked by registryRowSchema, and every
// row that fails is reported with its spreadsheet row number, column and message. A
// file with any rejected row is not imported at all, so nothing is half-imported.
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { registryRowSchema, rowKey, type RegistryRow } from './registry-row';

/** The most rows one file may hold (the message below says the same number). */
export const MAX_IMPORT_ROWS = 60_000;

type Field =
  | 'instituteCode'
  | 'registryId'
  | 'name'
  | 'nameEn'
  | 'model'
  | 'maker'
  | 'category'
  | 'uses'
  | 'usesEn'
  | 'specs'
  | 'location'
  | 'fee'
  | 'feeUnit'
  | 'manager'
  | 'managerPhone'
  | 'managerEmail'
  | 'status';

/** Each column: its Korean header (as written in the sample file) and the other headers accepted. */
export const COLUMNS: { field: Field; header: string; aliases: string[] }[] = [
  { field: 'instituteCode', header: '기관코드', aliases: ['institute_code', 'institute'] },
  { field: 'registryId', header: '장비등록번호', aliases: ['registry_id', '등록번호', 'id'] },
  { field: 'name', header: '장비명', aliases: ['name', 'name_ko', '국문장비명'] },
  { field: 'nameEn', header: '영문장비명', aliases: ['name_en'] },
  { field: 'model', header: '모델명', aliases: ['model'] },
  { field: 'maker', header: '제작사', aliases: ['maker', 'manufacturer'] },
  { field: 'category', header: '장비분류', aliases: ['category', '분류'] },
  { field: 'uses', header: '주요용도', aliases: ['uses', '용도', '주요기능'] },
  { field: 'usesEn', header: '영문용도', aliases: ['uses_en'] },
  { field: 'specs', header: '주요사양', aliases: ['specs', '사양'] },
  { field: 'location', header: '설치장소', aliases: ['location'] },
  { field: 'fee', header: '이용료', aliases: ['fee', '이용료(원)'] },
  { field: 'feeUnit', header: '이용료단위', aliases: ['fee_unit'] },
  { field: 'manager', header: '담당자', aliases: ['manager', 'manager_name'] },
  { field: 'managerPhone', header: '담당자연락처', aliases: ['manager_phone', '연락처'] },
  { field: 'managerEmail', header: '담당자이메일', aliases: ['manager_email', '이메일'] },
  { field: 'status', header: '상태', aliases: ['status'] },
];
const REQUIRED: Field[] = ['instituteCode', 'registryId', 'name'];

const FEE_UNITS: Record<string, string> = {
  시간: 'hour',
  시료: 'sample',
  일: 'day',
  hour: 'hour',
  sample: 'sample',
  day: 'day',
};
const STATUSES: Record<string, string> = {
  사용가능: 'available',
  가능: 'available',
  수리중: 'repair',
  사용불가: 'unavailable',
  불가: 'unavailable',
  available: 'available',
  repair: 'repair',
  unavailable: 'unavailable',
};

export type Rejection = { row: number; column: string; message: string };
export type ParsedFile = { rows: RegistryRow[]; rejected: Rejection[]; read: number };

const headerKey = (text: string) => text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/** CSV cells as written: exceljs would otherwise try every cell as a number and a date (slow, and lossy). */
const asText = (value: string) => value;

async function firstSheet(data: Buffer, filename: string): Promise<ExcelJS.Worksheet | undefined> {
  const book = new ExcelJS.Workbook();
  if (/\.csv$/i.test(filename))
    return book.csv.read(Readable.from(data.toString('utf8').replace(/^\uFEFF/, '')), { map: asText });
  await book.xlsx.load(data as unknown as ArrayBuffer);
  return book.worksheets[0];
}

const list = (text: string) =>
  text
    .split(/[;|\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

function specsOf(text: string) {
  return list(text).map((part) => {
    const at = part.indexOf(':');
    return at > 0 ? { label: part.slice(0, at).trim(), value: part.slice(at + 1).trim() } : { label: part, value: '' };
  });
}

function feeOf(amount: string, unit: string): unknown {
  if (!amount.trim()) return undefined;
  const number = Number(amount.replace(/[,\s원]/g, ''));
  return {
    unit: FEE_UNITS[unit.trim().toLowerCase()] ?? (unit.trim() || 'hour'),
    amount: Number.isFinite(number) ? number : amount,
  };
}

/** A row's cells as the registry row it should be (before the schema checks it). */
function candidateOf(cells: Partial<Record<Field, string>>): unknown {
  const get = (field: Field) => (cells[field] ?? '').trim();
  const manager = { name: get('manager'), phone: get('managerPhone'), email: get('managerEmail') };
  return {
    instituteCode: get('instituteCode'),
    registryId: get('registryId'),
    name: get('name'),
    nameEn: get('nameEn'),
    model: get('model'),
    maker: get('maker'),
    category: get('category'),
    uses: list(get('uses')),
    usesEn: list(get('usesEn')),
    specs: specsOf(get('specs')),
    location: get('location'),
    fee: feeOf(get('fee'), get('feeUnit')),
    ...(manager.name || manager.phone || manager.email ? { manager } : {}),
    status: STATUSES[get('status').replace(/\s/g, '').toLowerCase()] ?? (get('status') || 'available'),
  };
}

/** The spreadsheet column a schema issue belongs to. */
function columnOf(path: PropertyKey[]): string {
  const [first, , last] = path;
  const field: Field =
    first === 'fee'
      ? path.includes('unit')
        ? 'feeUnit'
        : 'fee'
      : first === 'manager'
        ? last === 'phone' || path.includes('phone')
          ? 'managerPhone'
          : path.includes('email')
            ? 'managerEmail'
            : 'manager'
        : (first as Field);
  return COLUMNS.find((c) => c.field === field)?.header ?? String(first);
}

function headerFields(sheet: ExcelJS.Worksheet): { fields: Map<number, Field>; missing: string[] } {
  const fields = new Map<number, Field>();
  sheet.getRow(1).eachCell((cell, column) => {
    const key = headerKey(cellText(cell.value));
    const found = COLUMNS.find((c) => headerKey(c.header) === key || c.aliases.some((a) => headerKey(a) === key));
    if (found) fields.set(column, found.field);
  });
  const present = new Set(fields.values());
  const missing = REQUIRED.filter((f) => !present.has(f)).map((f) => COLUMNS.find((c) => c.field === f)?.header ?? f);
  return { fields, missing };
}

/** Row 0 of a rejection means the file as a whole. */
const WHOLE_FILE = 0;

/** A file refused as a whole: nothing read from it. */
const refusedFile = (message: string, row = WHOLE_FILE, column = ''): ParsedFile => ({
  rows: [],
  read: 0,
  rejected: [{ row, column, message }],
});

/** Reads and checks every row of the file; writes nothing. */
export async function parseRegistryFile(data: Buffer, filename: string): Promise<ParsedFile> {
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    sheet = await firstSheet(data, filename);
  } catch {
    return refusedFile('.xlsx나 CSV 파일로 읽을 수 없습니다.');
  }
  if (!sheet || sheet.rowCount < 2) return refusedFile('머리글 아래에 장비 행이 없습니다.');
  const { fields, missing } = headerFields(sheet);
  if (missing.length) return refusedFile('꼭 필요한 열이 없습니다.', 1, missing.join(', '));
  if (sheet.rowCount - 1 > MAX_IMPORT_ROWS) return refusedFile('한 번에 60,000행까지 가져올 수 있습니다.');
  const rows: RegistryRow[] = [];
  const rejected: Rejection[] = [];
  const seen = new Map<string, number>();
  let read = 0;
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells: Partial<Record<Field, string>> = {};
    row.eachCell((cell, column) => {
      const field = fields.get(column);
      if (field) cells[field] = cellText(cell.value);
    });
    if (!Object.values(cells).some((v) => v?.trim())) return;
    read++;
    const parsed = registryRowSchema.safeParse(candidateOf(cells));
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        rejected.push({ row: number, column: columnOf(issue.path), message: issue.message });
      return;
    }
    const key = rowKey(parsed.data);
    const earlier = seen.get(key);
    if (earlier)
      rejected.push({ row: number, column: '장비등록번호', message: `${earlier}행과 기관코드·등록번호가 같습니다.` });
    else {
      seen.set(key, number);
      rows.push(parsed.data);
    }
  });
  return { rows, rejected, read };
}
