// Uploaded files (PDF and images) stored in the database with GridFS: case attachments
// and designation certificates. The type is the one the content itself shows (file-type
// reads each format's structure, not a name or the browser's claim), and the stored name
// carries that type's extension, so "report.html" holding a PNG is stored as "report.png"
// and served as image/png.
import { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import mongoose from 'mongoose';
import multer from 'multer';
import { badRequest } from './errors';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** The types accepted, by what the content is, with the extension each is stored under. */
const ACCEPTED: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** What the file is, by its content; undefined for anything not accepted. */
async function detectType(data: Buffer): Promise<{ mime: string; ext: string } | undefined> {
  const found = await fileTypeFromBuffer(data);
  const ext = found && ACCEPTED[found.mime];
  return found && ext ? { mime: found.mime, ext } : undefined;
}

/** One file from a multipart form's `file` field, held in memory up to the size limit. */
export const singleFileUpload = multer({
  storage: multer.memoryStorage(),
  // Browsers send UTF-8 file names (Korean) without declaring a charset.
  defParamCharset: 'utf8',
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 },
}).single('file');

export function fileBucket() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('the database is not connected');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: 'attachments' });
}

/**
 * The name to store: without control and bidi characters (a right-to-left override can
 * make "exe.pdf" read as "fdp.exe"), path or quote characters, and with the extension of
 * the type the content is.
 */
function safeName(name: string, ext: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[\\/"<>:|?*]/g, '_')
    .trim();
  const base = cleaned.replace(/\.[^.]*$/, '').slice(0, 140) || 'file';
  return `${base}.${ext}`;
}

export type UploadedFile = { originalname: string; buffer: Buffer };
export type StoredFile = { fileId: mongoose.Types.ObjectId; filename: string; contentType: string; size: number };

/** Checks the file is a PDF or an image by its content and stores it; refuses anything else. */
export async function storeFile(
  file: UploadedFile | undefined,
  metadata: Record<string, unknown>,
): Promise<StoredFile> {
  if (!file) throw badRequest('파일을 골라 주세요.', { file: 'PDF나 이미지 파일을 골라 주세요.' });
  const type = await detectType(file.buffer);
  if (!type)
    throw badRequest('지원하지 않는 파일입니다.', { file: 'PDF, PNG, JPEG, GIF, WEBP 파일만 올릴 수 있습니다.' });
  const filename = safeName(file.originalname, type.ext);
  const upload = fileBucket().openUploadStream(filename, { metadata: { ...metadata, contentType: type.mime } });
  await new Promise<void>((resolve, reject) =>
    Readable.from(file.buffer).pipe(upload).on('finish', resolve).on('error', reject),
  );
  return { fileId: upload.id, filename, contentType: type.mime, size: file.buffer.length };
}
