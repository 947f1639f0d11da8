import type { PlaceOrderDto, PreviewOrderDto, PreviewView } from '@ibsc/shared-dto';

/**
 * How far through the natural a test ticket that must fill is priced, per spread, on a manual clock. The simulated
 * market moves on every step of a test's clock, and the clock moves while the engine prices, persists and sends
 * (real I/O). The int-specs' gateway never fills a limit resting inside the natural (midFillProbability 0), so an
 * order at the natural that the market left by a cent before it arrived, or between two partial fills, would rest
 * for good, as it would at IB. A trader who wants the fill pays through the natural; so do these tests.
 */
export const THROUGH_NATURAL = 0.1;

/**
 * The manual limit of a BUY of the BAG `cushion` through a preview's natural (a BUY's more aggressive side is up,
 * credit or debit), never past the spread's width less a nickel. The API's tests price their tickets with it too.
 */
export function throughNatural(preview: Pick<PreviewView, 'limitPrice' | 'width'>, cushion = THROUGH_NATURAL): number {
  if (preview.limitPrice === null) throw new Error('the preview has no natural to price through');
  return Math.round(Math.min(preview.width - 0.05, preview.limitPrice + cushion) * 100) / 100;
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
  const preview = await settle(engine.preview({ ...dto, priceMode: 'natural' }));
  return { ...dto, priceMode: 'manual', limit: throughNatural(preview) };
}
