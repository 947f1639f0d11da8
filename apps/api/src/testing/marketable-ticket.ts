import type { PreviewView } from '@ibsc/shared-dto';
import type { TestApp } from './test-app';

/**
 * A ticket that fills at once: the natural price from a fresh preview plus a cushion, as a manual limit. A quote that
 * moves between the preview and the simulator's check cannot leave it between mid and natural, where the simulator
 * fills only by chance (35 % per 3 s trial). For tests that wait for a fill on a wall clock.
 */
export async function marketableTicket(t: TestApp, token: string, body: Record<string, unknown>, cushion = 0.3): Promise<Record<string, unknown>> {
  const p = (await t.http().post('/api/v1/orders/preview').set('Authorization', `Bearer ${token}`).send({ ...body, priceMode: 'natural' }).expect(200)).body as PreviewView;
  const limit = Math.round(Math.min(p.width - 0.05, (p.limitPrice ?? 0) + cushion) * 100) / 100;
  return { ...body, priceMode: 'manual', limit };
}
