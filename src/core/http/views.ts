import type { Express } from 'express';
import { engine } from 'express-handlebars';
import path from 'node:path';

export const VIEWS_DIR = path.resolve(import.meta.dirname, '../../../views');

const helpers = {
  eq: (a: unknown, b: unknown) => a === b,
  join: (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : '',
  count: (list: unknown) => (Array.isArray(list) ? list.length : 0),
};

export function useHandlebars(app: Express): void {
  app.engine(
    'hbs',
    engine({
      extname: '.hbs',
      defaultLayout: 'main',
      layoutsDir: path.join(VIEWS_DIR, 'layouts'),
      partialsDir: path.join(VIEWS_DIR, 'partials'),
      helpers,
    }),
  );
  app.set('view engine', 'hbs');
  app.set('views', VIEWS_DIR);
}
