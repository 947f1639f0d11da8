import type { OutField } from '../protocol/fields';
import { ServerMsg } from '../protocol/message-ids';
import type { ContractDef, MarketModel } from '../market/market-types';

const STK_ORDER_TYPES =
  'ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AVGCOST,BASKET,BENCHPX,CASHQTY,COND,CONDORDER,DARKONLY,DARKPOLL,DAY,DEACT,DEACTDIS,DEACTEOD,DIS,DUR,GAT,GTC,GTD,GTT,HID,IBKRATS,ICE,IMB,IOC,LIT,LMT,LOC,MIDPX,MIT,MKT,MOC,MTL,NGCOMB,NODARK,NONALGO,OCA,OPG,OPGREROUT,PEGBENCH,PEGMID,POSTATS,POSTONLY,PREOPGRTH,PRICECHK,REL,REL2MID,RELPCTOFS,RPI,RTH,SCALE,SCALEODD,SCALERST,SIZECHK,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,SWEEP,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,WHATIF';
const OPT_ORDER_TYPES =
  'ACTIVETIM,AD,ADJUST,ALERT,ALLOC,AVGCOST,BASKET,COND,CONDORDER,DAY,DEACT,DEACTDIS,DEACTEOD,GAT,GTC,GTD,GTT,HID,ICE,IOC,LIT,LMT,MIT,MKT,MTL,NGCOMB,NONALGO,OCA,OPENCLOSE,PEGMIDVOL,PEGMKTVOL,PEGPRMVOL,PEGSRFVOL,POSTONLY,PRICECHK,REL,RELPCTOFS,RELSTK,SCALE,SCALERST,SIZECHK,SNAPMID,SNAPMKT,SNAPREL,STP,STPLMT,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,VOLAT,WHATIF';
const STK_EXCHANGES = 'SMART,AMEX,NYSE,CBOE,PHLX,ISE,CHX,ARCA,NASDAQ,DRCTEDGE,BEX,BATS,EDGEA,BYX,IEX,EDGX,MEMX,PEARL,LTSE,TPLUS1';
const OPT_EXCHANGES = 'SMART,AMEX,CBOE,PHLX,PSE,ISE,BOX,BATS,NASDAQOM,CBOE2,NASDAQBX,MIAX,GEMINI,EDGX,MERCURY,PEARL,EMERALD,MEMX,IBUSOPT';

/** `YYYYMMDD:0930-YYYYMMDD:1600;…` for a week from `now` (weekends CLOSED), as contractData sends hours. */
export function tradingHours(now: number, open: string, close: string): string {
  const out: string[] = [];
  for (let i = 0; i < 7; i++) {
    const d = new Date(now + i * 86_400_000);
    const ymd = d.toISOString().slice(0, 10).replace(/-/g, '');
    const dow = d.getUTCDay();
    out.push(dow === 0 || dow === 6 ? `${ymd}:CLOSED` : `${ymd}:${open}-${ymd}:${close}`);
  }
  return out.join(';');
}

/** contractData (10) at version 193: 41 fields after the id for a non-FUND contract, no version field. */
export function contractDataFields(reqId: number, c: ContractDef, market: MarketModel, now: number): OutField[] {
  const liquid = tradingHours(now, '0930', '1600');
  if (c.secType === 'IND') {
    return [
      ServerMsg.CONTRACT_DATA,
      reqId,
      c.symbol,
      'IND',
      '', // lastTradeDateOrContractMonth
      '', // lastTradeDate
      0, // strike
      '', // right
      c.primaryExchange, // an index lives on its exchange (SPX: CBOE), not SMART
      c.currency,
      c.symbol, // localSymbol
      c.symbol, // marketName
      c.symbol, // tradingClass
      c.conId,
      0.01, // minTick
      '', // multiplier
      '', // orderTypes: an index is not traded
      c.primaryExchange, // validExchanges
      1, // priceMagnifier
      0, // underConId
      c.longName,
      '', // primaryExch
      '', // contractMonth
      c.industry,
      c.category,
      '', // subcategory
      'US/Eastern',
      liquid,
      liquid,
      '', // evRule
      '', // evMultiplier
      0, // secIdList count
      1, // aggGroup
      '', // underSymbol
      '', // underSecType
      '',
      '', // realExpirationDate
      '', // stockType
      0.0001, // minSize
      0.0001, // sizeIncrement
      100, // suggestedSizeIncrement
      0, // ineligibility reasons
    ];
  }
  if (c.secType === 'STK') {
    const tradingClass = c.primaryExchange === 'NASDAQ' ? 'NMS' : c.symbol;
    return [
      ServerMsg.CONTRACT_DATA,
      reqId,
      c.symbol,
      'STK',
      '', // lastTradeDateOrContractMonth
      '', // lastTradeDate
      0, // strike
      '', // right
      'SMART',
      c.currency,
      c.symbol, // localSymbol
      tradingClass, // marketName
      tradingClass,
      c.conId,
      0.01, // minTick
      '', // multiplier
      STK_ORDER_TYPES,
      STK_EXCHANGES,
      1, // priceMagnifier
      0, // underConId
      c.longName,
      c.primaryExchange,
      '', // contractMonth
      c.industry,
      c.category,
      '', // subcategory
      'US/Eastern',
      tradingHours(now, '0400', '2000'),
      liquid,
      '', // evRule
      '', // evMultiplier
      0, // secIdList count
      1, // aggGroup
      '', // underSymbol
      '', // underSecType
      '26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26',
      '', // realExpirationDate
      c.kind === 'ETF' ? 'ETF' : 'COMMON',
      0.0001, // minSize
      0.0001, // sizeIncrement
      100, // suggestedSizeIncrement
      0, // ineligibility reasons
    ];
  }
  const und = market.contract(c.underConId);
  const described = und && und.secType !== 'OPT' ? und : undefined;
  return [
    ServerMsg.CONTRACT_DATA,
    reqId,
    c.symbol,
    'OPT',
    c.expiry,
    c.expiry,
    c.strike,
    c.right,
    c.exchange,
    c.currency,
    c.localSymbol,
    c.tradingClass, // marketName
    c.tradingClass,
    c.conId,
    0.01,
    c.multiplier,
    OPT_ORDER_TYPES,
    OPT_EXCHANGES,
    1,
    c.underConId,
    described ? described.longName : c.symbol,
    '', // primaryExch
    c.expiry.slice(0, 6), // contractMonth
    described ? described.industry : '',
    described ? described.category : '',
    '',
    'US/Eastern',
    liquid,
    liquid,
    '',
    '',
    0,
    2, // aggGroup
    c.symbol, // underSymbol
    described?.secType ?? 'STK', // underSecType: IND for index options
    '32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32,32',
    c.expiry, // realExpirationDate
    '',
    1,
    1,
    1,
    0,
  ];
}
