import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { tradesCsv, type OrdersEngine } from '@ibsc/orders';
import { type KillSwitchView, type PlaceOrderResult, type PositionsView, type RiskView, type TradeView } from '@ibsc/shared-dto';
import { ClosePositionDto, KillSwitchDto, TradesQueryDto } from './orders.dto';
import type { Response } from 'express';
import { actorOf, type AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { ORDERS_ENGINE } from './orders.tokens';
import { ApiContract } from '../openapi/api-contract.decorator';

/** RFC 4180, CRLF line ends, the columns of tradesCsv (libs/orders); an empty commission is not available. */
const TRADES_CSV_EXAMPLE =
  'at,underlying,spreadType,expiry,lowerStrike,upperStrike,side,quantity,price,commission,orderRef,execId\r\n' +
  '2027-01-04T15:04:05.000Z,SPY,bull-call,20270115,500,505,BUY,1,2.1,2.6,ibsc-3f2c9a,0000e0d5.6571a1b2.01.01\r\n';

/** Open spreads with live P&L, their close, and the trade history (JSON or CSV). */
@ApiTags('positions')
@ApiBearerAuth()
@Roles('viewer')
@Controller()
export class PortfolioController {
  constructor(@Inject(ORDERS_ENGINE) private readonly engine: OrdersEngine) {}

  @Get('positions')
  @ApiContract({ id: 'listPositions', ok: 'PositionsView' })
  positions(): Promise<PositionsView> {
    return this.engine.portfolio.view();
  }

  /**
   * Closes an open spread position (the id is its positionKey): the opposite BAG order, whole or `quantity` of it,
   * priced at mid, natural or a manual limit. The same Idempotency-Key returns the first close (`replayed`); one
   * close works at a time per position (409 CLOSE_ALREADY_WORKING). The close appears in GET /orders.
   */
  @Roles('trader')
  @Post('positions/:id/close')
  @ApiContract({ id: 'closePosition', ok: 'PlaceOrderResult', status: 201, errors: [400, 404, 409, 422], body: { type: ClosePositionDto, example: { quantity: 1, priceMode: 'natural', tif: 'DAY' } } })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '8–128 characters of A-Z, a-z, 0-9, _ or -; one per close' })
  close(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ClosePositionDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
  ): Promise<PlaceOrderResult> {
    return this.engine.closePosition(id, dto, key, actorOf(user));
  }

  /** Fills of spreads; `format=csv` downloads them. */
  @Get('trades')
  @ApiContract({
    id: 'listTrades',
    ok: 'TradeView',
    array: true,
    errors: [400],
    alternative: { mediaType: 'text/csv', description: 'text/csv with format=csv (a download)', example: TRADES_CSV_EXAMPLE },
  })
  async trades(@Query() q: TradesQueryDto, @Res({ passthrough: true }) res: Response): Promise<TradeView[] | string> {
    const trades = await this.engine.portfolio.trades({ from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, underlying: q.underlying });
    if (q.format !== 'csv') return trades;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="trades.csv"');
    return tradesCsv(trades);
  }
}

/** Limits, today's P&L, open spreads per underlying and the kill switch (reset by an admin). */
@ApiTags('risk')
@ApiBearerAuth()
@Roles('viewer')
@Controller('risk')
export class RiskController {
  constructor(@Inject(ORDERS_ENGINE) private readonly engine: OrdersEngine) {}

  @Get()
  @ApiContract({ id: 'getRisk', ok: 'RiskView' })
  risk(): Promise<RiskView> {
    return this.engine.portfolio.risk();
  }

  @Roles('admin')
  @Post('kill-switch')
  @ApiContract({ id: 'setKillSwitch', ok: 'KillSwitchView', errors: [400], body: { type: KillSwitchDto, example: { tripped: true, reason: 'market halted' } } })
  @HttpCode(HttpStatus.OK)
  killSwitch(@Body() dto: KillSwitchDto, @CurrentUser() user: AuthUser): Promise<KillSwitchView> {
    return this.engine.setKillSwitch(dto, actorOf(user));
  }
}
