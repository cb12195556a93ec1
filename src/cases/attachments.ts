// Case attachments (PDF and images) stored in the database with GridFS. The type is
// the one the content itself shows (file-type reads each format's structure, not a
// name or the browser's claim), and the stored name carries that type's extension, so
// "report.html" holding a PNG is stored as "report.png" and served as image/png.
import { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import mongoose from 'mongoose';
import multer from 'multer';
import type { Actor } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { badRequest, conflict, notFound } from '../core/errors';
import { authorize } from '../policy/policy';
import { accessOf, loadVisibleCase, updateCase } from './store';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const MAX_ATTACHMENTS = 10;

/** The types accepted, by what the content is, with the extension each is stored under. */
const ACCEPTED: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** What the file is, by its content; undefined for anything not accepted. */
export async function detectType(data: Buffer): Promise<{ mime: string; ext: string } | undefined> {
  const found = await fileTypeFromBuffer(data);
  const ext = found && ACCEPTED[found.mime];
  return found && ext ? { mime: found.mime, ext } : undefined;
}

export const attachmentUpload = multer({
  storage: multer.memoryStorage(),
  // Browsers send UTF-8 file names (Korean) without declaring a charset.
  defParamCharset: 'utf8',
  limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 },
}).single('file');

function bucket() {
  const db = mongoose.connection.db;
  if (!db) throw new Error('the database is not connected');
  return new mongoose.mongo.GridFSBucket(db, { bucketName: 'attachments' });
}

/**
 * The name to store: without control and bidi characters (a right-to-left override can
 * make "exe.pdf" read as "fdp.exe"), path or quote characters, and with the extension of
 * the type the content is.
 */
export function safeName(name: string, ext: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[\\/"<>:|?*]/g, '_')
    .trim();
  const base = cleaned.replace(/\.[^.]*$/, '').slice(0, 140) || 'file';
  return `${base}.${ext}`;
}

export async function addAttachment(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  file: { originalname: string; buffer: Buffer } | undefined,
) {
  const c = await loadVisibleCase(actor, caseId);
  authorize(actor, 'case:attach', { case: accessOf(c) });
  if (!file) throw badRequest('파일을 골라 주세요.', { file: 'PDF나 이미지 파일을 골라 주세요.' });
  if (c.status === 'closed') throw conflict('종료된 과제에는 파일을 더할 수 없습니다.');
  if (c.attachments.length >= MAX_ATTACHMENTS) throw conflict(`첨부 파일은 ${MAX_ATTACHMENTS}개까지입니다.`);
  const type = await detectType(file.buffer);
  if (!type)
    throw badRequest('지원하지 않는 파일입니다.', { file: 'PDF, PNG, JPEG, GIF, WEBP 파일만 올릴 수 있습니다.' });
  const contentType = type.mime;
  const filename = safeName(file.originalname, type.ext);
  const upload = bucket().openUploadStream(filename, { metadata: { caseId: c._id, contentType } });
  await new Promise<void>((resolve, reject) =>
    Readable.from(file.buffer).pipe(upload).on('finish', resolve).on('error', reject),
  );
  const now = ctx.now();
  const attachment = {
    fileId: upload.id,
    filename,
    contentType,
    size: file.buffer.length,
    uploadedAt: now,
    uploadedBy: actor.id,
    uploadedByName: actor.name,
  };
  try {
    await updateCase(
      actor,
      c,
      { set: {}, push: { attachments: attachment }, audit: { action: 'attach', detail: filename } },
      now,
    );
  } catch (error) {
    await bucket().delete(upload.id);
    throw error;
  }
  return { id: String(upload.id), filename, contentType, size: attachment.size };
}

/**
 * Removes a file from an open case: the case update first (the audit keeps its name),
 * then the stored file. A crash between the two leaves an unreferenced file in GridFS,
 * never a listed file that cannot be opened.
 */
export async function removeAttachment(ctx: AppContext, actor: Actor, caseId: string, fileId: string) {
  const c = await loadVisibleCase(actor, caseId);
  const attachment = c.attachments.find((a) => String(a.fileId) === fileId);
  if (!attachment?.fileId) throw notFound('첨부 파일을 찾을 수 없습니다.');
  authorize(actor, 'case:detach', { case: accessOf(c), uploadedBy: attachment.uploadedBy });
  if (c.status === 'closed') throw conflict('종료된 과제의 파일은 지울 수 없습니다.');
  const now = ctx.now();
  const kept = c.attachments.filter((a) => String(a.fileId) !== fileId);
  const updated = await updateCase(
    actor,
    c,
    { set: { attachments: kept }, audit: { action: 'detach', detail: attachment.filename ?? '' } },
    now,
  );
  await bucket()
    .delete(attachment.fileId)
    .catch((error: unknown) => ctx.log.warn({ err: error, fileId }, 'stored file not deleted; it is no longer listed'));
  return updated;
}

export async function openAttachment(actor: Actor, caseId: string, fileId: string) {
  const c = await loadVisibleCase(actor, caseId);
  const attachment = c.attachments.find((a) => String(a.fileId) === fileId);
  if (!attachment?.fileId) throw notFound('첨부 파일을 찾을 수 없습니다.');
  return {
    filename: attachment.filename ?? 'file',
    contentType: attachment.contentType ?? 'application/octet-stream',
    stream: bucket().openDownloadStream(attachment.fileId),
  };
}
