import { Router } from 'express';
import { validate } from '../core/http/validate';
import { instituteCodeParams } from './params';
import { getInstitute, listInstitutes } from './service';

export const instituteApi = Router();

instituteApi.get('/institutes', async (_req, res) => {
  const institutes = await listInstitutes();
  res.json({ count: institutes.length, institutes });
});

instituteApi.get('/institutes/:code', async (req, res) => {
  const { code } = validate(instituteCodeParams, req.params);
  res.json(await getInstitute(code));
});
