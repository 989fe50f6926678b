/**
 * Until getStudy carries analyses, the e2e test adds an explanation to getStudy's reply on its way to the page,
 * through Playwright's WebSocket routing: the page still talks to the real host for everything else.
 */
import type { Page } from 'playwright-core';
import type { StudyExplanation } from '../../src-main/api/contract/explanation.js';

export async function injectExplanations(page: Page, explanations: ReadonlyMap<number, StudyExplanation>): Promise<void> {
  await page.routeWebSocket(/\/api\?token=/, (ws) => {
    const server = ws.connectToServer();
    const studyOf = new Map<unknown, number>();
    ws.onMessage((message) => {
      const req = JSON.parse(String(message)) as { id: unknown; method: string; args?: { id?: number } };
      if (req.method === 'getStudy' && typeof req.args?.id === 'number') studyOf.set(req.id, req.args.id);
      server.send(message);
    });
    server.onMessage((message) => {
      const reply = JSON.parse(String(message)) as { id?: unknown; result?: Record<string, unknown> };
      const study = studyOf.get(reply.id);
      const explanation = study === undefined ? undefined : explanations.get(study);
      if (explanation && reply.result) {
        studyOf.delete(reply.id);
        ws.send(JSON.stringify({ ...reply, result: { ...reply.result, explanation } }));
      } else ws.send(message);
    });
  });
}
