import { Body, Controller, Delete, Get, Headers, HttpCode, HttpStatus, Inject, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { OrdersEngine } from '@ibsc/orders';
import { type OrderView, type PlaceOrderResult, type PreviewView } from '@ibsc/shared-dto';
import { ModifyOrderDto, OrdersQueryDto, PlaceOrderDto, PreviewOrderDto } from './orders.dto';
import type { Response } from 'express';
import { actorOf, type AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { ORDERS_ENGINE } from './orders.tokens';
import { ApiContract } from '../openapi/api-contract.decorator';

/** A bull call spread from the scanner's id, priced at mid: the main request of preview and place. */
const PREVIEW_EXAMPLE = { spreadId: 'SPY|20270115|bull-call|500/505', quantity: 1, orderType: 'LMT', priceMode: 'mid', tif: 'DAY' };

/** Spread orders: preview (nothing sent), place (Idempotency-Key), read, modify, cancel. */
@ApiTags('orders')
@ApiBearerAuth()
@Roles('viewer')
@Controller('orders')
export class OrdersController {
  constructor(@Inject(ORDERS_ENGINE) private readonly engine: OrdersEngine) {}

  /** whatIf margin and commission, max profit/loss, breakeven and every risk check; nothing is transmitted. */
  @Roles('trader')
  @Post('preview')
  @ApiContract({ id: 'previewOrder', ok: 'PreviewView', errors: [400, 409], body: { type: PreviewOrderDto, example: PREVIEW_EXAMPLE } })
  @HttpCode(HttpStatus.OK)
  preview(@Body() dto: PreviewOrderDto): Promise<PreviewView> {
    return this.engine.preview(dto);
  }

  /** Commits the order, then transmits it; the same Idempotency-Key returns the first result (`replayed`). */
  @Roles('trader')
  @Post()
  @ApiContract({ id: 'placeOrder', ok: 'PlaceOrderResult', status: 201, errors: [400, 409, 422], body: { type: PlaceOrderDto, example: PREVIEW_EXAMPLE } })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '8–128 characters of A-Z, a-z, 0-9, _ or -; one per ticket' })
  place(@Body() dto: PlaceOrderDto, @Headers('idempotency-key') key: string | undefined, @CurrentUser() user: AuthUser): Promise<PlaceOrderResult> {
    return this.engine.place(dto, key, actorOf(user));
  }

  @Get()
  @ApiContract({ id: 'listOrders', ok: 'OrderView', array: true, errors: [400] })
  list(@Query() q: OrdersQueryDto): Promise<OrderView[]> {
    return this.engine.list({ status: q.status, underlying: q.underlying, limit: q.limit });
  }

  /** One order with its walk log. */
  @Get(':id')
  @ApiContract({ id: 'getOrder', ok: 'OrderView', errors: [400, 404] })
  one(@Param('id', new ParseUUIDPipe()) id: string): Promise<OrderView> {
    return this.engine.view(id);
  }

  /**
   * New limit and/or quantity: same order id and orderRef at the gateway (IB's modify). 202 with `modifyPending`
   * when the gateway is away: committed, sent after reconnect.
   */
  @Roles('trader')
  @Patch(':id')
  @ApiContract({ id: 'modifyOrder', ok: 'OrderView', alsoAccepted: 'Committed; sent after the gateway reconnects (modifyPending)', errors: [400, 404, 409] })
  async modify(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ModifyOrderDto, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<OrderView> {
    const view = await this.engine.modify(id, dto, actorOf(user));
    if (view.modifyPending) res.status(HttpStatus.ACCEPTED);
    return view;
  }

  /** 200 once sent; 202 with `cancelPending` when the gateway is away: committed, sent first after reconnect. */
  @Roles('trader')
  @Delete(':id')
  @ApiContract({ id: 'cancelOrder', ok: 'OrderView', alsoAccepted: 'Committed; sent first after the gateway reconnects (cancelPending)', errors: [400, 404, 409] })
  async cancel(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<OrderView> {
    const view = await this.engine.cancel(id, actorOf(user));
    if (view.cancelPending) res.status(HttpStatus.ACCEPTED);
    return view;
  }
}
