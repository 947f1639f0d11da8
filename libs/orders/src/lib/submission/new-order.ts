import type { PriceMode } from '../pricing/limit-price';
import type { OrderAction, VerticalShape, VerticalSpec } from '../pricing/vertical';
import type { WalkSettings } from '../pricing/walk-planner';

/** An order fully decided (priced, risk-checked), ready to be committed before anything is transmitted. */
export interface NewOrder {
  intent: 'open' | 'close';
  /** For a close: the opening order's id. Opening orders use their own id. */
  positionKey: string | null;
  parentOrderId: string | null;
  exitRole: 'take_profit' | 'stop_loss' | 'manual' | null;
  ocaGroup: string | null;
  spec: VerticalSpec;
  shape: VerticalShape;
  action: OrderAction;
  quantity: number;
  orderType: 'LMT' | 'MKT' | 'STP';
  limitPrice: number | null;
  auxPrice: number | null;
  priceMode: PriceMode | 'market';
  tif: 'DAY' | 'GTC';
  walk: WalkSettings | null;
  takeProfitPct: number | null;
  stopLossPct: number | null;
  midAtSubmit: number | null;
  account: string | null;
}
