/** Market-data lines shared by every client of the account, as IB counts them (error 101 over the limit). */
export class MarketDataLines {
  private used = 0;

  constructor(private readonly limit: number) {}

  get inUse(): number {
    return this.used;
  }

  tryAcquire(): boolean {
    if (this.used >= this.limit) return false;
    this.used++;
    return true;
  }

  release(): void {
    if (this.used > 0) this.used--;
  }
}
