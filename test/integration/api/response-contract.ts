import type { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';

interface DeclaredRoute {
  method: string;
  pattern: RegExp;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/**
 * Checks every response the tests see against what /openapi.json declares for it: the status must
 * be declared, and a JSON body must parse with the declared zod schema. The same check schemathesis
 * will make, run on every test request.
 */
export function responseContract(app: Pick<OpenAPIHono, 'openAPIRegistry'>) {
  const routes: DeclaredRoute[] = app.openAPIRegistry.definitions.flatMap((d) =>
    d.type === 'route'
      ? [
          {
            method: d.route.method.toUpperCase(),
            pattern: new RegExp(`^${d.route.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
            responses: d.route.responses as DeclaredRoute['responses'],
          },
        ]
      : [],
  );

  return (method: string, url: string, status: number, body: unknown): void => {
    const path = url.split('?')[0]!;
    const route = routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(path));
    if (!route) return;
    const declared = route.responses[String(status)];
    if (!declared)
      throw new Error(`${method} ${path} answered ${status}, which its OpenAPI entry does not declare`);
    const schema = declared.content?.['application/json']?.schema as z.ZodType | undefined;
    if (!schema) return;
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new Error(
        `${method} ${path} ${status}: body does not match its schema: ${JSON.stringify(parsed.error.issues)}`,
      );
    }
  };
}
