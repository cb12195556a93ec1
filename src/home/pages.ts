import { Router } from 'express';
import { registryCount } from '../equipment/catalog';

export const homePages = Router();

// The instruments counted are those in the registry now, not a figure from a brochure.
homePages.get('/', async (_req, res) => {
  res.render('home/index', { titleKey: 'home.title', instruments: await registryCount() });
});

/** The privacy policy the sign-up form's consent links to. */
homePages.get('/privacy', (_req, res) => {
  res.render('home/privacy', { titleKey: 'privacy.title' });
});
