/**
 * Request and ticker ids: one sequence for the whole process, never reused across reconnects (a reused ticker id
 * after a gateway restart gives "322 duplicate ticker id", stoqey/ib #240). It starts far above the order ids
 * gateways hand out, so an error for an order id is never mistaken for one about a request.
 */
export class RequestIds {
  private nextId: number;

  constructor(start = 100_000_000) {
    this.nextId = start;
  }

  next(): number {
    return this.nextId++;
  }
}
