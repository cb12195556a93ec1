// Case attachments (PDF and images) stored in the database with GridFS. The type is
// checked by the file's first bytes, not by the name or the browser's claim.
import { Readable } from 'node:stream';
import mongoose from 'mongoose';
import multer from 'multer';
import type { Actor } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { badRequest, conflict, notFound } from '../core/errors';
import { authorize } from '../policy/policy';
import { accessOf, loadVisibleCase, updateCase } from './store';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const MAX_ATTACHMENTS = 10;

const SIGNATURES: { type: string; bytes: number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
];

export function sniffType(data: Buffer): string | undefined {
  const isWebp =
    data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP';
  if (isWebp) return 'image/webp';
  return SIGNATURES.find((s) => s.bytes.every((b, i) => data[i] === b))?.type;
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

const safeName = (name: string) => name.replace(/[\\/\0\r\n"]/g, '_').slice(0, 150) || 'file';

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
  const contentType = sniffType(file.buffer);
  if (!contentType)
    throw badRequest('지원하지 않는 파일입니다.', { file: 'PDF, PNG, JPEG, GIF, WEBP 파일만 올릴 수 있습니다.' });
  const filename = safeName(file.originalname);
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
