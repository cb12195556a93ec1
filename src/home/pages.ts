import { Router } from 'express';

export const homePages = Router();

homePages.get('/', (_req, res) => {
  res.render('home/index', { titleKey: 'home.title' });
});

/** The privacy policy the sign-up form's consent links to. */
homePages.get('/privacy', (_req, res) => {
  res.render('home/privacy', { titleKey: 'privacy.title' });
});
