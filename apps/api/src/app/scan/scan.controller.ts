import { Body, Controller, Get, HttpCode, Post, Put, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ContinuousScanService } from '@ibsc/scanner';
import { type ScanFilters } from '@ibsc/shared-dto';
import { ScanFiltersDto, ScanRequestDto } from './scan-request.dto';
import { Roles } from '../auth/roles.decorator';
import { ScanResultsQueryDto } from './scan-query.dto';
import { requestContext } from '../common/request-context';
import { ScanRequestsService } from './scan-requests.service';
import { EncodedPageCache, notModified, pageEncoding, resultsETag, resultsQuery } from './scan-results-http';
import { SessionRolesService } from '../session/session-roles.service';
import { PreviewCountDto, ScanStatusDto } from './scan-responses.dto';
import { ApiContract } from '../openapi/api-contract.decorator';

/** Debit and credit verticals on SPY and QQQ, 30–45 days, short delta 0.2–0.35. */
const SCAN_EXAMPLE = { symbols: ['SPY', 'QQQ'], spreadTypes: ['bull-call', 'bull-put'], widths: [5], filters: { dte: { min: 30, max: 45 }, shortDelta: { min: 0.2, max: 0.35 } } };

/**
 * The continuous vertical-spread scan (one for the console). Viewers read; traders start, stop and change
 * filters. Live rows stream on Socket.IO (`scan.snapshot`, then `scan.delta` with seq; `scan.resync` after a gap).
 */
@ApiTags('scan')
@ApiBearerAuth()
@Roles('viewer')
@Controller('scan')
export class ScanController {
  private readonly pages = new EncodedPageCache();

  constructor(
    private readonly scan: ContinuousScanService,
    private readonly requests: ScanRequestsService,
    private readonly roles: SessionRolesService,
  ) {}

  /**
   * Starts the scan (or restarts it with new settings; the sequence continues). With `presetId`, the preset's
   * filters apply under the request's own. 400 names the field: bad ranges, unknown symbols, a DTE window beyond
   * every listed expiry.
   */
  @Roles('trader')
  @Post('start')
  @ApiContract({ id: 'startScan', ok: 'ScanStatus', errors: [400, 429], body: { type: ScanRequestDto, example: SCAN_EXAMPLE } })
  @HttpCode(200)
  async start(@Body() dto: ScanRequestDto): Promise<ScanStatusDto> {
    const settings = await this.requests.settings(dto);
    // The scan outlives this request: its loop must not carry (and log) the request id of the call that started it.
    const status = await this.requests.call(() => requestContext.exit(() => this.scan.start(settings)));
    await this.roles.recordScan();
    return status;
  }

  /** Stops the scan, releases its market-data lines; clients get a delta removing every row. */
  @Roles('trader')
  @Post('stop')
  @ApiContract({ id: 'stopScan', ok: 'ScanStatus' })
  @HttpCode(200)
  async stop(): Promise<ScanStatusDto> {
    const status = await this.requests.call(() => this.scan.stop());
    await this.roles.recordScan();
    return status;
  }

  /** State, health, counts, the last funnel and the sequence number. */
  @Get('status')
  @ApiContract({ id: 'getScanStatus', ok: 'ScanStatus' })
  status(): ScanStatusDto {
    return this.scan.status();
  }

  /** The filters of the running scan (or of the next start). */
  @Get('filters')
  @ApiContract({ id: 'getScanFilters', ok: 'ScanFilters' })
  filters(): ScanFiltersDto {
    return (this.scan.settings()?.filters ?? {}) as ScanFiltersDto;
  }

  /** Replaces the running scan's filters (re-scored at once on the quotes held). */
  @Roles('trader')
  @Put('filters')
  @ApiContract({ id: 'setScanFilters', ok: 'ScanFilters', errors: [400] })
  async setFilters(@Body() dto: ScanFiltersDto): Promise<ScanFiltersDto> {
    const filters = JSON.parse(JSON.stringify(dto)) as ScanFilters;
    await this.requests.call(() => this.scan.setFilters(filters));
    await this.roles.recordScan();
    return filters as ScanFiltersDto;
  }

  /**
   * One page of the current result set, sorted (default score:desc, 100 rows), with the seq it is at; by page number or
   * by the previous page's `nextCursor`, optionally only some symbols/types and some fields. The ETag follows the scan
   * sequence: with If-None-Match, an unchanged page is a 304 without a body; a page is encoded once per seq (ADR 0019).
   */
  @Get('results')
  @ApiContract({ id: 'listScanResults', ok: 'ScanResultsPage', errors: [400] })
  async results(@Query() q: ScanResultsQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const query = resultsQuery(q);
    const etag = resultsETag(this.scan.seq, query, q.cursor);
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    if (notModified(req.headers['if-none-match'], etag)) {
      res.status(304).end();
      return;
    }
    const encoding = pageEncoding((codings) => req.acceptsEncodings(codings));
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Vary', 'Accept-Encoding');
    // Already encoded here (once per seq and page, see EncodedPageCache): the compression middleware leaves it alone.
    if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
    res.end(await this.pages.get(etag, encoding, () => this.scan.results(query)));
  }

  /** How many spreads a request matches now, with its funnel; symbols the scan does not hold are quoted once. */
  /**
   * Bounded (ADR 0012): over its time or contract budget it answers 422 `PREVIEW_BUDGET_EXCEEDED`; while another
   * preview runs, 429 with Retry-After; when the client hangs up it stops quoting.
   */
  @Post('preview-count')
  @ApiContract({ id: 'previewScanCount', ok: 'PreviewCount', errors: [400, 422, 429], body: { type: ScanRequestDto, example: SCAN_EXAMPLE } })
  @HttpCode(200)
  async previewCount(@Body() dto: ScanRequestDto, @Req() req: Request): Promise<PreviewCountDto> {
    const settings = await this.requests.settings(dto);
    const gone = new AbortController();
    const onClose = () => {
      if (!req.complete || !req.socket.writable || req.socket.destroyed) gone.abort();
    };
    req.socket.once('close', onClose);
    req.once('close', onClose);
    try {
      return await this.requests.call(() => this.scan.previewCount(settings, { signal: gone.signal, ...this.requests.previewBudget() }));
    } finally {
      req.socket.off('close', onClose);
      req.off('close', onClose);
    }
  }
}
