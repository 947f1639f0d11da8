import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { tradesCsv, type OrdersEngine } from '@ibsc/orders';
import { type KillSwitchView, type PositionsView, type RiskView, type TradeView } from '@ibsc/shared-dto';
import { KillSwitchDto, TradesQueryDto } from './orders.dto';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { ORDERS_ENGINE } from './orders.tokens';

/** Open spreads with live P&L, and the trade history (JSON or CSV). */
@ApiTags('positions')
@ApiBearerAuth()
@Roles('viewer')
@Controller()
export class PortfolioController {
  constructor(@Inject(ORDERS_ENGINE) private readonly engine: OrdersEngine) {}

  @Get('positions')
  positions(): Promise<PositionsView> {
    return this.engine.portfolio.view();
  }

  /** Fills of spreads; `format=csv` downloads them. */
  @Get('trades')
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
  risk(): Promise<RiskView> {
    return this.engine.portfolio.risk();
  }

  @Roles('admin')
  @Post('kill-switch')
  @HttpCode(HttpStatus.OK)
  killSwitch(@Body() dto: KillSwitchDto, @CurrentUser() user: AuthUser): Promise<KillSwitchView> {
    return this.engine.setKillSwitch(dto, user.username);
  }
}
