import { IbError } from '../protocol/error-codes';
import { ClientMsg, ServerMsg } from '../protocol/message-ids';
import type { HandlerRegistry } from '../server/handler-registry';
import type { SimContext } from '../server/sim-context';
import { underlyingSecType, type UnderlyingDef } from '../market/market-types';
import { contractDataFields } from './contract-details';
import { findContracts, readContractSpec } from './contract-spec';

/** reqContractDetails (9) and reqSecDefOptParams (78). */
export function registerContractHandlers(registry: HandlerRegistry, ctx: SimContext): void {
  registry.register(ClientMsg.REQ_CONTRACT_DATA, 'reqContractDetails', (s, r) => {
    r.int(); // version 8
    const reqId = r.int();
    const spec = readContractSpec(r);
    r.rest(); // includeExpired, secIdType, secId, issuerId
    // BAG has no contract details (IB reportedly never answers; the simulator says 200 so clients do not hang).
    const found = spec.secType.toUpperCase() === 'BAG' ? [] : findContracts(ctx.market, spec);
    if (found.length === 0) {
      s.sendError(reqId, IbError.NO_SECURITY_DEFINITION.code, IbError.NO_SECURITY_DEFINITION.text);
      return;
    }
    const now = ctx.clock.now();
    for (const c of found) s.send(contractDataFields(reqId, c, ctx.market, now));
    s.send([ServerMsg.CONTRACT_DATA_END, 1, reqId]);
  });

  registry.register(ClientMsg.REQ_SEC_DEF_OPT_PARAMS, 'reqSecDefOptParams', (s, r) => {
    const reqId = r.int();
    const symbol = r.str().toUpperCase();
    const futFopExchange = r.str();
    const secType = r.str().toUpperCase();
    const conId = r.int();
    const und = findUnderlying(ctx, symbol, conId);
    if (!und || futFopExchange !== '' || (secType !== underlyingSecType(und) && secType !== '')) {
      s.sendError(reqId, IbError.NO_SECURITY_DEFINITION.code, IbError.NO_SECURITY_DEFINITION.text);
      return;
    }
    for (const p of ctx.market.chainParams(und.conId)) {
      s.send([
        ServerMsg.SECURITY_DEFINITION_OPTION_PARAMETER,
        reqId,
        p.exchange,
        p.underlyingConId,
        p.tradingClass,
        p.multiplier,
        p.expirations.length,
        ...p.expirations,
        p.strikes.length,
        ...p.strikes,
      ]);
    }
    s.send([ServerMsg.SECURITY_DEFINITION_OPTION_PARAMETER_END, reqId]);
  });
}

function findUnderlying(ctx: SimContext, symbol: string, conId: number): UnderlyingDef | undefined {
  const all = ctx.market.underlyings();
  if (conId > 0) {
    const u = all.find((x) => x.conId === conId);
    return u && (symbol === '' || u.symbol === symbol) ? u : undefined;
  }
  return all.find((x) => x.symbol === symbol);
}
