import { HttpErrorResponse } from '@angular/common/http';
import { apiErrorBody, apiErrorMessage } from './api-error';

describe('apiErrorMessage', () => {
  it("uses the API's own message", () => {
    const error = new HttpErrorResponse({
      status: 400,
      error: { statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: 'name must not be blank', details: [] },
    });
    expect(apiErrorMessage(error)).toBe('name must not be blank');
    expect(apiErrorBody(error)?.statusCode).toBe(400);
  });

  it('explains an unreachable server', () => {
    expect(apiErrorMessage(new HttpErrorResponse({ status: 0 }))).toMatch(/Cannot reach the server/);
  });

  it('falls back to the status for a non-API body', () => {
    const error = new HttpErrorResponse({ status: 502, statusText: 'Bad Gateway', error: '<html>' });
    expect(apiErrorMessage(error)).toBe('Request failed (502 Bad Gateway).');
    expect(apiErrorBody(error)).toBeNull();
  });

  it('handles plain errors', () => {
    expect(apiErrorMessage(new Error('boom'))).toBe('boom');
    expect(apiErrorMessage('??')).toBe('Something went wrong.');
  });
});
