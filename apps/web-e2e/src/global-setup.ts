import { BASE_URL_ENV, type RunningProduct, startProduct } from './product';

declare global {
  var __ibscProduct: RunningProduct | undefined;
}

/** Starts the product once for the whole run; the tests read its address from the environment. */
export default async function globalSetup(): Promise<void> {
  const product = await startProduct();
  globalThis.__ibscProduct = product;
  process.env[BASE_URL_ENV] = product.baseUrl;
}
