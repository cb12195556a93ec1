import { Router } from 'express';
import { validate } from '../core/http/validate';
import { instituteCodeParams } from './params';
import { getInstitute, institutesByField } from './service';

export const institutePages = Router();

institutePages.get('/institutes', async (_req, res) => {
  const groups = await institutesByField();
  const total = groups.reduce((sum, g) => sum + g.institutes.length, 0);
  res.render('institutes/list', { titleKey: 'institutes.title', groups, total });
});

institutePages.get('/institutes/:code', async (req, res) => {
  const { code } = validate(instituteCodeParams, req.params);
  const institute = await getInstitute(code);
  res.render('institutes/detail', { title: institute.nameKo, institute });
});
