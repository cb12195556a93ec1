// What an upload the multipart parser refused (too large, more than one file) tells the user.
import type { RequestHandler, Response } from 'express';
import { AppError, badRequest } from '../errors';
import { singleFileUpload } from '../files';

export function uploadRefusal(error: unknown): AppError | undefined {
  if (!(error instanceof Error) || error.name !== 'MulterError') return undefined;
  const tooLarge = (error as { code?: string }).code === 'LIMIT_FILE_SIZE';
  return badRequest(tooLarge ? '파일은 10MB 이하만 올릴 수 있습니다.' : '파일 업로드 형식을 확인해 주세요.', {
    file: tooLarge ? '10MB 이하 파일을 골라 주세요.' : '파일을 하나만 골라 주세요.',
  });
}

/**
 * Parses a form's one file (core/files.ts); a refused upload is kept for the form's
 * handler to report beside the file field (`uploadProblem`), not thrown as a 500.
 */
export const fileUploadForForm: RequestHandler = (req, res, next) =>
  singleFileUpload(req, res, (error: unknown) => {
    if (error) res.locals.uploadProblem = uploadRefusal(error) ?? error;
    next();
  });

/** Throws what the upload parser refused, if anything. */
export function assertUploadAccepted(res: Response): void {
  if (res.locals.uploadProblem) throw res.locals.uploadProblem;
}

/** Sends a stored file as a download, under its stored type (never sniffed as another). */
export function sendStoredFile(
  res: Response,
  file: { filename: string; contentType: string; stream: NodeJS.ReadableStream },
): void {
  res.setHeader('content-type', file.contentType);
  res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
  res.setHeader('x-content-type-options', 'nosniff');
  file.stream.on('error', () => res.destroy()).pipe(res);
}
