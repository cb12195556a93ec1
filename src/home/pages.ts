import { Router } from 'express';

export const homePages = Router();

homePages.get('/', (_req, res) => {
  res.render('home/index', { title: '소부장 기업-연구기관 매칭' });
});
