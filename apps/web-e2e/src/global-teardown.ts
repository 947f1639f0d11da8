import { stopProduct } from './product';

export default async function globalTeardown(): Promise<void> {
  const product = globalThis.__ibscProduct;
  if (product) await stopProduct(product);
}
