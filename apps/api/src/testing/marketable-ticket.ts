import { throughNatural } from '@ibsc/orders/testing';
import type { PositionsView, PreviewView } from '@ibsc/shared-dto';
import type { TestApp } from './test-app';

/**
 * A ticket that fills at once: the natural price from a fresh preview plus a cushion, as a manual limit. A quote that
 * moves between the preview and the simulator's check cannot leave it between mid and natural, where the simulator
 * fills only by chance (35 % per 3 s trial). For tests that wait for a fill on a wall clock; the pricing is the
 * order engine's specs' (`throughNatural`), with a wider cushion.
 */
export async function marketableTicket(t: TestApp, token: string, body: Record<string, unknown>, cushion = 0.3): Promise<Record<string, unknown>> {
  const p = (await t.http().post('/api/v1/orders/preview').set('Authorization', `Bearer ${token}`).send({ ...body, priceMode: 'natural' }).expect(200)).body as PreviewView;
  return { ...body, priceMode: 'manual', limit: throughNatural(p, cushion) };
}

/**
 * A close that fills at once: a manual SELL limit `cushion` under the position's mark (for a credit spread a generous
 * debit to buy it back), never past the width. The mark is the combo mid; the natural SELL is half a spread under it.
 */
export async function marketableClose(t: TestApp, token: string, positionKey: string, cushion = 1): Promise<{ priceMode: 'manual'; limit: number }> {
  const v = (await t.http().get('/api/v1/positions').set('Authorization', `Bearer ${token}`).expect(200)).body as PositionsView;
  const p = v.positions.find((x) => x.positionKey === positionKey);
  if (!p || p.mark === null) throw new Error(`position ${positionKey} has no mark to price a close from`);
  const width = p.upperStrike - p.lowerStrike;
  return { priceMode: 'manual', limit: Math.round(Math.max(-width + 0.05, p.mark - cushion) * 100) / 100 };
}
