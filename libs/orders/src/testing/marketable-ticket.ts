import type { PlaceOrderDto, PreviewOrderDto, PreviewView } from '@ibsc/shared-dto';

/**
 * How far through the natural a test ticket that must fill is priced, per spread. The simulated market moves on
 * every step of a test's clock, and the clock moves while the engine prices, persists and sends (real I/O). The
 * int-specs' gateway never fills a limit resting inside the natural (midFillProbability 0), so an order at the
 * natural that the market left by a cent before it arrived, or between two partial fills, would rest for good, as it
 * would at IB. A trader who wants the fill pays through the natural; so do these tests.
 */
export const THROUGH_NATURAL = 0.1;

/** A BUY of the BAG priced a dime through `natural` (a BUY's more aggressive side is up, credit or debit). */
export function throughNatural(natural: number): number {
  return Math.round((natural + THROUGH_NATURAL) * 100) / 100;
}

/**
 * The ticket as a manual limit through the natural of a preview taken now: an entry meant to fill at once.
 * `settle` drives the test's clock until the preview settles.
 */
export async function marketableTicket(
  engine: { preview(dto: PreviewOrderDto): Promise<PreviewView> },
  dto: PlaceOrderDto,
  settle: <T>(p: Promise<T>) => Promise<T>,
): Promise<PlaceOrderDto> {
  const { limitPrice } = await settle(engine.preview({ ...dto, priceMode: 'natural' }));
  if (limitPrice === null) throw new Error('the preview has no natural to price through');
  return { ...dto, priceMode: 'manual', limit: throughNatural(limitPrice) };
}
