import { Router } from 'express';

export const homePages = Router();

homePages.get('/', (_req, res) => {
  res.render('home/index', { titleKey: 'home.title' });
});
