import fc from 'fast-check';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../api/app.js';
import { VISIBLE_TEXT_PATTERN, visibleText } from '../../../api/schemas.js';
import { loadEnv } from '../../../config/env.js';

const pattern = new RegExp(VISIBLE_TEXT_PATTERN, 'u');
const label = visibleText(12);
// control characters, every kind of space, lone surrogate halves, astral characters, plain text
const piece = fc.oneof(
  fc.constantFrom(
    '\u0000',
    '\t',
    '\n',
    '\u007f',
    ' ',
    '\u00a0',
    '\u2028',
    '\u3000',
    '\ufeff',
    '\ud800',
    '\udfff',
  ),
  fc.constantFrom('😀', '𝔸', 'é', 'A', 'b', '-', '0'),
  fc.string({ unit: 'grapheme', maxLength: 3 }),
);
const text = fc.array(piece, { maxLength: 16 }).map((parts) => parts.join(''));

describe('what the OpenAPI document says about text fields', () => {
  it('the pattern and maxLength accept exactly what validation accepts (after trimming; lone surrogates aside)', () => {
    fc.assert(
      fc.property(text, (s) => {
        const wellFormed = !/[\ud800-\udfff]/u.test(s);
        const documented = pattern.test(s) && wellFormed && [...s.trim()].length <= 12;
        expect(label.safeParse(s).success).toBe(documented);
      }),
      { numRuns: 2000 },
    );
  });

  async function documentOf(env: Record<string, string> = {}) {
    const app = createApp({
      env: loadEnv(env),
      sql: {} as never,
      temporal: {} as never,
      cipher: {} as never,
      log: pino({ level: 'silent' }),
      gmailSettings: {} as never,
    });
    return (await (await app.request('/openapi.json')).json()) as {
      components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
      paths: Record<
        string,
        Record<
          string,
          {
            parameters: { name: string; schema: Record<string, unknown> }[];
            responses: Record<string, { links?: Record<string, { operationRef: string }> }>;
          }
        >
      >;
    };
  }

  it('puts the pattern and limits on POST /api/connections and the callback state', async () => {
    const doc = await documentOf();
    expect(doc.components.schemas.CreateConnection!.properties.reservationLabel).toMatchObject({
      minLength: 1,
      maxLength: 225,
      pattern: VISIBLE_TEXT_PATTERN,
    });
    const state = doc.paths['/api/connections/gmail/callback']!.get!.parameters.find(
      (p) => p.name === 'state',
    );
    expect(state!.schema.pattern).toBe('^[A-Za-z0-9_-]{1,2004}\\.[A-Za-z0-9_-]{43}$');
  });

  it("documents the feed interval's minimum as configured", async () => {
    for (const minimum of [15, 240]) {
      const doc = await documentOf({ FEED_MIN_INTERVAL_MINUTES: String(minimum) });
      expect(doc.components.schemas.CreateIcalFeed!.properties.importIntervalMinutes).toMatchObject({
        minimum,
      });
    }
  });

  it('links each created resource to the operations taking its id, and each link resolves', async () => {
    const doc = await documentOf();
    const links = {
      ...doc.paths['/api/connections']!.post!.responses['201']!.links,
      ...doc.paths['/api/ical-feeds']!.post!.responses['201']!.links,
    };
    expect(Object.keys(links).length).toBeGreaterThanOrEqual(15);
    for (const { operationRef } of Object.values(links)) {
      const [path, method] = operationRef
        .replace('#/paths/', '')
        .split(/\/(?=[a-z]+$)/)
        .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
      expect(doc.paths[path!]?.[method!], operationRef).toBeDefined();
    }
  });
});
