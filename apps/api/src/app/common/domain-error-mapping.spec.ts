import { OrdersError, OrdersErrors } from '@ibsc/orders';
import { PreviewBusyError, ScannerUnavailableError } from '@ibsc/scanner';
import { DomainError, RetryLaterError } from './domain-error';
import { toDomainError } from './domain-error-mapping';

describe('toDomainError: the one mapping of domain errors to HTTP', () => {
  it('keeps an order refusal’s status, code and details', () => {
    const e = toDomainError(OrdersErrors.idempotencyKeyReused('key-12345')) as DomainError;
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(e.details?.[0].field).toBe('Idempotency-Key');
  });

  it('names a risk refusal by its rule', () => {
    expect(toDomainError(OrdersErrors.riskRefused('max loss 900 > 500', 'max_loss_per_trade'))).toMatchObject({ status: 422, code: 'RISK_MAX_LOSS_EXCEEDED' });
    expect(toDomainError(OrdersErrors.riskRefused('on', 'kill_switch'))).toMatchObject({ status: 422, code: 'KILL_SWITCH_ON' });
    expect(toDomainError(OrdersErrors.riskRefused('?', 'a_new_rule'))).toMatchObject({ status: 422, code: 'RISK_REFUSED' });
  });

  it('maps the scanner’s errors (a busy preview retries later)', () => {
    const busy = toDomainError(new PreviewBusyError()) as RetryLaterError;
    expect(busy).toMatchObject({ status: 429, code: 'PREVIEW_BUSY' });
    expect(busy.retryAfterSec).toBeGreaterThan(0);
    expect(toDomainError(new ScannerUnavailableError('no sources'))).toMatchObject({ status: 503, code: 'SCANNER_UNAVAILABLE' });
  });

  it('leaves other errors alone, and OrdersError is no HttpException', () => {
    const plain = new Error('x');
    expect(toDomainError(plain)).toBe(plain);
    expect(Object.getPrototypeOf(OrdersError.prototype)).toBe(Error.prototype);
  });
});
