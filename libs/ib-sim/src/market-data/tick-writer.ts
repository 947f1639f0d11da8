import type { OutField } from '../protocol/fields';
import { ServerMsg } from '../protocol/message-ids';
import type { TickItem } from './quote-ticks';
import { delayedTickType } from './tick-types';

type Send = (fields: OutField[]) => void;

/**
 * Remembers what one market-data line last sent and writes only what changed, in TWS's layouts at v193:
 * tickPrice `1|6|id|type|price|size|attribMask`, tickSize `2|6|id|type|size`, tickGeneric `45|6|id|type|value`,
 * tickString `46|6|id|type|value`, tickOptionComputation `21|id|type|attrib|iv|delta|optPrice|pvDiv|gamma|vega|theta|und`.
 */
export class TickWriter {
  private readonly last = new Map<string, string>();

  constructor(
    private readonly tickerId: number,
    private readonly delayed: boolean,
  ) {}

  /** Writes the changed ticks; returns how many messages went out. */
  write(items: readonly TickItem[], send: Send): number {
    let sent = 0;
    const t = (type: number): number => (this.delayed ? delayedTickType(type) : type);
    for (const it of items) {
      switch (it.k) {
        case 'price': {
          const priceChanged = this.changed(`p${it.type}`, String(it.price));
          const sizeChanged = it.size ? this.changed(`s${it.size.type}`, String(it.size.value)) : false;
          if (priceChanged) {
            send([ServerMsg.TICK_PRICE, 6, this.tickerId, t(it.type), it.price, it.size?.value ?? 0, it.attrib]);
            sent++;
            // TWS follows every bid/ask/last price with its own tickSize (stoqey drops the embedded bid size).
            if (it.size) {
              send([ServerMsg.TICK_SIZE, 6, this.tickerId, t(it.size.type), it.size.value]);
              sent++;
            }
          } else if (sizeChanged && it.size) {
            send([ServerMsg.TICK_SIZE, 6, this.tickerId, t(it.size.type), it.size.value]);
            sent++;
          }
          break;
        }
        case 'size':
          if (this.changed(`s${it.type}`, String(it.value))) {
            send([ServerMsg.TICK_SIZE, 6, this.tickerId, t(it.type), it.value]);
            sent++;
          }
          break;
        case 'generic':
          if (this.changed(`g${it.type}`, String(it.value))) {
            send([ServerMsg.TICK_GENERIC, 6, this.tickerId, it.type, it.value]);
            sent++;
          }
          break;
        case 'string':
          if (this.changed(`t${it.type}`, it.value)) {
            send([ServerMsg.TICK_STRING, 6, this.tickerId, t(it.type), it.value]);
            sent++;
          }
          break;
        case 'option': {
          const g = it.greeks;
          const fields: OutField[] = [
            ServerMsg.TICK_OPTION_COMPUTATION,
            this.tickerId,
            t(it.type),
            0,
            g.impliedVol,
            g.delta,
            g.optPrice,
            g.pvDividend,
            g.gamma,
            g.vega,
            g.theta,
            g.undPrice,
          ];
          if (this.changed(`o${it.type}`, fields.slice(4).join(','))) {
            send(fields);
            sent++;
          }
          break;
        }
      }
    }
    return sent;
  }

  private changed(key: string, value: string): boolean {
    if (this.last.get(key) === value) return false;
    this.last.set(key, value);
    return true;
  }
}
