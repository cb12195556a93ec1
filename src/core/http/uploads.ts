// What an upload the multipart parser refused (too large, more than one file) tells the user.
import { AppError, badRequest } from '../errors';

export function uploadRefusal(error: unknown): AppError | undefined {
  if (!(error instanceof Error) || error.name !== 'MulterError') return undefined;
  const tooLarge = (error as { code?: string }).code === 'LIMIT_FILE_SIZE';
  return badRequest(tooLarge ? '파일은 10MB 이하만 올릴 수 있습니다.' : '파일 업로드 형식을 확인해 주세요.', {
    file: tooLarge ? '10MB 이하 파일을 골라 주세요.' : '파일을 하나만 골라 주세요.',
  });
}
