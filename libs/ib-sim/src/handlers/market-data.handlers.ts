import { IbError, processingText, validationText } from '../protocol/error-codes';
import { ClientMsg, ServerMsg } from '../protocol/message-ids';
import type { FieldReader } from '../protocol/fields';
import type { HandlerRegistry, SimSession } from '../server/handler-registry';
import type { SimContext } from '../server/sim-context';
import type { MarketDataService } from '../market-data/market-data-service';
import { LEGAL_GENERIC_TICKS } from '../market-data/tick-types';
import { readContractSpec, resolveOne, skipComboLegs } from './contract-spec';

/** reqMarketDataType (59), reqMktData (1), cancelMktData (2). */
export function registerMarketDataHandlers(registry: HandlerRegistry, ctx: SimContext, md: MarketDataService): void {
  /** Per-client market data type (1 live, 2 frozen, 3 delayed, 4 delayed-frozen); TWS starts every client at 1. */
  const dataType = new WeakMap<SimSession, number>();

  registry.register(ClientMsg.REQ_MARKET_DATA_TYPE, 'reqMarketDataType', (s, r) => {
    r.int(); // version
    const type = r.int();
    if (type < 1 || type > 4) {
      s.sendError(-1, IbError.VALIDATION_ERROR.code, validationText(`Invalid market data type ${type}`));
      return;
    }
    dataType.set(s, type);
    // TWS acknowledges a type change with marketDataType for reqId -1.
    s.send([ServerMsg.MARKET_DATA_TYPE, 1, -1, type]);
  });

  registry.register(ClientMsg.REQ_MKT_DATA, 'reqMktData', (s, r) => onReqMktData(s, r));

  registry.register(ClientMsg.CANCEL_MKT_DATA, 'cancelMktData', (s, r) => {
    r.int(); // version
    const tickerId = r.int();
    if (!md.cancel(s, tickerId)) {
      s.sendError(tickerId, IbError.CANT_FIND_TICKER.code, `${IbError.CANT_FIND_TICKER.text}${tickerId}`);
    }
  });

  function onReqMktData(s: SimSession, r: FieldReader): void {
    r.int(); // version 11
    const tickerId = r.int();
    const spec = readContractSpec(r);
    if (spec.secType.toUpperCase() === 'BAG') skipComboLegs(r);
    if (r.bool()) r.skip(3); // delta-neutral contract
    const genericList = r.str();
    const snapshot = r.bool();
    const regulatory = r.bool();
    if (r.remaining > 0) r.str(); // mktDataOptions

    if (md.has(s, tickerId)) {
      s.sendError(tickerId, IbError.PROCESSING_ERROR.code, processingText(`Duplicate ticker id ${tickerId}`));
      return;
    }
    const generic = parseGenericTicks(genericList);
    if (!generic.ok) {
      s.sendError(
        tickerId,
        IbError.VALIDATION_ERROR.code,
        validationText(`Incorrect generic tick list of ${generic.bad}.  Legal ones for (${spec.secType || 'STK'}) are: 100(Option Volume),101(Option Open Interest),104(Historical Volatility),106(Option Implied Volatility),165(Misc. Stats),221(Mark Price),225(Auction values),233(RTVolume),236(Shortable),256(Inventory),258(Fundamental Ratios),411(rthistvol),456(IBDividends)`),
      );
      return;
    }
    const isSnapshot = snapshot || regulatory;
    if (isSnapshot && generic.ticks.size > 0) {
      s.sendError(
        tickerId,
        IbError.VALIDATION_ERROR.code,
        validationText('Snapshot market data subscription is not applicable to generic ticks'),
      );
      return;
    }
    const found = resolveOne(ctx.market, spec);
    if (!found.ok) {
      s.sendError(tickerId, IbError.NO_SECURITY_DEFINITION.code, IbError.NO_SECURITY_DEFINITION.text);
      return;
    }
    const contract = found.contracts[0];
    if (md.competingSession) {
      s.sendError(tickerId, IbError.COMPETING_SESSION.code, IbError.COMPETING_SESSION.text);
      return;
    }
    let delayed = false;
    if (!md.entitled(contract)) {
      const type = dataType.get(s) ?? 1;
      if (type === 1 || type === 2) {
        s.sendError(tickerId, IbError.NOT_SUBSCRIBED.code, IbError.NOT_SUBSCRIBED.text);
        return;
      }
      delayed = true;
    }
    if (!md.lines.tryAcquire()) {
      s.sendError(tickerId, IbError.MAX_TICKERS.code, IbError.MAX_TICKERS.text);
      return;
    }
    if (delayed) s.sendError(tickerId, IbError.DELAYED_DISPLAYED.code, IbError.DELAYED_DISPLAYED.text);
    if (isSnapshot) {
      // The line is held until the snapshot ends (timings.snapshotEnd), as IB counts it.
      md.snapshot(s, tickerId, contract, delayed);
      return;
    }
    md.subscribe(s, tickerId, contract, generic.ticks, delayed);
  }
}

function parseGenericTicks(list: string): { ok: true; ticks: Set<number> } | { ok: false; bad: string } {
  const ticks = new Set<number>();
  for (const raw of list.split(',')) {
    const t = raw.trim();
    if (t === '') continue;
    const n = /^\d+$/.test(t) ? Number(t) : NaN;
    if (!LEGAL_GENERIC_TICKS.has(n)) return { ok: false, bad: t };
    ticks.add(n);
  }
  return { ok: true, ticks };
}
