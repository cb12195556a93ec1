// The desk's registry import page: upload an .xlsx or CSV file, see what was imported
// or, when any row is wrong, every rejected row with its column and message.
import { Router } from 'express';
import { actorOf, requireUser } from '../core/http/auth';
import { requireCsrfToken } from '../core/http/csrf';
import { formProblem } from '../core/http/forms';
import { badRequest } from '../core/errors';
import { importUpload, mayImport } from './api';
import { COLUMNS } from './import-file';
import { importRegistryFile, SHOWN_REJECTIONS } from './imports';

/** Two example rows under the headers: the format docs/equipment.md describes. */
const SAMPLE_ROWS = [
  [
    'KBSI',
    'KBSI-S0001',
    '전계방출형 주사전자현미경 (FE-SEM)',
    'Field Emission Scanning Electron Microscope',
    'SU8600',
    'Hitachi High-Tech',
    '분석장비 > 전자현미경',
    '표면 미세조직 관찰; 파단면 분석',
    'surface microstructure; fractography',
    '분해능: 0.6 nm @ 15 kV; 배율: x20 ~ x2,000,000',
    '분석동 2층 201호',
    '120000',
    '시간',
    '김민준',
    '042-865-0000',
    'sem@kbsi.example',
    '사용가능',
  ],
  [
    'KTL',
    'KTL-S0002',
    '열충격 시험기',
    'Thermal Shock Chamber',
    'TSA-73EL',
    'ESPEC',
    '시험장비 > 환경시험기',
    '열충격 신뢰성 시험',
    'thermal shock testing',
    '온도 범위: -65 ~ 200 ℃',
    '시험동 1층 105호',
    '50000',
    '시간',
    '이서연',
    '02-860-0000',
    'ts@ktl.example',
    '수리중',
  ],
];

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function sampleCsv(): string {
  const lines = [COLUMNS.map((c) => c.header), ...SAMPLE_ROWS].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function importPages(): Router {
  const pages = Router();

  pages.get('/equipment/import', requireUser, mayImport, (_req, res) => {
    res.render('equipment/import', { titleKey: 'equipmentImport.title', columns: COLUMNS });
  });

  pages.get('/equipment/import/sample.csv', requireUser, mayImport, (_req, res) => {
    res.type('text/csv; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="equipment-sample.csv"');
    res.send(sampleCsv());
  });

  pages.post('/equipment/import', requireUser, mayImport, requireCsrfToken, importUpload, async (req, res) => {
    try {
      if (!req.file) throw badRequest('파일을 골라 주세요.', { file: '.xlsx나 CSV 파일을 골라 주세요.' });
      const report = await importRegistryFile(actorOf(req), req.file.buffer, req.file.originalname);
      res.status(report.imported ? 200 : 422).render('equipment/import', {
        titleKey: 'equipmentImport.title',
        columns: COLUMNS,
        filename: req.file.originalname,
        report: report.imported ? report : { ...report, shown: report.rejected.slice(0, SHOWN_REJECTIONS) },
      });
    } catch (error) {
      const problem = formProblem(error);
      res
        .status(problem.status)
        .render('equipment/import', { titleKey: 'equipmentImport.title', columns: COLUMNS, problem });
    }
  });

  return pages;
}
