import { IbError, validationText } from '../protocol/error-codes';
import { ClientMsg } from '../protocol/message-ids';
import type { HandlerRegistry } from '../server/handler-registry';
import type { SimContext } from '../server/sim-context';
import { parseBarSize, parseDuration, parseEndDateTime } from '../historical/bar-request';
import { WHAT_TO_SHOW, type WhatToShow } from '../historical/bar-source';
import type { HistoricalService } from '../historical/historical-service';
import { readContractSpec, resolveOne, skipComboLegs } from './contract-spec';

/** reqHistoricalData (20, no version field at 193) and cancelHistoricalData (25). */
export function registerHistoricalHandlers(registry: HandlerRegistry, ctx: SimContext, hist: HistoricalService): void {
  registry.register(ClientMsg.REQ_HISTORICAL_DATA, 'reqHistoricalData', (s, r) => {
    const reqId = r.int();
    const spec = readContractSpec(r);
    r.bool(); // includeExpired
    const endText = r.str();
    const barText = r.str();
    const durationText = r.str();
    const useRth = r.int();
    const whatText = r.str().toUpperCase();
    const formatDate = r.int();
    if (spec.secType.toUpperCase() === 'BAG') skipComboLegs(r);
    const keepUpToDate = r.bool();
    if (r.remaining > 0) r.str(); // chartOptions

    const barSeconds = parseBarSize(barText);
    const duration = parseDuration(durationText);
    const what = (WHAT_TO_SHOW as readonly string[]).includes(whatText) ? (whatText as WhatToShow) : undefined;
    const endMs = parseEndDateTime(endText, ctx.clock.now());
    const invalid = (cause: string): void => s.sendError(reqId, IbError.VALIDATION_ERROR.code, validationText(cause));
    if (barSeconds === undefined) return invalid(`Invalid bar size ${JSON.stringify(barText)}`);
    if (!duration) return invalid(`Invalid duration ${JSON.stringify(durationText)}`);
    if (!what) return invalid(`Invalid what to show ${JSON.stringify(whatText)}`);
    if (endMs === undefined) return invalid(`Invalid end date/time ${JSON.stringify(endText)}`);
    if (keepUpToDate && endText.trim() !== '') return invalid('End date not supported with live updates');
    if (keepUpToDate && barSeconds < 5) return invalid('Bar size must be 5 secs or more with live updates');
    const found = resolveOne(ctx.market, spec);
    if (!found.ok) {
      s.sendError(reqId, IbError.NO_SECURITY_DEFINITION.code, IbError.NO_SECURITY_DEFINITION.text);
      return;
    }
    const contract = found.contracts[0];
    hist.request(s, {
      reqId,
      contract,
      what,
      barSeconds,
      durationSeconds: duration.seconds,
      tradingDays: duration.tradingDays,
      endMs,
      formatDate,
      keepUpToDate,
      identity: [contract.conId, endText.trim(), barSeconds, durationText.trim(), useRth, what].join('|'),
    });
  });

  registry.register(ClientMsg.CANCEL_HISTORICAL_DATA, 'cancelHistoricalData', (s, r) => {
    r.int(); // version
    hist.cancel(s, r.int());
  });
}
