// Case attachments (PDF and images), stored and checked by core/files.ts.
import type { Actor } from '../accounts/roles';
import type { AppContext } from '../core/context';
import { badRequest, conflict, notFound } from '../core/errors';
import { fileBucket as bucket, MAX_UPLOAD_BYTES, singleFileUpload, storeFile } from '../core/files';
import { authorize } from '../policy/policy';
import { accessOf, loadVisibleCase, updateCase } from './store';

export const MAX_ATTACHMENT_BYTES = MAX_UPLOAD_BYTES;
export const attachmentUpload = singleFileUpload;
const MAX_ATTACHMENTS = 10;

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
  const stored = await storeFile(file, { caseId: c._id });
  const { fileId, filename, contentType } = stored;
  const now = ctx.now();
  const attachment = {
    ...stored,
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
    await bucket().delete(fileId);
    throw error;
  }
  return { id: String(fileId), filename, contentType, size: attachment.size };
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
