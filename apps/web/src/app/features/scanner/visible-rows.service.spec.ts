import { createEnvironmentInjector, EnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { SCAN_VISIBLE_MAX_IDS } from '@ibsc/shared-dto';
import { SystemStatusService } from '../../core/system-status/system-status.service';
import { ManualWallClock, WALL_CLOCK } from '../../core/time/wall-clock';
import { signedIn } from '../../testing/signed-in';
import { VISIBLE_ROWS_DEBOUNCE_MS, visibleRowIds, VisibleRowsService } from './visible-rows.service';

describe('visibleRowIds', () => {
  it('puts the pinned rows first, drops nulls and duplicates, and stops at the cap', () => {
    expect(visibleRowIds(['t', null, 's'], ['a', 's', 'b'])).toEqual(['t', 's', 'a', 'b']);
    expect(visibleRowIds(['t'], ['a', 'b', 'c'], 3)).toEqual(['t', 'a', 'b']);
  });
});

describe('VisibleRowsService', () => {
  function setup() {
    const clock = new ManualWallClock(1_000_000);
    const t = signedIn([{ provide: WALL_CLOCK, useValue: clock }]);
    TestBed.inject(SystemStatusService);
    TestBed.tick();
    t.socket().fire('connect');
    TestBed.tick();
    // Provided per page in the app: an injector of its own here, so the test can "leave the page".
    const injector = createEnvironmentInjector([VisibleRowsService], TestBed.inject(EnvironmentInjector));
    const rows = injector.get(VisibleRowsService);
    TestBed.tick();
    const sent = () => t.socket().emitted.filter((e) => e.event === 'scan.visible').map((e) => (e.args[0] as { ids: string[] }).ids);
    return { t, clock, injector, rows, sent };
  }

  it('sends the ticket and selected rows first, then the rows in view, once the list has stood still', () => {
    const { clock, rows, sent } = setup();
    rows.setInView(['a', 'b', 'c']);
    clock.advance(300);
    rows.setInView(['b', 'c', 'd']); // still scrolling: the timer starts again
    rows.setPinned(['t', 'c']);
    clock.advance(VISIBLE_ROWS_DEBOUNCE_MS - 1);
    expect(sent()).toEqual([]);
    clock.advance(1);
    expect(sent()).toEqual([['t', 'c', 'b', 'd']]);
  });

  it('does not send the same list again', () => {
    const { clock, rows, sent } = setup();
    rows.setInView(['a', 'b']);
    clock.advance(VISIBLE_ROWS_DEBOUNCE_MS);
    rows.setInView(['a', 'b']);
    clock.advance(VISIBLE_ROWS_DEBOUNCE_MS);
    rows.setPinned([null, 'a']); // same ids in the same order
    clock.advance(VISIBLE_ROWS_DEBOUNCE_MS);
    expect(sent()).toEqual([['a', 'b']]);
    rows.setPinned([null, 'b']);
    clock.advance(VISIBLE_ROWS_DEBOUNCE_MS);
    expect(sent()).toEqual([
      ['a', 'b'],
      ['b', 'a'],
    ]);
  });

  it('caps the list at the server maximum, keeping the pinned rows', () => {
    const { clock, rows, sent } = setup();
    rows.setInView(Array.from({ length: SCAN_VISIBLE_MAX_IDS + 50 }, (_, i) => `r${i}`));
    rows.setPinned(['ticket', null]);
    clock.advance(VISIBLE_ROWS_DEBOUNCE_MS);
    expect(sent()[0]).toHaveLength(SCAN_VISIBLE_MAX_IDS);
    expect(sent()[0].slice(0, 2)).toEqual(['ticket', 'r0']);
  });

  it('sends the list again after a reconnect, at once', () => {
    const { t, clock, rows, sent } = setup();
    rows.setInView(['a']);
    clock.advance(VISIBLE_ROWS_DEBOUNCE_MS);
    t.socket().fire('disconnect', 'transport close');
    rows.setInView(['a', 'b']); // changed while offline: nothing can go out
    clock.advance(VISIBLE_ROWS_DEBOUNCE_MS);
    expect(sent()).toEqual([['a']]);
    t.socket().fire('connect');
    TestBed.tick();
    expect(sent()).toEqual([['a'], ['a', 'b']]);
  });

  it('keeps the server refusal and clears it on the next accepted list', () => {
    const { t, clock, rows } = setup();
    rows.setInView(['a']);
    clock.advance(VISIBLE_ROWS_DEBOUNCE_MS);
    t.socket().ack('scan.visible', { ok: false, field: 'ids', message: 'ids must hold at most 200 row ids' });
    expect(rows.lastRefusal()?.field).toBe('ids');
    rows.setInView(['b']);
    clock.advance(VISIBLE_ROWS_DEBOUNCE_MS);
    t.socket().ack('scan.visible', { ok: true, accepted: 1 });
    expect(rows.lastRefusal()).toBeNull();
  });

  it('clears the list when the page is left, and sends nothing more', () => {
    const { clock, injector, rows, sent } = setup();
    rows.setInView(['a']);
    clock.advance(VISIBLE_ROWS_DEBOUNCE_MS);
    rows.setInView(['a', 'b']); // pending when the page goes
    injector.destroy();
    clock.advance(VISIBLE_ROWS_DEBOUNCE_MS);
    expect(sent()).toEqual([['a'], []]);
  });

  it('sends nothing on leave when the server holds no list of ours', () => {
    const { injector, sent } = setup();
    injector.destroy();
    expect(sent()).toEqual([]);
  });
});
