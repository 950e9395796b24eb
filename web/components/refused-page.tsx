import type { Context } from 'hono';
import type { AppError } from '../../api/errors.js';
import { refusalText } from '../request.js';
import { Notice, Page, type Section } from './layout.js';

/** A plain form post the API refused, as a page of its own: why, and the way back, with the API's status. */
export function refusedPage(
  c: Context,
  refused: AppError,
  page: { title: string; section: Section; back: readonly [href: string, text: string] },
) {
  const [href, text] = page.back;
  return c.html(
    <Page title={page.title} section={page.section}>
      <Notice kind="error">{refusalText(refused)}</Notice>
      <a href={href}>{text}</a>
    </Page>,
    refused.status,
  );
}
